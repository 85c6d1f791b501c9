namespace RecSys.Evaluation;

/// <summary>
/// Scores every item for a batch of users: returns users.Length × itemCount scores, row by row
/// (the score of item i for users[u] is at [u * itemCount + i]). Higher means recommend sooner.
/// Any model plugs in: a popularity count, a kNN, a TorchSharp module (<c>model.forward(users).data&lt;float&gt;().ToArray()</c>).
/// </summary>
public delegate float[] Scorer(int[] users);

/// <summary>Scores (or predicts the rating of) each pair (users[i], items[i]).</summary>
public delegate float[] PairScorer(int[] users, int[] items);

public static class Scorers
{
    /// <summary>A pair scorer from a full scorer: scores all items of each user, keeps the asked ones.</summary>
    public static PairScorer ToPairScorer(this Scorer scorer, int itemCount) => (users, items) =>
    {
        var result = new float[users.Length];
        foreach (var group in Enumerable.Range(0, users.Length).GroupBy(i => users[i]))
        {
            float[] row = scorer(new[] { group.Key });
            foreach (int i in group) result[i] = row[items[i]];
        }
        return result;
    };
}
