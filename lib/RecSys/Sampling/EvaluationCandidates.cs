using RecSys.Data;

namespace RecSys.Sampling;

/// <summary>
/// For sampled ranking: each test user's held-out item followed by N items the user never interacted with
/// (in train, validation or test). NCF (He et al. 2017) uses N = 99, SASRec (Kang &amp; McAuley 2018) N = 100.
/// </summary>
public sealed record EvaluationCandidates(int[] Users, int[] HeldOutItems, int[][] Negatives, int NegativeCount)
{
    /// <summary>
    /// Draws the candidates once, seeded, so every model in a chapter is ranked against the same negatives.
    /// <paramref name="allInteractions"/> must hold every known interaction, so no true positive is drawn as a negative.
    /// </summary>
    public static EvaluationCandidates Draw(IReadOnlyList<Rating> heldOut, Interactions allInteractions, int negativeCount, int seed,
        NegativeDistribution distribution = NegativeDistribution.Uniform)
    {
        if (heldOut.Count == 0) throw new ArgumentException("There are no held-out ratings to build candidates for.", nameof(heldOut));
        var sampler = new NegativeSampler(allInteractions, seed, distribution);
        int[][] negatives = heldOut.Select(r => sampler.SampleDistinct(r.UserIndex, negativeCount)).ToArray();
        return new EvaluationCandidates(
            heldOut.Select(r => r.UserIndex).ToArray(),
            heldOut.Select(r => r.ItemIndex).ToArray(),
            negatives,
            negativeCount);
    }
}
