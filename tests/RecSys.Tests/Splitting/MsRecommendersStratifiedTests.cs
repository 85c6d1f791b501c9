using RecSys.Data;
using RecSys.Splitting;

namespace RecSys.Tests.Splitting;

/// <summary>
/// <see cref="Splitters.StratifiedLikeMsRecommenders"/> against the rule of Microsoft Recommenders'
/// <c>python_stratified_split</c> (recommenders-team/recommenders, recommenders/datasets/python_splitters.py,
/// <c>_do_stratification</c>, read at commit 182ce901dce3e7dd31a41804556b06ea4df7868f): shuffle, rank each group's
/// rows 1..n, a row goes to train iff rank / n ≤ ratio. The counts below follow from that rule by hand.
/// </summary>
public class MsRecommendersStratifiedTests
{
    /// <summary>Item g (0..5) has g + 1 ratings, one from each of users 0..g: groups of 1 to 6 ratings, 21 in all.</summary>
    static readonly Rating[] GroupsOfOneToSix = Enumerable.Range(0, 6)
        .SelectMany(item => Enumerable.Range(0, item + 1).Select(user => new Rating(user, item, 1 + user % 5, 10 * item + user)))
        .ToArray();

    static int[] CountPerItem(Rating[] part) =>
        Enumerable.Range(0, 6).Select(item => part.Count(r => r.ItemIndex == item)).ToArray();

    [Fact]
    public void A_rating_goes_to_train_iff_its_rank_over_the_group_size_is_at_most_the_ratio()
    {
        Split split = Splitters.StratifiedLikeMsRecommenders(GroupsOfOneToSix, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 7);
        // n = 1: 1/1 > 0.75 → 0 in train.   n = 2: 1/2 ≤ 0.75 < 2/2 → 1.   n = 3: 2/3 ≤ 0.75 < 3/3 → 2.
        // n = 4: 3/4 ≤ 0.75 (equal counts) → 3.   n = 5: 3/5 ≤ 0.75 < 4/5 → 3.   n = 6: 4/6 ≤ 0.75 < 5/6 → 4.
        Assert.Equal(new[] { 0, 1, 2, 3, 3, 4 }, CountPerItem(split.Train));
        Assert.Equal(new[] { 1, 1, 1, 1, 2, 2 }, CountPerItem(split.Test));
        Assert.Equal(GroupsOfOneToSix.ToHashSet(), split.Train.Concat(split.Test).ToHashSet());
        Assert.Equal(1, split.Report.ColdTestItems); // item 0, its only rating in test
        Assert.Equal("stratified by item 75/25, seed 7, MS Recommenders rule (train iff rank/n ≤ 0.75)", split.Description);
    }

    [Fact]
    public void The_rounded_cut_of_Stratified_differs_on_the_same_groups()
    {
        Split split = Splitters.Stratified(GroupsOfOneToSix, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 7);
        // round(0.75), round(1.5), round(2.25), round(3), round(3.75), round(4.5) half to even.
        Assert.Equal(new[] { 1, 2, 2, 3, 4, 4 }, CountPerItem(split.Train));
    }

    [Fact]
    public void Three_ratios_cut_at_the_cumulative_sums()
    {
        Split split = Splitters.StratifiedLikeMsRecommenders(GroupsOfOneToSix, new[] { 0.6, 0.2, 0.2 }, StratifyBy.Item, seed: 3);
        // Train iff rank/n ≤ 0.6; validation iff 0.6 < rank/n ≤ 0.8; test the rest.
        // n = 1: 0 / 0 / 1.  n = 2: 1 (0.5) / 0 / 1.  n = 3: 1 (0.33) / 1 (0.67) / 1.
        // n = 4: 2 (0.5) / 1 (0.75) / 1.  n = 5: 3 (0.6) / 1 (0.8) / 1.  n = 6: 3 (0.5) / 1 (0.67) / 2.
        Assert.Equal(new[] { 0, 1, 1, 2, 3, 3 }, CountPerItem(split.Train));
        Assert.Equal(new[] { 0, 0, 1, 1, 1, 1 }, CountPerItem(split.Validation));
        Assert.Equal(new[] { 1, 1, 1, 1, 1, 2 }, CountPerItem(split.Test));
        Assert.Contains("MS Recommenders rule (train iff rank/n ≤ 0.6, validation iff ≤ 0.8)", split.Description);
    }

    [Fact]
    public void No_rating_is_lost_when_the_ratios_sum_to_just_below_one_in_floating_point()
    {
        // 0.7 + 0.2 + 0.1 sums to 0.9999999999999999: their last part would drop each group's last-ranked rating.
        Split split = Splitters.StratifiedLikeMsRecommenders(GroupsOfOneToSix, new[] { 0.7, 0.2, 0.1 }, StratifyBy.Item, seed: 3);
        Assert.Equal(GroupsOfOneToSix.Length, split.Train.Length + split.Validation.Length + split.Test.Length);
        Assert.Equal(GroupsOfOneToSix.ToHashSet(), split.Train.Concat(split.Validation).Concat(split.Test).ToHashSet());
    }

    [Fact]
    public void The_seed_chooses_which_ratings_but_not_how_many()
    {
        Rating[] ratings = SharedData.MovieLens100K.Ratings;
        Split a = Splitters.StratifiedLikeMsRecommenders(ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 42);
        Split b = Splitters.StratifiedLikeMsRecommenders(ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 42);
        Split c = Splitters.StratifiedLikeMsRecommenders(ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 43);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Test.ToHashSet(), c.Test.ToHashSet());
        Assert.Equal(a.Test.Length, c.Test.Length);
    }

    [Fact]
    public void MovieLens_100K_by_item_75_25_gives_the_benchmarks_row_counts_with_single_rating_items_in_test()
    {
        Rating[] ratings = SharedData.MovieLens100K.Ratings;
        Split split = Splitters.StratifiedLikeMsRecommenders(ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 42);

        Assert.Equal((74_331, 25_669), (split.Train.Length, split.Test.Length));
        Assert.Equal(ratings.ToHashSet(), split.Train.Concat(split.Test).ToHashSet());
        int[] singleRatingItems = ratings.GroupBy(r => r.ItemIndex).Where(g => g.Count() == 1).Select(g => g.Key).ToArray();
        Assert.Equal(141, singleRatingItems.Length);
        var testItems = split.Test.Select(r => r.ItemIndex).ToHashSet();
        Assert.All(singleRatingItems, item => Assert.Contains(item, testItems));
        Assert.Equal(141, split.Report.ColdTestItems); // exactly those: every item with 2+ ratings keeps one in train
    }
}
