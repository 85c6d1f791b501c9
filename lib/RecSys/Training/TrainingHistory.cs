namespace RecSys.Training;

/// <summary>What one epoch produced: mean training loss, the optional validation metric, and its duration.</summary>
public sealed record EpochRecord(int Epoch, double Loss, double? Validation, double Seconds);

/// <summary>The per-epoch record of a training run, and which epoch was best on validation.</summary>
public sealed class TrainingHistory
{
    public TrainingHistory(string validationMetric) => ValidationMetric = validationMetric;

    public string ValidationMetric { get; }

    public List<EpochRecord> Epochs { get; } = new();

    /// <summary>The epoch whose weights the model holds at the end (the best one when early stopping was used).</summary>
    public int? BestEpoch { get; set; }

    public bool StoppedEarly { get; set; }

    public double[] Losses => Epochs.Select(e => e.Loss).ToArray();

    public double[] EpochNumbers => Epochs.Select(e => (double)e.Epoch).ToArray();

    public double[] ValidationValues => Epochs.Select(e => e.Validation ?? double.NaN).ToArray();

    public double TotalSeconds => Epochs.Sum(e => e.Seconds);
}
