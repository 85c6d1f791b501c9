using System.Text.Json;

namespace NotebookRunner;

/// <summary>One code cell's run: its number among code cells, first line, seconds, and outcome.</summary>
public sealed record CellRun(int Number, string FirstLine, double Seconds, string Outcome);

/// <summary>
/// What running one notebook produced: the figures it recorded, per-cell timings, total seconds and peak
/// memory. <see cref="Error"/> names the failing cell (number and first line) and, for a compile error, the line in it.
/// </summary>
public sealed record NotebookRun(
    string Notebook,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, double> Figures,
    IReadOnlyList<CellRun> Cells,
    double TotalSeconds,
    double PeakMemoryMegabytes,
    string? Error)
{
    public bool Succeeded => Error == null;

    /// <summary>Where a failed --inplace run was written instead of over the notebook; null otherwise.</summary>
    public string? FailedRun { get; init; }
}

public static class RunResults
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(string path, IReadOnlyList<NotebookRun> runs) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new { notebooks = runs }, Json) + "\n");

    /// <summary>The figures a notebook recorded through the helper library (JSON lines of {name, value}).</summary>
    public static Dictionary<string, double> ReadFigures(string path)
    {
        var figures = new Dictionary<string, double>();
        if (!File.Exists(path)) return figures;
        foreach (string line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            using JsonDocument record = JsonDocument.Parse(line);
            figures[record.RootElement.GetProperty("name").GetString()!] = record.RootElement.GetProperty("value").GetDouble();
        }
        return figures;
    }
}
