using RecSys.Data;
using RecSys.Sampling;

namespace RecSys.Tests.Sampling;

public class SamplingTests
{
    static readonly Rating[] Seen =
    {
        new(0, 0, 5, 0), new(0, 1, 5, 0), new(0, 2, 5, 0),
        new(1, 3, 5, 0),
    };

    static readonly Interactions Interactions = new(userCount: 2, itemCount: 6, Seen);

    [Fact]
    public void Negatives_are_items_the_user_never_touched()
    {
        var sampler = new NegativeSampler(Interactions, seed: 1);
        for (int i = 0; i < 500; i++)
        {
            Assert.Contains(sampler.Sample(0), new[] { 3, 4, 5 });
            Assert.NotEqual(3, sampler.Sample(1));
        }
    }

    [Fact]
    public void The_same_seed_draws_the_same_negatives()
    {
        var (_, itemsA, labelsA) = new NegativeSampler(Interactions, seed: 5).PointwiseExamples(Seen, negativesPerPositive: 4);
        var (_, itemsB, _) = new NegativeSampler(Interactions, seed: 5).PointwiseExamples(Seen, negativesPerPositive: 4);
        Assert.Equal(itemsA, itemsB);
        Assert.Equal(20, labelsA.Length);
        Assert.Equal(4, labelsA.Count(l => l == 1));
    }

    [Fact]
    public void Distinct_negatives_and_a_clear_error_when_too_many_are_asked()
    {
        var sampler = new NegativeSampler(Interactions, seed: 2);
        Assert.Equal(new[] { 3, 4, 5 }, sampler.SampleDistinct(0, 3).Order());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => sampler.SampleDistinct(0, 4));
        Assert.Contains("has only 3 items", error.Message);
    }

    [Fact]
    public void Popularity_sampling_draws_in_proportion_to_item_counts()
    {
        // Items 0..2 are touched by 1 user, item 3 by 1 user; items 4 and 5 by none: never drawn.
        var many = Enumerable.Range(0, 100).SelectMany(u => new[] { new Rating(u, 0, 5, 0), new Rating(u % 10, 1, 5, 0) }).ToArray();
        var interactions = new Interactions(userCount: 101, itemCount: 3, many);
        var sampler = new NegativeSampler(interactions, seed: 3, NegativeDistribution.Popularity);
        // User 100 has no interactions; item 0 has 100 users, item 1 has 10, item 2 none.
        int[] draws = Enumerable.Range(0, 11_000).Select(_ => sampler.Sample(100)).ToArray();
        Assert.Equal(0, draws.Count(i => i == 2));
        Assert.InRange(draws.Count(i => i == 1) / (double)draws.Length, 0.08, 0.10); // 10/110 = 0.091
    }

    [Fact]
    public void Evaluation_candidates_exclude_every_known_interaction()
    {
        var data = SharedData.MovieLens100K;
        var all = new Interactions(data.UserCount, data.ItemCount, data.Ratings);
        var heldOut = data.Ratings.GroupBy(r => r.UserIndex).Select(g => g.MaxBy(r => r.Timestamp)).ToArray();
        var candidates = EvaluationCandidates.Draw(heldOut, all, negativeCount: 99, seed: 42);
        Assert.Equal(943, candidates.Users.Length);
        for (int u = 0; u < candidates.Users.Length; u++)
        {
            Assert.Equal(99, candidates.Negatives[u].Distinct().Count());
            Assert.DoesNotContain(candidates.Negatives[u], item => all.ItemsOf(candidates.Users[u]).Contains(item));
        }
        Assert.Equal(candidates.Negatives[7], EvaluationCandidates.Draw(heldOut, all, 99, seed: 42).Negatives[7]);
    }
}
