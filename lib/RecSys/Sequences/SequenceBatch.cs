using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Sequences;

/// <summary>
/// Sequences of different lengths as one rectangular batch: <see cref="Items"/> (batch × length, int64) holds each
/// row's films followed by the padding index up to the longest row; <see cref="Mask"/> (bool) is true at real
/// positions; <see cref="Targets"/>, when given, holds the film that follows each position (the padding index at
/// padded positions); <see cref="Lengths"/> counts each row's real positions.
/// <para>
/// Padding goes on the right, after the films, because both sequence models of the series read left to right:
/// a recurrent network computes every real position's state before it meets any padding, so padding cannot reach a
/// real state (on the left it would run through the padding first: even an all-zero embedding moves a GRU's state
/// through its biases). Self-attention with a causal mask sees the same guarantee, and its first position is
/// always a real film, so no row attends to nothing (left padding with a causal mask leaves fully masked rows,
/// whose softmax over −∞ gives NaN that reaches the gradients). The price: the state to predict from sits in a
/// different column for each row, <see cref="Lengths"/> − 1, which <see cref="AtLastPosition"/> picks out.
/// </para>
/// The loss must use only positions where <see cref="Mask"/> is true, and so must any metric.
/// </summary>
public sealed record SequenceBatch(Tensor Items, Tensor? Targets, Tensor Mask, Tensor Lengths)
{
    /// <summary>
    /// Pads <paramref name="inputs"/> (and <paramref name="targets"/>, one per input position) on the right with
    /// <paramref name="paddingIndex"/> and moves them to <paramref name="device"/> as one tensor each. Films must lie
    /// in 0 … paddingIndex − 1; every row needs at least one film.
    /// </summary>
    public static SequenceBatch Pad(IReadOnlyList<int[]> inputs, IReadOnlyList<int[]>? targets, int paddingIndex, Device? device = null)
    {
        if (inputs.Count == 0) throw new ArgumentException("The batch has no sequences.", nameof(inputs));
        if (targets != null && targets.Count != inputs.Count)
            throw new ArgumentException($"{targets.Count} target rows for {inputs.Count} input rows: give one target row per input row.", nameof(targets));
        int length = inputs.Max(s => s.Length);
        var items = new long[inputs.Count * length];
        var next = new long[targets == null ? 0 : inputs.Count * length];
        var mask = new bool[inputs.Count * length];
        var lengths = new long[inputs.Count];
        Array.Fill(items, paddingIndex);
        Array.Fill(next, paddingIndex);
        for (int row = 0; row < inputs.Count; row++)
        {
            int[] sequence = inputs[row];
            if (sequence.Length == 0) throw new ArgumentException($"Sequence {row} is empty: every row needs at least one film to predict from.", nameof(inputs));
            if (targets != null && targets[row].Length != sequence.Length)
                throw new ArgumentException($"Row {row} has {sequence.Length} films but {targets[row].Length} targets: give one target per position.", nameof(targets));
            lengths[row] = sequence.Length;
            for (int t = 0; t < sequence.Length; t++)
            {
                int offset = row * length + t;
                items[offset] = Checked(sequence[t], paddingIndex, row, t);
                mask[offset] = true;
                if (targets != null) next[offset] = Checked(targets[row][t], paddingIndex, row, t);
            }
        }
        long[] shape = { inputs.Count, length };
        return new SequenceBatch(
            torch.tensor(items, shape, device: device),
            targets == null ? null : torch.tensor(next, shape, device: device),
            torch.tensor(mask, shape, device: device),
            torch.tensor(lengths, device: device));
    }

    /// <summary>How many sequences the batch holds.</summary>
    public long Size => Items.shape[0];

    /// <summary>
    /// Each row's state at its last real position: (batch × length × size) → (batch × size). This is what predicts
    /// the film after the whole sequence.
    /// </summary>
    public Tensor AtLastPosition(Tensor states)
    {
        Tensor last = (Lengths - 1).view(-1, 1, 1).expand(-1, 1, states.shape[2]);
        return states.gather(1, last).squeeze(1);
    }

    static long Checked(int item, int paddingIndex, int row, int position) =>
        (uint)item < (uint)paddingIndex
            ? item
            : throw new ArgumentOutOfRangeException(nameof(item), item, $"Row {row}, position {position}: film {item} is outside 0 … {paddingIndex - 1} (the padding index is {paddingIndex}).");
}

/// <summary>
/// Next-item training examples (<see cref="UserSequences.TrainingExamples"/>): for each user, the input films and,
/// at every position, the film that follows. <see cref="Batch"/> turns a minibatch of example indices into a
/// padded <see cref="SequenceBatch"/>.
/// </summary>
public sealed record NextItemExamples(int[] Users, int[][] Inputs, int[][] Targets, int PaddingIndex)
{
    /// <summary>How many examples (users) there are: the count to give <see cref="Training.Minibatches"/>.</summary>
    public int Count => Users.Length;

    /// <summary>How many positions have a target: the terms of one epoch's loss.</summary>
    public long Positions => Inputs.Sum(s => (long)s.Length);

    /// <summary>The examples at <paramref name="rows"/> (int64 indices, e.g. one batch of <see cref="Training.Minibatches"/>), padded, on <paramref name="device"/>.</summary>
    public SequenceBatch Batch(Tensor rows, Device? device = null)
    {
        long[] picked = rows.cpu().data<long>().ToArray();
        return SequenceBatch.Pad(
            picked.Select(r => Inputs[r]).ToArray(),
            picked.Select(r => Targets[r]).ToArray(),
            PaddingIndex, device);
    }
}
