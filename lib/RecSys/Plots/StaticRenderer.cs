using ScottPlot;

namespace RecSys.Plots;

/// <summary>
/// Draws a <see cref="Chart"/> as a static image with ScottPlot: what readers see where no script runs
/// (GitHub's notebook viewer, VS Code offline, a printed page).
/// </summary>
public static class StaticRenderer
{
    public static byte[] ToPng(Chart chart) => Draw(chart).GetImageBytes(chart.Width, chart.Height, ImageFormat.Png);

    public static string ToSvg(Chart chart) => Draw(chart).GetSvgXml(chart.Width, chart.Height);

    static Plot Draw(Chart chart)
    {
        var plot = new Plot();
        plot.Title(WrapTitle(chart.Title, chart.Width));
        plot.XLabel(chart.XLabel);
        plot.YLabel(chart.YLabel + (chart.LogY ? " (log10)" : ""));
        switch (chart.Kind)
        {
            case ChartKind.Line:
                foreach (var s in chart.Series) plot.Add.Scatter(s.X, LogIfAsked(chart, s.Y)).LegendText = s.Name;
                break;
            case ChartKind.Scatter:
                foreach (var s in chart.Series) plot.Add.ScatterPoints(s.X, LogIfAsked(chart, s.Y)).LegendText = s.Name;
                break;
            case ChartKind.Bar:
                AddGroupedBars(plot, chart);
                break;
            case ChartKind.Histogram:
                foreach (var s in chart.Series)
                {
                    var bars = plot.Add.Bars(s.X, LogIfAsked(chart, s.Y));
                    bars.LegendText = s.Name;
                    foreach (var bar in bars.Bars) bar.Size = chart.BinWidth;
                }
                plot.Axes.Margins(bottom: 0);
                break;
            case ChartKind.Heatmap:
                AddHeatmap(plot, chart);
                break;
        }
        if (chart.Kind != ChartKind.Heatmap) plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    static double[] LogIfAsked(Chart chart, double[] y) => chart.LogY ? y.Select(v => Math.Log10(Math.Max(v, 1e-12))).ToArray() : y;

    /// <summary>Bars of series s in category c sit at c + offset(s), so each category's bars stand side by side.</summary>
    static void AddGroupedBars(Plot plot, Chart chart)
    {
        int seriesCount = chart.Series.Count;
        double width = 0.8 / seriesCount;
        for (int s = 0; s < seriesCount; s++)
        {
            double offset = -0.4 + width * (s + 0.5);
            var positions = chart.Series[s].X.Select(x => x + offset).ToArray();
            var bars = plot.Add.Bars(positions, chart.Series[s].Y);
            bars.LegendText = chart.Series[s].Name;
            foreach (var bar in bars.Bars) bar.Size = width;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, chart.Categories.Count).Select(i => (double)i).ToArray(), chart.Categories.ToArray());
        SlantIfCrowded(plot, chart.Categories, chart.Width);
        plot.Axes.Margins(bottom: 0);
    }

    static void AddHeatmap(Plot plot, Chart chart)
    {
        var heatmap = plot.Add.Heatmap(chart.Values!);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        int rows = chart.RowLabels.Count, columns = chart.ColumnLabels.Count;
        // ScottPlot draws row 0 at the top; cell (r, c) is centred at x = c, y = rows - 1 - r.
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(c => (double)c).ToArray(), chart.ColumnLabels.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r)).ToArray(), chart.RowLabels.ToArray());
        SlantIfCrowded(plot, chart.ColumnLabels, chart.Width);
    }

    /// <summary>Long or many labels under the x axis (bar categories, heatmap columns): slant them so they do not overlap.</summary>
    static void SlantIfCrowded(Plot plot, IReadOnlyList<string> labels, int width)
    {
        if (labels.Count == 0 || labels.Sum(c => c.Length + 2) * 7 <= width * 0.8) return;
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 12 + 6 * labels.Max(c => c.Length);
    }

    /// <summary>
    /// A title wider than the chart is cut off at both edges: break it between words into lines that fit
    /// (about 10 px per character of ScottPlot's bold title font).
    /// </summary>
    public static string WrapTitle(string title, int width)
    {
        int perLine = Math.Max(20, (int)(width * 0.95 / 10));
        var lines = new List<string>();
        string line = "";
        foreach (string word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > perLine)
            {
                lines.Add(line);
                line = word;
            }
            else line = line.Length == 0 ? word : line + " " + word;
        }
        lines.Add(line);
        return string.Join("\n", lines);
    }
}
