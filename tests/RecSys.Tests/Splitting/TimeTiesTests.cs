using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Splitting;

namespace RecSys.Tests.Splitting;

/// <summary>Ratings given in the same second: which one is "last" must not follow the item index.</summary>
public class TimeTiesTests
{
    /// <summary>One user rated items 0..9, all at the same timestamp.</summary>
    static readonly Rating[] SameSecond = Enumerable.Range(0, 10).Select(i => new Rating(0, i, 4, 1000)).ToArray();

    [Fact]
    public void Index_order_holds_out_the_highest_id_and_the_default_does_not_always()
    {
        Assert.Equal(9, Splitters.LeaveLastOut(SameSecond, withValidation: false, ties: TieBreak.ByIndex).Test.Single().ItemIndex);

        // The default is a seeded random order: the same every time, and not the index order for every seed.
        int[] heldOut = Enumerable.Range(0, 8)
            .Select(seed => Splitters.LeaveLastOut(SameSecond, withValidation: false, ties: TieBreak.Random(seed)).Test.Single().ItemIndex)
            .ToArray();
        Assert.Contains(heldOut, item => item != 9);
        Assert.Equal(Splitters.LeaveLastOut(SameSecond, withValidation: false).Test.Single(),
                     Splitters.LeaveLastOut(SameSecond, withValidation: false).Test.Single());
        Assert.Equal(heldOut[TieBreak.DefaultSeed], Splitters.LeaveLastOut(SameSecond, withValidation: false).Test.Single().ItemIndex);
    }

    [Fact]
    public void Time_still_comes_first_and_the_description_names_the_tie_rule()
    {
        // Item 0 is the latest rating; ties among the others must not move it.
        Rating[] ratings = SameSecond.Select(r => r.ItemIndex == 0 ? r with { Timestamp = 2000 } : r).ToArray();
        Split split = Splitters.LeaveLastOut(ratings, withValidation: false);
        Assert.Equal(0, split.Test.Single().ItemIndex);
        Assert.Contains("ties in random order (seed 0)", split.Description);

        Split chronological = Splitters.Chronological(SameSecond, new[] { 0.8, 0.2 }, TieBreak.ByIndex);
        Assert.Equal(new[] { 8, 9 }, chronological.Test.Select(r => r.ItemIndex).Order());
    }

    [Fact]
    public void On_ml100k_index_order_holds_out_rarer_films_than_random_order()
    {
        MovieLensDataset data = SharedData.MovieLens100K;
        int[] counts = new int[data.ItemCount];
        foreach (Rating r in data.Ratings) counts[r.ItemIndex]++;
        double MeanPopularityHeldOut(TieBreak ties) =>
            Splitters.LeaveLastOut(data.Ratings, withValidation: false, ties: ties).Test.Average(r => counts[r.ItemIndex]);
        Assert.True(MeanPopularityHeldOut(TieBreak.ByIndex) < MeanPopularityHeldOut(TieBreak.Default),
            "Index order should hold out less popular films than a random order of same-second ratings.");
    }
}
