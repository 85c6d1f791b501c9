using System.Globalization;
using System.Text.Json.Nodes;

namespace RecSys.Notebooks;

/// <summary>
/// Named figures a notebook records at its end (<c>Results.Record("mf.rmse", rmse)</c>), in the form
/// <c>model.metric</c>. The notebook runner collects them into its results file; tests and benchmarks read that
/// file, never the notebook's text. Outside the runner the figures are only kept for <see cref="Table"/>.
/// </summary>
public static class Results
{
    /// <summary>Set by the notebook runner: the file (JSON lines) that receives each recorded figure.</summary>
    public const string FileVariable = "RECSYS_RESULTS_FILE";

    static readonly PerRun<Dictionary<string, double>> recorded = new(() => new());

    public static void Record(string name, double value)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A recorded figure needs a name such as \"mf.rmse\".", nameof(name));
        if (!double.IsFinite(value)) throw new ArgumentException($"The figure \"{name}\" is {value}: only finite numbers can be recorded.", nameof(value));
        string? file = Environment.GetEnvironmentVariable(FileVariable);
        recorded.Value[name] = value;
        // A JSON tree, not reflection-based serialization, which file-based apps turn off.
        if (file != null) File.AppendAllText(file, new JsonObject { ["name"] = name, ["value"] = value }.ToJsonString() + "\n");
    }

    /// <summary>The figures recorded so far by this notebook, by name.</summary>
    public static IReadOnlyDictionary<string, double> Recorded => recorded.Value;

    /// <summary>The recorded figures as rows (name, value), for the notebook's last cell to display.</summary>
    public static IEnumerable<RecordedFigure> Table() =>
        recorded.Value.Select(pair => new RecordedFigure(pair.Key, Math.Round(pair.Value, 4).ToString(CultureInfo.InvariantCulture)));

    public sealed record RecordedFigure(string Name, string Value);
}
