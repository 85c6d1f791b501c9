using Microsoft.Data.Analysis;
using RecSys.Apps;
using RecSys.Plots;
using RecSys.Tests.Plots;

namespace RecSys.Tests.Apps;

/// <summary>What a chapter app prints where its notebook displays a value, and the chart files it writes.</summary>
[Collection(NotebookRunState.Name)]
public class TerminalTests
{
    [Fact]
    public void Tables_print_in_the_aligned_text_form_a_notebook_keeps_beside_its_html()
    {
        var rows = new[] { new { Model = "random", Ndcg = 0.0199 }, new { Model = "most popular", Ndcg = 0.2505 } };
        var frame = new DataFrame(new StringDataFrameColumn("model", new[] { "random" }), new PrimitiveDataFrameColumn<double>("ndcg", new[] { 0.0199 }));

        Assert.Equal("Model           Ndcg\n------------  ------\nrandom        0.0199\nmost popular  0.2505", Terminal.Text(rows));
        Assert.Equal("model     ndcg\n------  ------\nrandom  0.0199", Terminal.Text(frame));
        Assert.Equal("42", Terminal.Text(42));
        Assert.Equal("<null>", Terminal.Text(null));
    }

    [Fact]
    public void A_chart_is_written_as_a_png_and_an_html_page_numbered_in_order()
    {
        using var folder = new TempFolder();
        string before = Terminal.ChartFolder;
        try
        {
            Terminal.ChartFolder = folder.Path;
            Chart chart = Chart.Line("Ratings per film (the long tail)", "film rank", "ratings", new Series("ratings", new[] { 3.0, 2, 1 }));

            string printed = Terminal.WriteChart(chart);
            Terminal.WriteChart(chart with { Title = "Ratings per week" });

            string[] files = folder.Files().Order().ToArray();
            Assert.Equal(4, files.Length);
            Assert.Matches(@"^\d\d-ratings-per-film-the-long-tail\.html$", files[0]);
            Assert.Matches(@"^\d\d-ratings-per-film-the-long-tail\.png$", files[1]);
            Assert.Equal(int.Parse(files[0][..2]) + 1, int.Parse(files[2][..2]));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(folder.File(files[1]))[..4]);
            string page = File.ReadAllText(folder.File(files[0]));
            Assert.StartsWith("<!DOCTYPE html>", page);
            Assert.Contains("<title>Ratings per film (the long tail)</title>", page);
            Assert.Contains(ChartHtml.PlotlyScriptUrl, page);
            Assert.Contains($"[chart] Ratings per film (the long tail)\n        {folder.File(files[1])}\n        {folder.File(files[0])} (interactive)", printed);
        }
        finally
        {
            Terminal.ChartFolder = before;
        }
    }

    [Theory]
    [InlineData("Biased MF learning curves (200 factors, λ = 0.05; fold u1's own 95/5 validation)", "biased-mf-learning-curves-200-factors-0-05-fold-u1-s-own-95")]
    [InlineData("Films per genre", "films-per-genre")]
    [InlineData("Régression à la moyenne", "regression-a-la-moyenne")]
    [InlineData("λ", "chart")]
    public void A_chart_file_is_named_after_its_title(string title, string slug) => Assert.Equal(slug, Terminal.Slug(title));
}
