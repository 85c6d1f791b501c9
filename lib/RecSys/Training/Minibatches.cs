using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Training;

/// <summary>
/// Index tensors for minibatch training: each epoch is a fresh seeded permutation of 0..count-1 cut into batches.
/// Use the indices to pick rows of your data tensors (<c>users[batch]</c>). Each index tensor is disposed when the
/// loop moves on, so nothing accumulates across batches.
/// <code>
/// var batches = new Minibatches(users.shape[0], batchSize: 1024, seed: 42);
/// foreach (Tensor batch in batches.Epoch())
/// {
///     using var scope = torch.NewDisposeScope();
///     Tensor loss = model.Loss(users[batch], items[batch], ratings[batch]);
///     ...
/// }
/// </code>
/// </summary>
public sealed class Minibatches
{
    readonly Generator generator;

    public Minibatches(long count, int batchSize, int seed, bool shuffle = true)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "There is nothing to train on.");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch needs at least one example.");
        Count = count;
        BatchSize = batchSize;
        Shuffle = shuffle;
        generator = new Generator((ulong)seed);
    }

    public long Count { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }

    public int BatchesPerEpoch => (int)((Count + BatchSize - 1) / BatchSize);

    /// <summary>The batches of one epoch, in a new order each time it is called (when shuffling).</summary>
    public IEnumerable<Tensor> Epoch()
    {
        using Tensor order = Shuffle ? torch.randperm(Count, generator: generator) : torch.arange(Count);
        for (long start = 0; start < Count; start += BatchSize)
        {
            Tensor batch = order.narrow(0, start, Math.Min(BatchSize, Count - start));
            yield return batch;
            batch.Dispose();
        }
    }
}
