using RecSys.Data;

namespace RecSys.Splitting;

/// <summary>Which column a stratified split groups by.</summary>
public enum StratifyBy { User, Item }

/// <summary>
/// The ways of dividing ratings into train / (validation) / test used in this series. All are deterministic for a
/// given seed. Ratios are given as two numbers (train, test) or three (train, validation, test) that sum to 1.
/// </summary>
public static class Splitters
{
    /// <summary>Shuffles all ratings and cuts them by ratio. Users and items may end up only in test (cold).</summary>
    public static Split Random(Rating[] ratings, double[] ratios, int seed)
    {
        CheckRatios(ratios);
        Rating[] shuffled = Shuffled(ratings, new Random(seed));
        return Assemble($"random {Percentages(ratios)}, seed {seed}", ratios, new[] { shuffled });
    }

    /// <summary>
    /// Splits each user's (or each item's) ratings by ratio after shuffling them, so every group keeps the same
    /// share in train as in test. Microsoft Recommenders' ML-100K benchmark uses 75/25 grouped by item with seed 42.
    /// Groups are visited in index order; each group's cut points are rounded half to even (as Python's round).
    /// </summary>
    public static Split Stratified(Rating[] ratings, double[] ratios, StratifyBy groupBy, int seed)
    {
        CheckRatios(ratios);
        var random = new Random(seed);
        Rating[][] groups = ratings
            .GroupBy(r => groupBy == StratifyBy.User ? r.UserIndex : r.ItemIndex)
            .OrderBy(g => g.Key)
            .Select(g => Shuffled(g.ToArray(), random))
            .ToArray();
        return Assemble($"stratified by {groupBy.ToString().ToLowerInvariant()} {Percentages(ratios)}, seed {seed}", ratios, groups);
    }

    /// <summary>
    /// Each user's ratings in time order: the earliest share to train, then validation, then test. This is how a
    /// deployed recommender meets the future; ties in time are broken by item index.
    /// </summary>
    public static Split Chronological(Rating[] ratings, double[] ratios)
    {
        CheckRatios(ratios);
        Rating[][] groups = ratings
            .GroupBy(r => r.UserIndex)
            .OrderBy(g => g.Key)
            .Select(g => g.OrderBy(r => r.Timestamp).ThenBy(r => r.ItemIndex).ToArray())
            .ToArray();
        return Assemble($"chronological per user {Percentages(ratios)}", ratios, groups);
    }

    /// <summary>
    /// Leave-last-out, the protocol of NCF and SASRec: per user by time, the last rating goes to test and, when
    /// <paramref name="withValidation"/>, the one before to validation. Users with fewer than
    /// <paramref name="minHistory"/> ratings keep all of them in train (and are counted in the description).
    /// Ties in time are broken by item index.
    /// </summary>
    public static Split LeaveLastOut(Rating[] ratings, bool withValidation = true, int minHistory = 3)
    {
        int heldOut = withValidation ? 2 : 1;
        if (minHistory < heldOut + 1)
            throw new ArgumentOutOfRangeException(nameof(minHistory), minHistory, $"A user needs at least {heldOut + 1} ratings to keep one in train.");
        var train = new List<Rating>();
        var validation = new List<Rating>();
        var test = new List<Rating>();
        int shortHistories = 0;
        foreach (var user in ratings.GroupBy(r => r.UserIndex).OrderBy(g => g.Key))
        {
            Rating[] history = user.OrderBy(r => r.Timestamp).ThenBy(r => r.ItemIndex).ToArray();
            if (history.Length < minHistory)
            {
                train.AddRange(history);
                shortHistories++;
                continue;
            }
            test.Add(history[^1]);
            if (withValidation) validation.Add(history[^2]);
            train.AddRange(history[..^heldOut]);
        }
        string description = $"leave-last-out per user{(withValidation ? " (last → test, one before → validation)" : "")}, " +
                             $"min history {minHistory}; {shortHistories} users with shorter histories kept in train only";
        return new Split(description, train.ToArray(), validation.ToArray(), test.ToArray());
    }

    /// <summary>The official ML-100K fold u{fold}.base / u{fold}.test (1–5), for results comparable to published tables.</summary>
    public static Split OfficialFold(MovieLensDataset data, int fold)
    {
        (Rating[] train, Rating[] test) = MovieLens100K.OfficialFold(data, fold);
        return new Split($"ML-100K official fold u{fold}", train, Array.Empty<Rating>(), test);
    }

    /// <summary>
    /// Cuts every group by ratio and concatenates the pieces: part p of group g is
    /// <c>group[round(c[p-1]·n) .. round(c[p]·n))</c> where c are the cumulative ratios.
    /// </summary>
    static Split Assemble(string description, double[] ratios, IEnumerable<Rating[]> groups)
    {
        var parts = ratios.Select(_ => new List<Rating>()).ToArray();
        foreach (Rating[] group in groups)
        {
            int start = 0;
            double cumulative = 0;
            for (int p = 0; p < ratios.Length; p++)
            {
                cumulative += ratios[p];
                int end = p == ratios.Length - 1 ? group.Length : (int)Math.Round(cumulative * group.Length, MidpointRounding.ToEven);
                parts[p].AddRange(group[start..end]);
                start = end;
            }
        }
        Rating[] train = parts[0].ToArray(), test = parts[^1].ToArray();
        Rating[] validation = ratios.Length == 3 ? parts[1].ToArray() : Array.Empty<Rating>();
        return new Split(description, train, validation, test);
    }

    /// <summary>Fisher–Yates shuffle of a copy.</summary>
    static Rating[] Shuffled(Rating[] ratings, Random random)
    {
        Rating[] copy = (Rating[])ratings.Clone();
        for (int i = copy.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy;
    }

    static void CheckRatios(double[] ratios)
    {
        if (ratios.Length is not (2 or 3) || ratios.Any(r => r <= 0) || Math.Abs(ratios.Sum() - 1) > 1e-9)
            throw new ArgumentException(
                $"Ratios must be two (train, test) or three (train, validation, test) positive numbers summing to 1; got [{string.Join(", ", ratios)}].",
                nameof(ratios));
    }

    static string Percentages(double[] ratios) => string.Join("/", ratios.Select(r => Math.Round(r * 100).ToString("0")));
}
