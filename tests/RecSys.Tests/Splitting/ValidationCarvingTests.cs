using RecSys.Data;
using RecSys.Splitting;

namespace RecSys.Tests.Splitting;

/// <summary>
/// <see cref="Splitters.WithValidation(Split, Func{Rating[], Split})"/>: validation comes from the split's own
/// training part, so nothing chosen on it has seen the split's test part.
/// </summary>
public class ValidationCarvingTests
{
    static HashSet<(int, int)> Pairs(IEnumerable<Rating> ratings) => ratings.Select(r => (r.UserIndex, r.ItemIndex)).ToHashSet();

    static void AssertCarvedFrom(Split original, Split carved)
    {
        Assert.Equal(original.Test, carved.Test);                        // test unchanged
        Assert.Empty(Pairs(carved.Validation).Intersect(Pairs(carved.Test))); // no test (user, item) pair in validation
        Assert.Empty(Pairs(carved.Validation).Intersect(Pairs(carved.Train)));
        Assert.Equal(original.Train.Length, carved.Train.Length + carved.Validation.Length);
        Assert.Equal(original.Train.ToHashSet(), carved.Train.Concat(carved.Validation).ToHashSet()); // validation ∪ train = original train
    }

    [Fact]
    public void Every_official_folds_validation_is_disjoint_from_that_folds_test_part()
    {
        foreach (int fold in Enumerable.Range(1, 5))
        {
            Split official = Splitters.OfficialFold(SharedData.MovieLens100K, fold);
            Split carved = Splitters.WithValidation(official, fraction: 0.05, seed: 42);
            AssertCarvedFrom(official, carved);
            Assert.Equal((76_000, 4_000, 20_000), (carved.Train.Length, carved.Validation.Length, carved.Test.Length));
            Assert.Equal($"ML-100K official fold u{fold}; validation carved from its train: random 95/5, seed 42", carved.Description);
        }
    }

    [Fact]
    public void A_validation_carved_from_u1_base_holds_test_ratings_of_the_other_folds()
    {
        // Why each fold needs its own carve: u1.base is u2.test ∪ … ∪ u5.test.
        Split u1 = Splitters.WithValidation(Splitters.OfficialFold(SharedData.MovieLens100K, 1), fraction: 0.05, seed: 42);
        foreach (int fold in Enumerable.Range(2, 4))
            Assert.NotEmpty(Pairs(u1.Validation).Intersect(Pairs(Splitters.OfficialFold(SharedData.MovieLens100K, fold).Test)));
    }

    [Fact]
    public void The_benchmark_split_gets_a_validation_stratified_by_item_from_its_own_train()
    {
        Split benchmark = Splitters.StratifiedLikeMsRecommenders(SharedData.MovieLens100K.Ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 42);
        Split carved = Splitters.WithValidation(benchmark,
            train => Splitters.StratifiedLikeMsRecommenders(train, new[] { 0.9, 0.1 }, StratifyBy.Item, seed: 42));
        AssertCarvedFrom(benchmark, carved);
        Assert.EndsWith("validation carved from its train: stratified by item 90/10, seed 42, MS Recommenders rule (train iff rank/n ≤ 0.9)",
            carved.Description);
    }

    [Fact]
    public void A_carve_that_splits_anything_but_the_given_training_part_is_refused()
    {
        Split official = Splitters.OfficialFold(SharedData.MovieLens100K, 1);
        Rating[] everything = SharedData.MovieLens100K.Ratings;
        var leak = Assert.Throws<ArgumentException>(() =>
            Splitters.WithValidation(official, _ => Splitters.Random(everything, new[] { 0.95, 0.05 }, 1)));
        Assert.Contains("must divide exactly the training part it is given (80,000 ratings", leak.Message);
        Assert.Contains("20,000 of them not in that training part", leak.Message);

        var threeParts = Assert.Throws<ArgumentException>(() =>
            Splitters.WithValidation(official, train => Splitters.Random(train, new[] { 0.8, 0.1, 0.1 }, 1)));
        Assert.Contains("returned three parts", threeParts.Message);

        Split carved = Splitters.WithValidation(official, 0.05, seed: 1);
        Assert.Throws<ArgumentException>(() => Splitters.WithValidation(carved, 0.05, seed: 1)); // already has validation
        Assert.Throws<ArgumentOutOfRangeException>(() => Splitters.WithValidation(official, 1.5, seed: 1));
    }
}
