using XPlot.Plotly;

namespace RecSys.Plots;

/// <summary>Draws a <see cref="Chart"/> as an interactive Plotly chart (XPlot.Plotly): zoom, pan, hover labels.</summary>
public static class PlotlyRenderer
{
    public static PlotlyChart ToPlotly(Chart chart)
    {
        PlotlyChart plotly = XPlot.Plotly.Chart.Plot(Traces(chart));
        plotly.WithLayout(new Layout.Layout
        {
            title = chart.Title,
            xaxis = new Xaxis { title = chart.XLabel },
            yaxis = chart.LogY ? new Yaxis { title = chart.YLabel, type = "log" } : new Yaxis { title = chart.YLabel },
            showlegend = chart.Kind != ChartKind.Heatmap,
            barmode = "group",
            width = chart.Width,
            height = chart.Height,
        });
        plotly.Width = chart.Width;
        plotly.Height = chart.Height;
        return plotly;
    }

    static IEnumerable<Trace> Traces(Chart chart) => chart.Kind switch
    {
        ChartKind.Line => chart.Series.Select(s => (Trace)new Scatter { x = s.X, y = s.Y, name = s.Name, mode = "lines+markers" }),
        ChartKind.Scatter => chart.Series.Select(s => (Trace)new Scatter
        {
            x = s.X, y = s.Y, name = s.Name, mode = "markers",
            text = s.Labels ?? s.X.Select((_, i) => $"{s.Name} {i}").ToArray(), hoverinfo = "text",
        }),
        ChartKind.Bar => chart.Series.Select(s => (Trace)new Bar { x = chart.Categories.ToArray(), y = s.Y, name = s.Name }),
        ChartKind.Histogram => chart.Series.Select(s => (Trace)new Bar { x = s.X, y = s.Y, name = s.Name }),
        ChartKind.Heatmap => new[] { (Trace)new Heatmap { z = Rows(chart.Values!), x = chart.ColumnLabels.ToArray(), y = chart.RowLabels.ToArray(), colorscale = "Viridis" } },
        _ => throw new NotSupportedException(chart.Kind.ToString()),
    };

    static double[][] Rows(double[,] values) =>
        Enumerable.Range(0, values.GetLength(0)).Select(r => Enumerable.Range(0, values.GetLength(1)).Select(c => values[r, c]).ToArray()).ToArray();
}
