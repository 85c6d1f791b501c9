using RecSys.Baselines;
using RecSys.Evaluation;

namespace RecSys.Tests.Evaluation;

public class RandomBaselineTests
{
    [Fact]
    public void A_users_random_scores_do_not_depend_on_batching_or_call_order()
    {
        const int items = 50;
        Scorer scorer = RankingBaselines.Random(items, seed: 42);
        float[] together = scorer(new[] { 3, 7 });
        float[] seven = RankingBaselines.Random(items, seed: 42)(new[] { 7 });   // a fresh scorer, user 7 alone
        float[] threeAgain = scorer(new[] { 3 });                               // the same scorer, called again

        Assert.Equal(together[items..], seven);
        Assert.Equal(together[..items], threeAgain);
        Assert.All(together, s => Assert.InRange(s, 0f, 1f));
        Assert.NotEqual(together[..items], together[items..]);                          // users differ
        Assert.NotEqual(together[..items], RankingBaselines.Random(items, seed: 43)(new[] { 3 }));   // seeds differ
    }
}
