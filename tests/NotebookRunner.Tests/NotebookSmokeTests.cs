using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>
/// Runs every notebook in notebooks/ with the smoke parameters it declares in its metadata
/// ("recsys": {"smoke_parameters": {...}}) and checks that it finishes and records its figures.
/// This is how CI keeps every chapter working.
/// </summary>
public class NotebookSmokeTests
{
    static IEnumerable<string> Chapters() => SmokeRuns.Chapters();

    [Theory, MemberData(nameof(SmokeRuns.ChapterNames), MemberType = typeof(SmokeRuns))]
    public async Task Runs_in_smoke_mode_and_records_its_figures(string name)
    {
        NotebookRun run = await SmokeRuns.Of(name);

        Assert.True(run.Succeeded, run.Error);
        Assert.NotEmpty(run.Figures);
        Assert.All(run.Figures, figure => Assert.Matches(@"^[a-z0-9_]+\.[a-z0-9_@]+$", figure.Key));
        Assert.All(run.Figures, figure => Assert.True(FigureRanges.Check(figure.Key, figure.Value) == null, FigureRanges.Check(figure.Key, figure.Value)));
    }

    [Fact]
    public void The_committed_full_runs_recorded_figures_are_in_their_ranges()
    {
        foreach (string path in Chapters())
        {
            Dictionary<string, string> figures = Fixtures.CommittedFigures(path);
            Assert.True(figures.Count > 0, $"{Path.GetFileName(path)}'s last cell shows no recorded figures (Results.Table()).");
            foreach (var (name, value) in figures)
            {
                string? problem = FigureRanges.Check(name, double.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
                Assert.True(problem == null, $"{Path.GetFileName(path)}: {problem}");
            }
        }
    }

    [Fact]
    public void A_figure_outside_its_range_or_of_an_unknown_kind_is_reported()
    {
        Assert.Null(FigureRanges.Check("bpr.ndcg@10", 0.47));
        Assert.Null(FigureRanges.Check("mf.rmse", 0.91));
        Assert.Equal("bpr.ndcg@10 = 1.2, outside [0, 1], the range of ndcg.", FigureRanges.Check("bpr.ndcg@10", 1.2));
        Assert.Equal("mf.rmse = NaN, outside [0, 4], the range of rmse.", FigureRanges.Check("mf.rmse", double.NaN));
        Assert.Equal("mf.rmse = -0.1, outside [0, 4], the range of rmse.", FigureRanges.Check("mf.rmse", -0.1));
        Assert.Contains("no range is known for figures of kind \"serendipity\"; add it to tests/NotebookRunner.Tests/FigureRanges.cs", FigureRanges.Check("bpr.serendipity@10", 0.1));
    }

    [Fact]
    public void Committed_notebooks_carry_outputs_of_a_full_run_and_no_errors()
    {
        foreach (string path in Chapters())
        {
            JsonArray cells = Fixtures.CodeCells(Fixtures.ReadJson(path));
            Assert.All(cells, cell => Assert.NotNull(cell!["execution_count"]));   // every code cell was run
            Assert.DoesNotContain(cells, cell => cell!["outputs"]!.AsArray().Any(o => (string?)o!["output_type"] == "error"));
            Assert.DoesNotContain(cells, cell => cell!["metadata"]?["tags"]?.AsArray().Any(t => (string?)t == "injected-parameters") == true);
        }
    }
}
