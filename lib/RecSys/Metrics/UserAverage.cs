namespace RecSys.Metrics;

/// <summary>
/// Averages a per-user metric over users. The choice, as in Microsoft Recommenders: only users that appear both in
/// the truth (with at least one relevant item) and in the recommendations count; each counts once, whatever its
/// number of relevant items. NaN values (e.g. AUC of a user with no negatives) are skipped.
/// </summary>
public static class UserAverage
{
    public static double Of(
        IReadOnlyDictionary<int, int[]> recommendations,
        IReadOnlyDictionary<int, HashSet<int>> truth,
        Func<int[], HashSet<int>, double> metric)
    {
        double sum = 0;
        int users = 0;
        foreach (var (user, relevant) in truth)
        {
            if (relevant.Count == 0 || !recommendations.TryGetValue(user, out int[]? ranked)) continue;
            double value = metric(ranked, relevant);
            if (double.IsNaN(value)) continue;
            sum += value;
            users++;
        }
        return users == 0 ? throw new ArgumentException("No user appears in both the truth and the recommendations.") : sum / users;
    }
}
