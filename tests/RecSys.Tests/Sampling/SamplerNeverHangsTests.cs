using RecSys.Data;
using RecSys.Sampling;

namespace RecSys.Tests.Sampling;

/// <summary>
/// Popularity sampling gives weight 0 to items nobody interacted with, so a user who interacted with every other
/// item has no negative it can draw. Each call runs in a task with a time limit, so a regression (rejection
/// sampling that redraws forever) fails the test instead of hanging the run.
/// </summary>
public class SamplerNeverHangsTests
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    // Items 0 and 1 are interacted with; items 2 and 3 by nobody. User 0 has both popular items, user 1 only item 0.
    static readonly Interactions TwoOfFourItemsPopular = new(userCount: 2, itemCount: 4,
        new[] { new Rating(0, 0, 5, 0), new Rating(0, 1, 4, 0), new Rating(1, 0, 3, 0) });

    static TException ThrowsWithin<TException>(Action action) where TException : Exception
    {
        Task task = Task.Run(action);
        bool finished = ((IAsyncResult)task).AsyncWaitHandle.WaitOne(Limit);
        Assert.True(finished, $"Sampling did not finish within {Limit.TotalSeconds} s: it loops instead of reporting that no negative can be drawn.");
        return Assert.Throws<TException>(() => task.GetAwaiter().GetResult());
    }

    [Fact]
    public void A_user_with_no_drawable_negative_gets_a_clear_error_not_an_endless_loop()
    {
        var sampler = new NegativeSampler(TwoOfFourItemsPopular, seed: 1, NegativeDistribution.Popularity);
        var error = ThrowsWithin<InvalidOperationException>(() => sampler.Sample(0));
        Assert.Contains("User 0 has no negative that popularity sampling can draw", error.Message);
        Assert.Contains("the 2 items they have not interacted with were interacted with by no one", error.Message);
        Assert.Contains("NegativeDistribution.Uniform", error.Message);
        Assert.Equal(0, sampler.DrawableNegatives(0));

        // The same user under uniform sampling, and another user under popularity sampling, still draw.
        Assert.Contains(new NegativeSampler(TwoOfFourItemsPopular, seed: 1).Sample(0), new[] { 2, 3 });
        Assert.Equal(1, sampler.Sample(1));
    }

    [Fact]
    public void Training_examples_for_such_a_user_fail_fast_too()
    {
        var sampler = new NegativeSampler(TwoOfFourItemsPopular, seed: 1, NegativeDistribution.Popularity);
        Rating[] positives = { new(0, 0, 5, 0) };
        ThrowsWithin<InvalidOperationException>(() => sampler.PairwiseExamples(positives));
        ThrowsWithin<InvalidOperationException>(() => sampler.PointwiseExamples(positives, negativesPerPositive: 4));
    }

    [Fact]
    public void Asking_for_more_distinct_negatives_than_the_distribution_can_draw_is_a_clear_error()
    {
        // User 1 has 3 uniform negatives (1, 2, 3) but only 1 with popularity weight (item 1).
        var sampler = new NegativeSampler(TwoOfFourItemsPopular, seed: 1, NegativeDistribution.Popularity);
        var error = ThrowsWithin<ArgumentOutOfRangeException>(() => sampler.SampleDistinct(1, 2));
        Assert.Contains("User 1 has only 1 items to draw negatives from (2 more items were interacted with by no one", error.Message);
        Assert.Equal(new[] { 1 }, sampler.SampleDistinct(1, 1));

        var heldOut = new[] { new Rating(1, 0, 3, 0) };
        ThrowsWithin<ArgumentOutOfRangeException>(() =>
            EvaluationCandidates.Draw(heldOut, TwoOfFourItemsPopular, negativeCount: 2, seed: 1, NegativeDistribution.Popularity));
    }

    [Fact]
    public void Popularity_sampling_never_draws_an_item_of_weight_zero()
    {
        // Weights 1, 0, 0, 2, 0: draws only items 0 and 3, about 1 : 2.
        var ratings = new[] { new Rating(0, 0, 5, 0), new Rating(0, 3, 5, 0), new Rating(1, 3, 5, 0) };
        var sampler = new NegativeSampler(new Interactions(userCount: 3, itemCount: 5, ratings), seed: 9, NegativeDistribution.Popularity);
        int[] draws = Enumerable.Range(0, 3_000).Select(_ => sampler.Sample(2)).ToArray();
        Assert.Equal(new[] { 0, 3 }, draws.Distinct().Order());
        Assert.InRange(draws.Count(i => i == 3) / 3_000.0, 0.62, 0.71);
    }
}
