using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Sequences;

namespace RecSys.Tests.Sequences;

/// <summary>Small hand-made histories for the sequence tests.</summary>
static class SequenceFixtures
{
    /// <summary>Ratings from (user, film, timestamp) triples; the stars do not matter to sequences.</summary>
    public static Rating[] Ratings(params (int User, int Item, long Time)[] events) =>
        events.Select(e => new Rating(e.User, e.Item, 4, e.Time)).ToArray();

    /// <summary>
    /// Two users over six films, same-second ratings ordered by film index so the order is easy to follow by hand.
    /// User 0: 3 (t 10), then 1 and 4 in the same second (t 20), 0 (t 30), 5 (t 40) → training [3, 1, 4], validation 0, test 5.
    /// User 1: 2, 0, 5, 1 → training [2, 0], validation 5, test 1.
    /// </summary>
    public static UserSequences TwoUsers() => UserSequences.LeaveLastOut(
        Ratings((0, 5, 40), (0, 4, 20), (0, 3, 10), (0, 0, 30), (0, 1, 20),
                (1, 2, 1), (1, 0, 2), (1, 5, 3), (1, 1, 4)),
        userCount: 2, itemCount: 6, ties: TieBreak.ByIndex);

    /// <summary>A scorer that returns fixed rows of scores per user.</summary>
    public static Scorer Fixed(params float[][] rows) => users => users.SelectMany(u => rows[u]).ToArray();
}
