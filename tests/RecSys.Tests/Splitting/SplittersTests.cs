using RecSys.Data;
using RecSys.Splitting;

namespace RecSys.Tests.Splitting;

public class SplittersTests
{
    /// <summary>User u rated items 0..(u+3) at times 100·u + item: user 0 has 4 ratings, user 1 has 5, user 2 has 6.</summary>
    static readonly Rating[] Small = Enumerable.Range(0, 3)
        .SelectMany(u => Enumerable.Range(0, u + 4).Select(i => new Rating(u, i, 1 + i % 5, 100 * u + i)))
        .ToArray();

    static void AssertPartition(Rating[] input, Split split)
    {
        Rating[] all = split.Train.Concat(split.Validation).Concat(split.Test).ToArray();
        Assert.Equal(input.Length, all.Length);
        Assert.Equal(input.ToHashSet(), all.ToHashSet()); // each rating exactly once
    }

    [Fact]
    public void Random_split_cuts_by_ratio_and_repeats_with_the_seed()
    {
        Split split = Splitters.Random(Small, new[] { 0.6, 0.2, 0.2 }, seed: 42);
        AssertPartition(Small, split);
        Assert.Equal((9, 3, 3), (split.Train.Length, split.Validation.Length, split.Test.Length)); // 15 ratings
        Assert.Equal(split.Test, Splitters.Random(Small, new[] { 0.6, 0.2, 0.2 }, seed: 42).Test);
        Assert.NotEqual(split.Test, Splitters.Random(Small, new[] { 0.6, 0.2, 0.2 }, seed: 43).Test);
    }

    [Fact]
    public void Stratified_split_keeps_each_groups_share_rounding_half_to_even()
    {
        Split split = Splitters.Stratified(Small, new[] { 0.75, 0.25 }, StratifyBy.User, seed: 1);
        AssertPartition(Small, split);
        // 0.75 × 4 = 3, 0.75 × 5 = 3.75 → 4, 0.75 × 6 = 4.5 → 4 (half to even).
        Assert.Equal(new[] { 3, 4, 4 }, Enumerable.Range(0, 3).Select(u => split.Train.Count(r => r.UserIndex == u)));
        Assert.Equal("stratified by user 75/25, seed 1, rounded cut (round(ratio·n), half to even)", split.Description);
    }

    [Fact]
    public void Stratified_by_item_keeps_every_item_in_train()
    {
        Split split = Splitters.Stratified(SharedData.MovieLens100K.Ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 42);
        AssertPartition(SharedData.MovieLens100K.Ratings, split);
        Assert.Equal(0, split.Report.ColdTestItems);
        Assert.Equal((75_066, 24_934), (split.Train.Length, split.Test.Length));
    }

    [Fact]
    public void Chronological_split_puts_each_users_earliest_ratings_in_train()
    {
        Split split = Splitters.Chronological(Small, new[] { 0.5, 0.5 });
        AssertPartition(Small, split);
        foreach (int user in Enumerable.Range(0, 3))
            Assert.True(split.Train.Where(r => r.UserIndex == user).Max(r => r.Timestamp)
                        < split.Test.Where(r => r.UserIndex == user).Min(r => r.Timestamp));
        // User 0: 2 of 4; user 1: round(2.5) = 2 of 5; user 2: 3 of 6.
        Assert.Equal(7, split.Train.Length);
    }

    [Fact]
    public void Leave_last_out_holds_out_each_users_latest_and_the_one_before()
    {
        Split split = Splitters.LeaveLastOut(Small, withValidation: true, minHistory: 5);
        AssertPartition(Small, split);
        // User 0 has 4 ratings < 5: all in train. Users 1 and 2: last item to test, the one before to validation.
        Assert.Equal(new[] { new Rating(1, 4, 5, 104), new Rating(2, 5, 1, 205) }, split.Test);
        Assert.Equal(new[] { new Rating(1, 3, 4, 103), new Rating(2, 4, 5, 204) }, split.Validation);
        Assert.Contains("1 users with shorter histories kept in train only", split.Description);
        Assert.Throws<ArgumentOutOfRangeException>(() => Splitters.LeaveLastOut(Small, withValidation: true, minHistory: 2));
    }

    [Fact]
    public void Reports_users_and_items_unseen_in_train()
    {
        var train = new[] { new Rating(0, 0, 5, 1) };
        var test = new[] { new Rating(0, 1, 4, 2), new Rating(1, 0, 3, 3) };
        var split = new Split("hand-made", train, Array.Empty<Rating>(), test);
        Assert.Equal(1, split.Report.ColdTestUsers);  // user 1
        Assert.Equal(1, split.Report.ColdTestItems);  // item 1
        Assert.Contains("test has 2 users (1 unseen in train) and 2 items (1 unseen in train)", split.Report.ToString());
    }

    [Fact]
    public void Bad_ratios_and_empty_parts_are_clear_errors()
    {
        var error = Assert.Throws<ArgumentException>(() => Splitters.Random(Small, new[] { 0.8, 0.3 }, 1));
        Assert.Contains("summing to 1; got [0.8, 0.3]", error.Message);
        var empty = Assert.Throws<ArgumentException>(() => Splitters.Random(Small[..1], new[] { 0.5, 0.5 }, 1));
        Assert.Contains("left the", empty.Message);
    }

    [Fact]
    public void Official_fold_is_a_split_with_no_validation_part()
    {
        Split split = Splitters.OfficialFold(SharedData.MovieLens100K, 1);
        Assert.Equal((80_000, 0, 20_000), (split.Train.Length, split.Validation.Length, split.Test.Length));
        Assert.Equal("ML-100K official fold u1", split.Description);
    }
}
