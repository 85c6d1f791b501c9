using RecSys.Baselines;
using RecSys.Evaluation;
using RecSys.Sequences;
using static RecSys.Tests.Sequences.SequenceFixtures;

namespace RecSys.Tests.Sequences;

public class TransitionBaselineTests
{
    /// <summary>
    /// Three users over six films (times are the positions):
    /// user 0: 0, 1, 2 | validation 3 | test 4;  user 1: 0, 1, 3 | validation 2 | test 4;  user 2: 1, 2 | validation 0 | test 3.
    /// Training pairs: 0→1 twice (users 0, 1), 1→2 twice (users 0, 2), 1→3 once. Training ratings per film:
    /// 0: 2, 1: 3, 2: 2, 3: 1, 4: 0, 5: 0, so max P = 3 and the popularity term is P / 4.
    /// </summary>
    static UserSequences ThreeUsers() => UserSequences.LeaveLastOut(
        Ratings((0, 0, 1), (0, 1, 2), (0, 2, 3), (0, 3, 4), (0, 4, 5),
                (1, 0, 1), (1, 1, 2), (1, 3, 3), (1, 2, 4), (1, 4, 5),
                (2, 1, 1), (2, 2, 2), (2, 0, 3), (2, 3, 4)),
        userCount: 3, itemCount: 6, TieBreak.ByIndex);

    [Fact]
    public void Counts_consecutive_training_pairs_only()
    {
        var transitions = TransitionBaseline.Fit(ThreeUsers());
        Assert.Equal(2, transitions.Count(0, 1));
        Assert.Equal(2, transitions.Count(1, 2));
        Assert.Equal(1, transitions.Count(1, 3));
        Assert.Equal(0, transitions.Count(0, 2));     // 0 and 2 are two steps apart: not a pair
        Assert.Equal(0, transitions.Count(2, 3));     // user 0's 2 → 3 crosses into validation: not counted
        Assert.Equal(0, transitions.Count(3, 4));     // validation → test: not counted
        Assert.Equal(new[] { 2, 3, 2, 1, 0, 0 }, Enumerable.Range(0, 6).Select(transitions.Popularity));
    }

    [Fact]
    public void Scores_are_the_counts_after_the_last_film_then_popularity()
    {
        var transitions = TransitionBaseline.Fit(ThreeUsers());
        // After film 1: C(1→b) + P(b) / 4.
        Assert.Equal(new[] { 0.5f, 0.75f, 2.5f, 1.25f, 0f, 0f }, transitions.ScoresAfter(1));
        // Film 2 never had a successor in training: popularity alone.
        Assert.Equal(new[] { 0.5f, 0.75f, 0.5f, 0.25f, 0f, 0f }, transitions.ScoresAfter(2));
    }

    [Fact]
    public void Each_stage_reads_the_last_film_of_its_input()
    {
        UserSequences sequences = ThreeUsers();
        var transitions = TransitionBaseline.Fit(sequences);
        // Validation: user 2's last training film is 2. Test: user 2's input ends with the validation film 0.
        Assert.Equal(transitions.ScoresAfter(2), transitions.ForStage(sequences, SequenceStage.Validation)(new[] { 2 }));
        Assert.Equal(transitions.ScoresAfter(0), transitions.ForStage(sequences, SequenceStage.Test)(new[] { 2 }));

        // Test ranking for user 2 (removed 1, 2, 0): after 0, film 3 (P/4 = 0.25) leads 4 and 5 (0): its test film 3 is first.
        // User 0 (removed 0–3), after 3: films 4 and 5 tie at 0, by index 4 first → its test film 4 is first too.
        // User 1 (removed 0–3), after 2: the same tie → test film 4 first.
        EvaluationResult result = SequentialProtocols.FullRanking("transitions", transitions.ForStage(sequences, SequenceStage.Test), sequences, SequenceStage.Test, k: 1, TieBreak.ByIndex);
        Assert.Equal(1.0, result["mrr"], 12);
    }
}
