using System.Buffers.Binary;
using System.Globalization;
using RecSys.Plots;

namespace RecSys.Tests.Plots;

/// <summary>Every chart kind, drawn both ways from one description.</summary>
[Collection(NotebookRunState.Name)]
public class ChartTests
{
    public static TheoryData<string> Kinds => new() { "line", "bar", "histogram", "scatter", "heatmap" };

    static Chart Example(string kind) => kind switch
    {
        "line" => Chart.Line("Training curves", "epoch", "loss",
            new Series("train", new[] { 1.25, 0.5, 0.25 }), new Series("validation", new[] { 1.5, 0.75, 0.625 })),
        "bar" => Chart.Bar("Models compared", "metric", "value", new[] { "ndcg@10", "precision@10" },
            new Series("random", new[] { 0.0125, 0.0375 }), new Series("most popular", new[] { 0.25, 0.1875 })),
        "histogram" => Chart.Histogram("Ratings", "stars", 5, ("ratings", new double[] { 1, 2, 2, 3, 3, 3, 4, 4, 5 })),
        "scatter" => Chart.Scatter("Item embeddings", "component 1", "component 2",
            new Series("films", new[] { 0.5, -1.25 }, new[] { 2.5, 0.75 }, new[] { "Toy Story (1995)", "Heat (1995)" })),
        "heatmap" => Chart.Heatmap("Attention", "key", "query", new[,] { { 0.875, 0.125 }, { 0.25, 0.75 } }, new[] { "q1", "q2" }, new[] { "k1", "k2" }),
        _ => throw new ArgumentException(kind),
    };

    [Theory, MemberData(nameof(Kinds))]
    public void The_static_image_is_a_png_of_the_chart_size(string kind)
    {
        Chart chart = Example(kind);
        byte[] png = StaticRenderer.ToPng(chart);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(chart.Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(chart.Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        Assert.True(png.Length > 5_000, $"{png.Length} bytes: an empty canvas compresses smaller");
        Assert.Contains(chart.Title, StaticRenderer.ToSvg(chart));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void The_plotly_html_holds_the_same_series(string kind)
    {
        Chart chart = Example(kind);
        string html = PlotlyRenderer.ToPlotly(chart).GetInlineHtml();
        Assert.Contains($"\"title\":\"{chart.Title}\"", html);
        foreach (Series series in chart.Series)
        {
            Assert.Contains($"\"name\":\"{series.Name}\"", html);
            Assert.Contains("[" + string.Join(",", series.Y.Select(AsJson)) + "]", html);
        }
        if (chart.Values != null) Assert.Contains("[[0.875,0.125],[0.25,0.75]]", html);
    }

    [Fact]
    public void Long_heatmap_column_labels_are_slanted_and_short_ones_are_not()
    {
        string[] titles = Enumerable.Range(1, 10).Select(i => $"A rather long film title number {i} (1997)").ToArray();
        var values = new double[10, 10];
        string slanted = StaticRenderer.ToSvg(Chart.Heatmap("Attention over films", "attends to", "position", values, titles, titles));
        string upright = StaticRenderer.ToSvg(Example("heatmap"));
        // ScottPlot writes a label turned by 45° as an SVG transform matrix(cos 45°, …).
        Assert.True(slanted.Split("matrix(0.707107").Length - 1 >= titles.Length, "the column labels are not slanted");
        Assert.DoesNotContain("matrix(0.707107", upright);
    }

    [Fact]
    public void A_title_wider_than_the_chart_is_broken_between_words_into_lines_that_fit()
    {
        const string title = "Test AUC by the user's number of labelled training ratings (ML-100K, DeepFM, mean over seeds 0, 1, 2)";
        string wrapped = StaticRenderer.WrapTitle(title, 760);
        string[] lines = wrapped.Split('\n');
        Assert.True(lines.Length > 1, "the long title was not broken");
        Assert.All(lines, line => Assert.True(line.Length <= 72, $"\"{line}\" is wider than a 760 px chart"));
        Assert.Equal(title, string.Join(" ", lines));
        Assert.Equal("Attention over films", StaticRenderer.WrapTitle("Attention over films", 760));
        // Each line reaches the picture as its own text.
        string svg = StaticRenderer.ToSvg(Chart.Line(title, "epoch", "value", new Series("loss", new double[] { 1, 2 }, new double[] { 0.5, 0.4 })));
        Assert.All(lines, line => Assert.Contains(System.Security.SecurityElement.Escape(line)!, svg));
        Assert.DoesNotContain(System.Security.SecurityElement.Escape(title)!, svg);
    }

    /// <summary>Plotly's JSON (Newtonsoft) writes whole doubles with ".0".</summary>
    static string AsJson(double value) => value % 1 == 0 ? value.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Notebook_html_holds_the_picture_and_the_script_that_replaces_it()
    {
        string html = ChartHtml.Render(Example("scatter"));
        Assert.Contains("<img src=\"data:image/png;base64,", html);
        Assert.Contains("Toy Story (1995)", html);          // hover labels
        Assert.Contains(ChartHtml.PlotlyScriptUrl, html);
        Assert.Contains("Plotly.newPlot(", html);
    }

    [Fact]
    public void A_chart_without_labels_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Chart.Line("", "x", "y", new Series("s", new[] { 1.0 })));
        Assert.Throws<ArgumentException>(() => Chart.Line("t", "x", "y", new Series(" ", new[] { 1.0 })));
        Assert.Throws<ArgumentException>(() => Chart.Bar("t", "x", "y", new[] { "a", "b" }, new Series("s", new[] { 1.0 })));
    }
}
