namespace RecSys.Training;

/// <summary>
/// Stop when the validation metric has not improved for <see cref="Patience"/> epochs, and keep the weights of
/// the best epoch. <see cref="HigherIsBetter"/> is true for NDCG or HR, false for RMSE or loss.
/// </summary>
public sealed record EarlyStopping(int Patience, bool HigherIsBetter)
{
    public bool IsImprovement(double candidate, double? best) =>
        best is not double b || (HigherIsBetter ? candidate > b : candidate < b);
}
