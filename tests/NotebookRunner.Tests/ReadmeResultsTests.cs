using System.Globalization;
using System.Text.RegularExpressions;

namespace NotebookRunner.Tests;

/// <summary>The results quoted in README's chapter table must be figures the committed notebooks recorded.</summary>
public partial class ReadmeResultsTests
{
    [Fact]
    public void Every_number_in_the_chapter_table_was_recorded_by_its_notebook()
    {
        string[] rows = File.ReadAllLines(Path.Combine(Fixtures.RepositoryRoot, "README.md"))
            .Where(line => NotebookLink().IsMatch(line)).ToArray();
        Assert.NotEmpty(rows);
        foreach (string row in rows)
        {
            string notebook = Path.Combine(Fixtures.RepositoryRoot, NotebookLink().Match(row).Groups[1].Value);
            double[] recorded = RecordedFigures(notebook);
            string results = row.Split('|', StringSplitOptions.RemoveEmptyEntries)[^1];
            foreach (Match number in Decimal().Matches(results))
            {
                double quoted = double.Parse(number.Value, CultureInfo.InvariantCulture);
                Assert.True(recorded.Any(r => Math.Abs(r - quoted) <= 0.0006),
                    $"README quotes {number.Value} for {Path.GetFileName(notebook)}, which recorded: {string.Join(", ", recorded)}");
            }
        }
    }

    /// <summary>The values of the committed notebook's last output: the table of recorded figures.</summary>
    static double[] RecordedFigures(string notebook)
    {
        var lastCell = Fixtures.CodeCells(Fixtures.ReadJson(notebook))[^1]!;
        string html = Fixtures.OutputText(lastCell, "text/html");
        return FigureCell().Matches(html).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
    }

    [GeneratedRegex(@"\]\((notebooks/[^)]+\.ipynb)\)")]
    private static partial Regex NotebookLink();

    [GeneratedRegex(@"\b\d+\.\d{3}\b")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"</td><td>(-?\d+(?:\.\d+)?)</td>")]
    private static partial Regex FigureCell();
}
