using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Sequences;
using RecSys.Splitting;
using static RecSys.Tests.Sequences.SequenceFixtures;

namespace RecSys.Tests.Sequences;

public class UserSequencesTests
{
    [Fact]
    public void Films_are_in_time_order_with_the_last_for_test_and_the_one_before_for_validation()
    {
        UserSequences sequences = TwoUsers();

        Assert.Equal(new[] { 3, 1, 4 }, sequences.TrainingItems(0));      // 1 and 4 share a second: by index under ByIndex
        Assert.Equal(0, sequences.HeldOutItem(0, SequenceStage.Validation));
        Assert.Equal(5, sequences.HeldOutItem(0, SequenceStage.Test));
        Assert.Equal(new[] { 2, 0 }, sequences.TrainingItems(1));
        Assert.Equal(5, sequences.HeldOutItem(1, SequenceStage.Validation));
        Assert.Equal(1, sequences.HeldOutItem(1, SequenceStage.Test));
        Assert.Equal(6, sequences.PaddingIndex);
    }

    [Fact]
    public void Inputs_are_the_most_recent_films_before_the_held_out_one()
    {
        UserSequences sequences = TwoUsers();

        Assert.Equal(new[] { 3, 1, 4 }, sequences.Input(0, SequenceStage.Validation));
        Assert.Equal(new[] { 3, 1, 4, 0 }, sequences.Input(0, SequenceStage.Test));          // the validation film is read for test
        Assert.Equal(new[] { 4, 0 }, sequences.Input(0, SequenceStage.Test, maxLength: 2));
        Assert.Equal(new[] { 1, 4 }, sequences.Input(0, SequenceStage.Validation, maxLength: 2));
        // What full ranking removes: everything rated before the held-out film, whatever a model's window.
        Assert.Equal(new[] { 3, 1, 4 }, sequences.Earlier(SequenceStage.Validation).Where(r => r.UserIndex == 0).Select(r => r.ItemIndex));
        Assert.Equal(new[] { 0, 1, 3, 4 }, sequences.Earlier(SequenceStage.Test).Where(r => r.UserIndex == 0).Select(r => r.ItemIndex).Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => sequences.Input(0, SequenceStage.Test, maxLength: 0));
    }

    [Fact]
    public void Training_examples_pair_every_position_with_the_film_that_follows()
    {
        NextItemExamples examples = TwoUsers().TrainingExamples();
        Assert.Equal(new[] { 0, 1 }, examples.Users);
        Assert.Equal(new[] { 3, 1 }, examples.Inputs[0]);
        Assert.Equal(new[] { 1, 4 }, examples.Targets[0]);
        Assert.Equal(new[] { 2 }, examples.Inputs[1]);
        Assert.Equal(new[] { 0 }, examples.Targets[1]);
        Assert.Equal(3, examples.Positions);

        NextItemExamples cut = TwoUsers().TrainingExamples(maxLength: 1);
        Assert.Equal(new[] { 1 }, cut.Inputs[0]);          // the most recent position: 1 → 4
        Assert.Equal(new[] { 4 }, cut.Targets[0]);
    }

    [Fact]
    public void Users_with_fewer_than_three_ratings_train_but_are_not_evaluated()
    {
        var sequences = UserSequences.LeaveLastOut(Ratings((0, 0, 1), (0, 1, 2), (0, 2, 3), (1, 3, 1), (1, 4, 2)), 2, 5, TieBreak.ByIndex);
        Assert.Equal(new[] { 0 }, sequences.Users(SequenceStage.Test));
        Assert.Equal(new[] { 3, 4 }, sequences.TrainingItems(1));
        Assert.Null(sequences.HeldOutItem(1, SequenceStage.Validation));
    }

    [Fact]
    public void The_order_is_the_leave_last_out_splitters_on_MovieLens_with_the_seeded_tie_break()
    {
        MovieLensDataset data = SharedData.MovieLens100K;
        Split split = Splitters.LeaveLastOut(data.Ratings);
        UserSequences sequences = UserSequences.From(split, data.UserCount, data.ItemCount);

        // LeaveLastOut adds each user's training films in its time order: the sequences must be exactly those.
        var trainOrder = split.Train.GroupBy(r => r.UserIndex).ToDictionary(g => g.Key, g => g.Select(r => r.ItemIndex).ToArray());
        for (int user = 0; user < data.UserCount; user++)
            Assert.Equal(trainOrder[user], sequences.TrainingItems(user));
        Assert.Equal(data.UserCount, sequences.Users(SequenceStage.Test).Length);
        // Same-second ratings are common, so the tie-break matters: ordering ties by film index changes 261 test films.
        UserSequences byIndex = UserSequences.LeaveLastOut(data.Ratings, data.UserCount, data.ItemCount, TieBreak.ByIndex);
        int differentTests = Enumerable.Range(0, data.UserCount).Count(u => byIndex.HeldOutItem(u, SequenceStage.Test) != sequences.HeldOutItem(u, SequenceStage.Test));
        Assert.True(differentTests > 200, $"{differentTests} users' test films depend on the tie-break");
    }

    [Fact]
    public void A_split_that_is_not_leave_last_out_is_a_clear_error()
    {
        Rating[] ratings = Ratings((0, 0, 1), (0, 1, 2), (0, 2, 3), (0, 3, 4), (0, 4, 5), (0, 5, 6));
        // A random split holds out several films per user.
        Split random = Splitters.Random(ratings, new[] { 0.5, 0.5 }, seed: 1);
        var many = Assert.Throws<ArgumentException>(() => UserSequences.From(random, 1, 6));
        Assert.Contains("more than one test rating", many.Message);
        Assert.Contains("Splitters.LeaveLastOut", many.Message);

        // One held-out film per user, but not the last: film 2 is held out while 3, 4, 5 stay in training.
        var early = new Split("hand-made", ratings.Where(r => r.ItemIndex != 2).ToArray(), Array.Empty<Rating>(), ratings.Where(r => r.ItemIndex == 2).ToArray());
        var order = Assert.Throws<ArgumentException>(() => UserSequences.From(early, 1, 6));
        Assert.Contains("does not come after their last training film 5", order.Message);
    }

    [Fact]
    public void A_split_made_with_another_tie_break_is_a_clear_error()
    {
        // Films 2 and 3 share a second; under ByIndex 3 comes last of the two and is held out for validation.
        Rating[] ratings = Ratings((0, 1, 1), (0, 2, 5), (0, 3, 5), (0, 4, 9));
        Split split = Splitters.LeaveLastOut(ratings, ties: TieBreak.ByIndex);
        Assert.Equal(3, split.Validation.Single().ItemIndex);
        // A random tie-break that puts 3 before 2 disagrees with that split.
        TieBreak other = Enumerable.Range(0, 100).Select(TieBreak.Random).First(t => t.Key(0, 3) < t.Key(0, 2));
        var error = Assert.Throws<ArgumentException>(() => UserSequences.From(split, 1, 5, other));
        Assert.Contains("validation film 3 does not come after", error.Message);
        Assert.Contains("same tie-break", error.Message);
    }

    [Fact]
    public void Ratings_outside_the_given_counts_are_a_clear_error()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => UserSequences.LeaveLastOut(Ratings((0, 0, 1), (0, 1, 2), (0, 7, 3)), 1, 5));
        Assert.Contains("outside 1 users × 5 films", error.Message);
    }
}
