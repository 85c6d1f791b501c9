using System.Text.RegularExpressions;
using RecSys.Notebooks;
using RecSys.Plots;

namespace RecSys.Tests.Plots;

/// <summary>When the runner starts the next notebook, chart numbering and recorded figures start afresh.</summary>
[Collection(NotebookRunState.Name)]
public class PerRunStateTests
{
    static string ChartId(string html) => Regex.Match(html, "id=\"(recsys-chart-[^\"]+)\"").Groups[1].Value;

    [Fact]
    public void Each_notebook_run_numbers_its_charts_and_keeps_its_figures_from_one()
    {
        string? saved = Environment.GetEnvironmentVariable(Results.FileVariable);
        using var folder = new TempFolder();
        var chart = Chart.Line("t", "x", "y", new Series("s", new[] { 1.0, 2.0 }));
        try
        {
            Environment.SetEnvironmentVariable(Results.FileVariable, folder.File("first.jsonl"));
            string first = ChartId(ChartHtml.Render(chart)), second = ChartId(ChartHtml.Render(chart));
            Results.Record("a.b", 1);
            Assert.EndsWith("-1", first);
            Assert.EndsWith("-2", second);

            Environment.SetEnvironmentVariable(Results.FileVariable, folder.File("second.jsonl"));
            Assert.Equal(first, ChartId(ChartHtml.Render(chart)));
            Assert.Empty(Results.Recorded);
            Assert.Equal("{\"name\":\"a.b\",\"value\":1}\n", File.ReadAllText(folder.File("first.jsonl")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Results.FileVariable, saved);
        }
    }
}

/// <summary>Tests that touch the per-run notebook state run one at a time.</summary>
[CollectionDefinition(Name)]
public class NotebookRunState
{
    public const string Name = "notebook run state";
}
