using System.Globalization;
using System.Text.RegularExpressions;

namespace NotebookRunner.Tests;

/// <summary>
/// Every number in README's chapter table names the figure it shows, in an HTML comment right after it
/// (<c>0.251&lt;!-- popular.ndcg@10 --&gt;</c>), and equals that figure of the row's committed notebook, rounded as shown.
/// </summary>
public partial class ReadmeResultsTests
{
    /// <summary>Results.Table() shows each figure rounded to 4 decimals: the figure lies within half a unit of that.</summary>
    const decimal TableRounding = 0.00005m;

    [Fact]
    public void Every_number_in_the_chapter_table_names_the_figure_it_shows_and_equals_it_as_rounded()
    {
        string[] rows = File.ReadAllLines(Path.Combine(Fixtures.RepositoryRoot, "README.md"))
            .Where(line => NotebookLink().IsMatch(line)).ToArray();
        Assert.NotEmpty(rows);
        int quoted = 0;
        foreach (string row in rows)
        {
            string notebook = NotebookLink().Match(row).Groups[1].Value;
            Dictionary<string, string> recorded = Fixtures.CommittedFigures(Path.Combine(Fixtures.RepositoryRoot, notebook));
            string results = row.Split('|', StringSplitOptions.RemoveEmptyEntries)[^1];
            foreach (Match number in QuotedNumber().Matches(results))
            {
                string shown = number.Groups["number"].Value, figure = number.Groups["figure"].Value.Trim();
                Assert.True(number.Groups["figure"].Success,
                    $"README quotes {shown} for {notebook} without naming its figure: write it as {shown}<!-- model.metric -->, a name its last cell shows.");
                Assert.True(recorded.ContainsKey(figure), $"README names {figure} for {notebook}, which recorded: {string.Join(", ", recorded.Keys)}.");
                Assert.True(RoundsTo(decimal.Parse(recorded[figure], CultureInfo.InvariantCulture), shown),
                    $"README quotes {shown} for {figure} of {notebook}, which recorded {recorded[figure]}.");
                quoted++;
            }
        }
        Assert.True(quoted >= rows.Length, "the chapter table quotes no figures");
    }

    /// <summary>Whether a figure shown as <paramref name="tableValue"/> (4 decimals) rounds to <paramref name="shown"/> at its number of decimals.</summary>
    static bool RoundsTo(decimal tableValue, string shown)
    {
        int decimals = shown.Length - shown.IndexOf('.') - 1;
        decimal quoted = decimal.Parse(shown, CultureInfo.InvariantCulture);
        decimal lowest = Math.Round(tableValue - TableRounding, decimals, MidpointRounding.AwayFromZero);
        decimal highest = Math.Round(tableValue + TableRounding, decimals, MidpointRounding.AwayFromZero);
        return lowest <= quoted && quoted <= highest;
    }

    [Fact]
    public void A_figure_rounds_as_shown_within_the_tables_own_rounding()
    {
        Assert.True(RoundsTo(0.251m, "0.251"));
        Assert.True(RoundsTo(0.0193m, "0.019"));
        Assert.True(RoundsTo(0.9085m, "0.909"));   // 0.90845 ≤ figure < 0.90855: 0.908 or 0.909
        Assert.True(RoundsTo(0.9085m, "0.908"));
        Assert.False(RoundsTo(0.9084m, "0.909"));
        Assert.False(RoundsTo(0.4707m, "0.470"));
        Assert.True(RoundsTo(0.4707m, "0.47"));
        Assert.False(RoundsTo(0.4707m, "0.48"));
    }

    [GeneratedRegex(@"\]\((notebooks/[^)]+\.ipynb)\)")]
    private static partial Regex NotebookLink();

    [GeneratedRegex(@"(?<number>\b\d+\.\d+)(<!--(?<figure>[^>]*)-->)?")]
    private static partial Regex QuotedNumber();
}
