using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Evaluation;

/// <summary>
/// Scores every item for a batch of users: returns users.Length × itemCount scores, row by row
/// (the score of item i for users[u] is at [u * itemCount + i]). Higher means recommend sooner.
/// Any model plugs in: a popularity count, a kNN, a TorchSharp module (<see cref="Scorers.ForUsers"/>).
/// </summary>
public delegate float[] Scorer(int[] users);

/// <summary>Scores (or predicts the rating of) each pair (users[i], items[i]).</summary>
public delegate float[] PairScorer(int[] users, int[] items);

public static class Scorers
{
    /// <summary>
    /// A scorer from a tensor function: the user indices become one int64 tensor on the model's device (or
    /// <paramref name="device"/>), <paramref name="scoreUsers"/> returns a (users × items) tensor, and its values
    /// come back as floats. Runs with the model in eval() mode, without gradients, inside a dispose scope.
    /// </summary>
    /// <param name="scoreUsers">Every item's score for each user in the batch, e.g. <c>model.ScoreAll</c>.</param>
    /// <param name="model">Optional: switched to eval() before scoring; its parameters tell the device.</param>
    /// <param name="device">Where the index tensor goes when there is no model; CPU by default.</param>
    public static Scorer ForUsers(Func<Tensor, Tensor> scoreUsers, nn.Module? model = null, Device? device = null)
    {
        Device target = DeviceOf(model, device);
        return users =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            model?.eval();
            Tensor scores = scoreUsers(Indices(users, target));
            return scores.cpu().data<float>().ToArray();
        };
    }

    /// <summary>
    /// A pair scorer from a tensor function of (users, items) index tensors, e.g. a rating model's predictions;
    /// the same conversions, eval() mode, no gradients and dispose scope as <see cref="ForUsers"/>.
    /// </summary>
    public static PairScorer ForPairs(Func<Tensor, Tensor, Tensor> scorePairs, nn.Module? model = null, Device? device = null)
    {
        Device target = DeviceOf(model, device);
        return (users, items) =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            model?.eval();
            Tensor scores = scorePairs(Indices(users, target), Indices(items, target));
            return scores.cpu().data<float>().ToArray();
        };
    }

    /// <summary>
    /// A full scorer from a model that scores (user, item) pairs, such as an MLP over [p_u ; q_i] that has no
    /// shortcut to every film at once: each user is paired with every item, <paramref name="usersPerChunk"/> users at
    /// a time to bound memory; the same eval() mode, no gradients and dispose scope as <see cref="ForUsers"/>.
    /// </summary>
    public static Scorer ForUsersByPairs(Func<Tensor, Tensor, Tensor> scorePairs, int itemCount, nn.Module? model = null, Device? device = null,
        int usersPerChunk = 64)
    {
        Device target = DeviceOf(model, device);
        return users =>
        {
            var scores = new float[users.Length * itemCount];
            for (int start = 0; start < users.Length; start += usersPerChunk)
            {
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                model?.eval();
                int[] chunk = users[start..Math.Min(start + usersPerChunk, users.Length)];
                Tensor pairUsers = Indices(chunk, target).repeat_interleave(itemCount);
                Tensor pairItems = torch.arange(itemCount, dtype: int64, device: target).repeat(chunk.Length);
                scorePairs(pairUsers, pairItems).cpu().data<float>().CopyTo(scores, start * itemCount);
            }
            return scores;
        };
    }

    /// <summary>
    /// A pair scorer from a full scorer: scores all items of the distinct users (up to <paramref name="usersPerCall"/>
    /// per call, so a neural scorer runs in batches rather than once per user) and keeps the asked pairs.
    /// </summary>
    public static PairScorer ToPairScorer(this Scorer scorer, int itemCount, int usersPerCall = 1024)
    {
        if (usersPerCall <= 0) throw new ArgumentOutOfRangeException(nameof(usersPerCall), usersPerCall, "Score at least one user per call.");
        return (users, items) =>
        {
            var result = new float[users.Length];
            var pairsOf = Enumerable.Range(0, users.Length).ToLookup(i => users[i]);
            foreach (int[] chunk in users.Distinct().Chunk(usersPerCall))
            {
                float[] rows = scorer(chunk);
                if (rows.Length != chunk.Length * itemCount)
                    throw new InvalidOperationException($"The scorer returned {rows.Length} scores for {chunk.Length} users × {itemCount} items.");
                for (int u = 0; u < chunk.Length; u++)
                    foreach (int i in pairsOf[chunk[u]]) result[i] = rows[u * itemCount + items[i]];
            }
            return result;
        };
    }

    static Tensor Indices(int[] indices, Device device) => torch.tensor(Array.ConvertAll(indices, i => (long)i), device: device);

    static Device DeviceOf(nn.Module? model, Device? device) =>
        device ?? model?.parameters().FirstOrDefault()?.device ?? torch.CPU;
}
