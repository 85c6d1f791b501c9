namespace RecSys.Metrics;

/// <summary>Errors of predicted ratings against true ratings.</summary>
public static class RatingMetrics
{
    /// <summary>Root mean squared error: √(1/n · Σ (predicted − actual)²).</summary>
    public static double Rmse(IReadOnlyList<float> predicted, IReadOnlyList<float> actual)
    {
        CheckSameLength(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.Count; i++) sum += Math.Pow(predicted[i] - actual[i], 2);
        return Math.Sqrt(sum / predicted.Count);
    }

    /// <summary>Mean absolute error: 1/n · Σ |predicted − actual|.</summary>
    public static double Mae(IReadOnlyList<float> predicted, IReadOnlyList<float> actual)
    {
        CheckSameLength(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.Count; i++) sum += Math.Abs(predicted[i] - actual[i]);
        return sum / predicted.Count;
    }

    static void CheckSameLength(IReadOnlyList<float> predicted, IReadOnlyList<float> actual)
    {
        if (predicted.Count != actual.Count)
            throw new ArgumentException($"{predicted.Count} predictions for {actual.Count} ratings.");
        if (predicted.Count == 0) throw new ArgumentException("There are no ratings to compare.");
    }
}
