using System.Globalization;
using RecSys.Data;
using RecSys.Evaluation;

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
        return Assemble($"random {Percentages(ratios)}, seed {seed}", ratios, new[] { shuffled }, RoundedCut);
    }

    /// <summary>
    /// Splits each user's (or each item's) ratings by ratio after shuffling them, so every group keeps about the
    /// same share in train as in test. Groups are visited in index order; each group of n ratings is cut at
    /// round(cumulative ratio · n), rounded half to even (as Python's round), so a group of one rating stays in
    /// train. Earlier versions of Microsoft Recommenders' <c>python_stratified_split</c> cut this way; their current
    /// code uses <see cref="StratifiedLikeMsRecommenders"/>'s rule.
    /// </summary>
    public static Split Stratified(Rating[] ratings, double[] ratios, StratifyBy groupBy, int seed)
    {
        CheckRatios(ratios);
        string description = $"stratified by {Name(groupBy)} {Percentages(ratios)}, seed {seed}, rounded cut (round(ratio·n), half to even)";
        return Assemble(description, ratios, ShuffledGroups(ratings, groupBy, seed), RoundedCut);
    }

    /// <summary>
    /// Microsoft Recommenders' stratified split as their current <c>python_stratified_split</c> makes it (their
    /// ML-100K benchmark uses 75/25 grouped by item, seed 42). Each group is shuffled and its ratings ranked 1..n; a
    /// rating goes to train iff rank / n ≤ the train ratio (with three ratios: to validation iff it is above the
    /// train ratio and ≤ train + validation; the rest to test). So a group of n ratings keeps the largest k with
    /// k / n ≤ ratio in train: at 75/25 a group of 1 goes wholly to test, 2 → 1 in train, 3 → 2, 4 → 3, 5 → 3.
    /// Only which ratings are chosen depends on the random-number generator (theirs is NumPy's, ours .NET's); the
    /// count per group does not. One deliberate difference: their last part is "rank / n ≤ the sum of the ratios",
    /// and floating-point sums such as 0.7 + 0.2 + 0.1 = 0.9999999999999999 then drop each group's last rating;
    /// here the last part takes every rating above the previous cut, so no rating is lost.
    /// </summary>
    public static Split StratifiedLikeMsRecommenders(Rating[] ratings, double[] ratios, StratifyBy groupBy, int seed)
    {
        CheckRatios(ratios);
        string description = $"stratified by {Name(groupBy)} {Percentages(ratios)}, seed {seed}, MS Recommenders rule ({RankRule(ratios)})";
        return Assemble(description, ratios, ShuffledGroups(ratings, groupBy, seed), RankOverCountCut);
    }

    /// <summary>
    /// Carves a validation part out of <paramref name="split"/>'s own training part, so that whatever is chosen on
    /// validation (hyperparameters, epochs, thresholds) has never seen a rating of the split's test part.
    /// <paramref name="splitTrain"/> divides the training ratings it is given in two; its first part stays train
    /// and its second becomes validation. The test part is kept unchanged. For example
    /// <c>Splitters.WithValidation(fold, train =&gt; Splitters.Random(train, new[] { 0.95, 0.05 }, seed))</c>, or for
    /// the benchmark split <c>train =&gt; Splitters.StratifiedLikeMsRecommenders(train, new[] { 0.9, 0.1 }, StratifyBy.Item, seed)</c>.
    /// </summary>
    public static Split WithValidation(Split split, Func<Rating[], Split> splitTrain)
    {
        if (split.Validation.Length > 0)
            throw new ArgumentException(
                $"The split \"{split.Description}\" already has a validation part ({split.Validation.Length:N0} ratings); carve from a train/test split.",
                nameof(split));
        Split carved = splitTrain(split.Train);
        if (carved.Validation.Length > 0)
            throw new ArgumentException(
                $"splitTrain must divide the training part in two (train, validation) but returned three parts (\"{carved.Description}\"); give it two ratios.",
                nameof(splitTrain));
        int foreign = CountNotIn(carved.Train.Concat(carved.Test), split.Train);
        if (foreign > 0 || carved.Train.Length + carved.Test.Length != split.Train.Length)
            throw new ArgumentException(
                $"splitTrain must divide exactly the training part it is given ({split.Train.Length:N0} ratings of \"{split.Description}\"), " +
                $"but returned {carved.Train.Length + carved.Test.Length:N0} ratings, {foreign:N0} of them not in that training part. " +
                "Split the ratings passed to it, not the whole data set: anything else can leak test ratings into validation.",
                nameof(splitTrain));
        return new Split($"{split.Description}; validation carved from its train: {carved.Description}", carved.Train, carved.Test, split.Test);
    }

    /// <summary>
    /// <see cref="WithValidation(Split, Func{Rating[], Split})"/> with a random carve: a share
    /// <paramref name="fraction"/> of the training ratings, drawn with <paramref name="seed"/>, becomes validation.
    /// </summary>
    public static Split WithValidation(Split split, double fraction, int seed)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must lie strictly between 0 and 1, e.g. 0.05.");
        return WithValidation(split, train => Random(train, new[] { 1 - fraction, fraction }, seed));
    }

    /// <summary>
    /// Each user's ratings in time order: the earliest share to train, then validation, then test. This is how a
    /// deployed recommender meets the future. Ratings with the same timestamp are ordered by <paramref name="ties"/>
    /// (a seeded random order by default; see <see cref="InTimeOrder"/>).
    /// </summary>
    public static Split Chronological(Rating[] ratings, double[] ratios, TieBreak? ties = null)
    {
        CheckRatios(ratios);
        ties ??= TieBreak.Default;
        Rating[][] groups = ratings
            .GroupBy(r => r.UserIndex)
            .OrderBy(g => g.Key)
            .Select(g => InTimeOrder(g, ties))
            .ToArray();
        return Assemble($"chronological per user {Percentages(ratios)}, same-time {ties}", ratios, groups, RoundedCut);
    }

    /// <summary>
    /// Leave-last-out, the protocol of NCF and SASRec: per user by time, the last rating goes to test and, when
    /// <paramref name="withValidation"/>, the one before to validation. Users with fewer than
    /// <paramref name="minHistory"/> ratings keep all of them in train (and are counted in the description).
    /// Ratings with the same timestamp are ordered by <paramref name="ties"/> (a seeded random order by default).
    /// </summary>
    public static Split LeaveLastOut(Rating[] ratings, bool withValidation = true, int minHistory = 3, TieBreak? ties = null)
    {
        ties ??= TieBreak.Default;
        int heldOut = withValidation ? 2 : 1;
        if (minHistory < heldOut + 1)
            throw new ArgumentOutOfRangeException(nameof(minHistory), minHistory, $"A user needs at least {heldOut + 1} ratings to keep one in train.");
        var train = new List<Rating>();
        var validation = new List<Rating>();
        var test = new List<Rating>();
        int shortHistories = 0;
        foreach (var user in ratings.GroupBy(r => r.UserIndex).OrderBy(g => g.Key))
        {
            Rating[] history = InTimeOrder(user, ties);
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
                             $"min history {minHistory}, same-time {ties}; {shortHistories} users with shorter histories kept in train only";
        return new Split(description, train.ToArray(), validation.ToArray(), test.ToArray());
    }

    /// <summary>
    /// One user's ratings by timestamp. Many users rated several films in the same second; ordering those by item
    /// index would always hold out the highest id, and on ML-100K high ids are mostly rarely rated films, so the
    /// order of ties is part of the protocol: a seeded random key per (user, item), as the ranking protocols use.
    /// The time splits and the user sequences (<c>RecSys.Sequences.UserSequences</c>) all order ratings with it.
    /// </summary>
    public static Rating[] InTimeOrder(IEnumerable<Rating> history, TieBreak ties) =>
        history.OrderBy(r => r.Timestamp).ThenBy(r => ties.Key(r.UserIndex, r.ItemIndex)).ToArray();

    /// <summary>The official ML-100K fold u{fold}.base / u{fold}.test (1–5), for results comparable to published tables.</summary>
    public static Split OfficialFold(MovieLensDataset data, int fold)
    {
        (Rating[] train, Rating[] test) = MovieLens100K.OfficialFold(data, fold);
        return new Split($"ML-100K official fold u{fold}", train, Array.Empty<Rating>(), test);
    }

    /// <summary>
    /// Cuts every group by ratio and concatenates the pieces: part p of group g runs from the previous cut to
    /// <c>cut(n, c[p])</c>, where c are the cumulative ratios (summed in order, as NumPy's cumsum) and the last
    /// part takes the rest of the group.
    /// </summary>
    static Split Assemble(string description, double[] ratios, IEnumerable<Rating[]> groups, Func<int, double, int> cut)
    {
        var parts = ratios.Select(_ => new List<Rating>()).ToArray();
        foreach (Rating[] group in groups)
        {
            int start = 0;
            double cumulative = 0;
            for (int p = 0; p < ratios.Length; p++)
            {
                cumulative += ratios[p];
                int end = p == ratios.Length - 1 ? group.Length : cut(group.Length, cumulative);
                parts[p].AddRange(group[start..end]);
                start = end;
            }
        }
        Rating[] train = parts[0].ToArray(), test = parts[^1].ToArray();
        Rating[] validation = ratios.Length == 3 ? parts[1].ToArray() : Array.Empty<Rating>();
        return new Split(description, train, validation, test);
    }

    /// <summary>The first <c>round(cumulative · n)</c> ratings of a group, rounded half to even.</summary>
    static int RoundedCut(int groupSize, double cumulative) =>
        (int)Math.Round(cumulative * groupSize, MidpointRounding.ToEven);

    /// <summary>The ratings whose rank (1-based) over the group size is at most <paramref name="cumulative"/>.</summary>
    static int RankOverCountCut(int groupSize, double cumulative)
    {
        int ranks = 0;
        // The same double division and comparison as MS Recommenders' rank / count <= threshold.
        while (ranks < groupSize && (double)(ranks + 1) / groupSize <= cumulative) ranks++;
        return ranks;
    }

    /// <summary>Each group's ratings shuffled with one seeded generator, groups in index order.</summary>
    static IEnumerable<Rating[]> ShuffledGroups(Rating[] ratings, StratifyBy groupBy, int seed)
    {
        var random = new Random(seed);
        return ratings
            .GroupBy(r => groupBy == StratifyBy.User ? r.UserIndex : r.ItemIndex)
            .OrderBy(g => g.Key)
            .Select(g => Shuffled(g.ToArray(), random))
            .ToArray();
    }

    /// <summary>How many of <paramref name="ratings"/> are not in <paramref name="pool"/>, counting repeats.</summary>
    static int CountNotIn(IEnumerable<Rating> ratings, Rating[] pool)
    {
        var remaining = new Dictionary<Rating, int>();
        foreach (Rating r in pool) remaining[r] = remaining.GetValueOrDefault(r) + 1;
        int missing = 0;
        foreach (Rating r in ratings)
        {
            if (remaining.GetValueOrDefault(r) == 0) missing++;
            else remaining[r]--;
        }
        return missing;
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

    static string Name(StratifyBy groupBy) => groupBy.ToString().ToLowerInvariant();

    /// <summary>The MS Recommenders cut in words, e.g. "train iff rank/n ≤ 0.75".</summary>
    static string RankRule(double[] ratios) => ratios.Length == 2
        ? $"train iff rank/n ≤ {Decimal(ratios[0])}"
        : $"train iff rank/n ≤ {Decimal(ratios[0])}, validation iff ≤ {Decimal(ratios[0] + ratios[1])}";

    static string Decimal(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
