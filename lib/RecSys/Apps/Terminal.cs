using System.Globalization;
using System.Text;
using Microsoft.DotNet.Interactive.Formatting;
using RecSys.Plots;

namespace RecSys.Apps;

/// <summary>
/// What a notebook shows under a cell, printed by a chapter exported as a file-based app. A notebook displays the
/// value of a cell's last expression (and <c>display(x)</c>); the app calls <see cref="Show"/> there instead: tables
/// of records, DataFrames and the library's types print in the same aligned plain-text form the notebook keeps beside
/// its HTML, and a <see cref="Chart"/> is written as a PNG picture and an interactive HTML page whose paths are printed.
/// </summary>
public static class Terminal
{
    static int chartsWritten;

    /// <summary>Where charts go: <c>--charts</c>, else a folder beside the app, <c>charts/&lt;app name&gt;/</c>.</summary>
    public static string ChartFolder { get; set; } = DefaultChartFolder();

    internal static string DefaultChartFolderText => Shown(DefaultChartFolder());

    /// <summary>Prints <paramref name="value"/> as a notebook's plain-text view shows it; writes a chart to files.</summary>
    public static void Show(object? value)
    {
        if (value is Chart chart) Console.WriteLine(WriteChart(chart));
        else Console.WriteLine(Text(value));
    }

    /// <summary>The plain-text form a notebook keeps for the value (its text/plain output).</summary>
    public static string Text(object? value) => value == null ? "<null>" : value.ToDisplayString(PlainTextFormatter.MimeType);

    /// <summary>Writes the chart as NN-title.png and NN-title.html into <see cref="ChartFolder"/>; returns the lines to print.</summary>
    public static string WriteChart(Chart chart)
    {
        Directory.CreateDirectory(ChartFolder);
        string name = $"{Interlocked.Increment(ref chartsWritten):D2}-{Slug(chart.Title)}";
        string png = Path.Combine(ChartFolder, name + ".png"), html = Path.Combine(ChartFolder, name + ".html");
        File.WriteAllBytes(png, StaticRenderer.ToPng(chart));
        File.WriteAllText(html, Page(chart));
        return $"[chart] {chart.Title}\n        {Shown(png)}\n        {Shown(html)} (interactive)";
    }

    /// <summary>A path as the reader would type it: relative to the current folder when inside it, else in full.</summary>
    internal static string Shown(string path)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative;
    }

    /// <summary>A page that shows the picture, then the interactive Plotly chart where scripts and the network are available.</summary>
    static string Page(Chart chart) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>{System.Net.WebUtility.HtmlEncode(chart.Title)}</title></head>
        <body>
        {ChartHtml.Render(chart)}
        </body>
        </html>
        """;

    /// <summary>"Ratings per film, most rated first (the long tail)" → "ratings-per-film-most-rated-first-the-long-tail", at most 60 characters.</summary>
    public static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (char c in title.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        string text = slug.ToString().Trim('-');
        if (text.Length > 60) text = text[..60].TrimEnd('-');
        return text.Length > 0 ? text : "chart";
    }

    /// <summary><c>charts/02-collaborative-filtering/</c> beside <c>chapters/02-collaborative-filtering.cs</c>; <c>charts/</c> here in any other program.</summary>
    static string DefaultChartFolder() =>
        CommandLineParameters.EntryPoint() is string file
            ? Path.Combine(Path.GetDirectoryName(file)!, "charts", Path.GetFileNameWithoutExtension(file))
            : Path.Combine(Environment.CurrentDirectory, "charts");
}
