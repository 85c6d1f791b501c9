using RecSys.Data;
using RecSys.Evaluation;

namespace RecSys.Baselines;

/// <summary>The yardsticks every chapter must beat: random and most-popular ranking.</summary>
public static class RankingBaselines
{
    /// <summary>
    /// Random scores, seeded: what ranking with no knowledge at all achieves. Each score is a fixed function of
    /// (seed, user, item), so it does not depend on how users are batched or in which order they are scored.
    /// </summary>
    public static Scorer Random(int itemCount, int seed)
    {
        var keys = TieBreak.Random(seed);
        return users =>
        {
            var scores = new float[users.Length * itemCount];
            for (int u = 0; u < users.Length; u++)
                for (int item = 0; item < itemCount; item++)
                    scores[u * itemCount + item] = (keys.Key(users[u], item) >> 40) / (float)(1 << 24);   // 24 random bits in [0, 1)
            return scores;
        };
    }

    /// <summary>Every user gets the same scores: how many training ratings each item has.</summary>
    public static Scorer MostPopular(IEnumerable<Rating> train, int itemCount)
    {
        var counts = new float[itemCount];
        foreach (Rating r in train) counts[r.ItemIndex]++;
        return users =>
        {
            var scores = new float[users.Length * itemCount];
            for (int u = 0; u < users.Length; u++) counts.CopyTo(scores, u * itemCount);
            return scores;
        };
    }
}

/// <summary>
/// Rating baselines. The global mean predicts μ for everyone. The bias baseline predicts
/// r̂(u,i) = μ + b_u + b_i, with regularised item and user biases fitted in turn (Koren 2010, "Factor in the neighbors"):
/// b_i = Σ_{u∈R(i)} (r_ui − μ) / (λ_i + |R(i)|), then b_u = Σ_{i∈R(u)} (r_ui − μ − b_i) / (λ_u + |R(u)|).
/// </summary>
public sealed class BiasBaseline
{
    public BiasBaseline(float globalMean, float[] userBias, float[] itemBias)
    {
        GlobalMean = globalMean;
        UserBias = userBias;
        ItemBias = itemBias;
    }

    public float GlobalMean { get; }
    public float[] UserBias { get; }
    public float[] ItemBias { get; }

    public static BiasBaseline Fit(IReadOnlyList<Rating> train, int userCount, int itemCount, float itemShrinkage = 25, float userShrinkage = 10)
    {
        if (train.Count == 0) throw new ArgumentException("The training part is empty.", nameof(train));
        float mean = train.Average(r => r.Value);
        float[] itemBias = ShrunkMeans(train, itemCount, r => r.ItemIndex, r => r.Value - mean, itemShrinkage);
        float[] userBias = ShrunkMeans(train, userCount, r => r.UserIndex, r => r.Value - mean - itemBias[r.ItemIndex], userShrinkage);
        return new BiasBaseline(mean, userBias, itemBias);
    }

    /// <summary>A global-mean-only model: the weakest sensible rating predictor.</summary>
    public static BiasBaseline GlobalMeanOnly(IReadOnlyList<Rating> train, int userCount, int itemCount) =>
        new(train.Average(r => r.Value), new float[userCount], new float[itemCount]);

    public PairScorer Predict => (users, items) =>
        users.Select((u, i) => Math.Clamp(GlobalMean + UserBias[u] + ItemBias[items[i]], 1f, 5f)).ToArray();

    static float[] ShrunkMeans(IReadOnlyList<Rating> train, int count, Func<Rating, int> key, Func<Rating, float> residual, float shrinkage)
    {
        var sums = new double[count];
        var counts = new int[count];
        foreach (Rating r in train)
        {
            sums[key(r)] += residual(r);
            counts[key(r)]++;
        }
        return sums.Select((sum, i) => (float)(sum / (shrinkage + counts[i]))).ToArray();
    }
}
