using System.Text;
using Microsoft.Data.Analysis;

namespace RecSys.Evaluation;

/// <summary>
/// The metrics of one model under one protocol, with the protocol spelled out so it can be printed beside the
/// numbers. <see cref="Recommendations"/> holds each user's top-K list (empty for rating evaluation), for
/// beyond-accuracy metrics.
/// </summary>
[Microsoft.DotNet.Interactive.Formatting.TypeFormatterSource(typeof(RecSys.Notebooks.NotebookFormatters))]
public sealed record EvaluationResult(
    string Model,
    string Protocol,
    IReadOnlyDictionary<string, double> Metrics,
    int Users,
    TimeSpan Elapsed,
    IReadOnlyDictionary<int, int[]> Recommendations)
{
    public double this[string metric] => Metrics.TryGetValue(metric, out double value)
        ? value
        : throw new KeyNotFoundException($"No metric \"{metric}\"; this result has: {string.Join(", ", Metrics.Keys)}.");

    public override string ToString()
    {
        var text = new StringBuilder($"{Model} — {Protocol} — {Users:N0} users, {Elapsed.TotalSeconds:F2} s\n");
        foreach (var (name, value) in Metrics) text.AppendLine($"  {name,-14} {value:F4}");
        return text.ToString();
    }

    /// <summary>Several results side by side, one row per model, as a DataFrame (a table in a notebook).</summary>
    public static DataFrame Table(params EvaluationResult[] results)
    {
        var columns = new List<DataFrameColumn> { new StringDataFrameColumn("model", results.Select(r => r.Model)) };
        foreach (string metric in results.SelectMany(r => r.Metrics.Keys).Distinct())
            columns.Add(new PrimitiveDataFrameColumn<double>(metric,
                results.Select(r => r.Metrics.TryGetValue(metric, out double v) ? Math.Round(v, 4) : (double?)null)));
        columns.Add(new StringDataFrameColumn("protocol", results.Select(r => r.Protocol)));
        return new DataFrame(columns);
    }
}
