namespace RecSys.Plots;

public enum ChartKind { Line, Bar, Histogram, Scatter, Heatmap }

/// <summary>One named series of points. <see cref="Labels"/> (optional) are shown on hover, e.g. film titles.</summary>
public sealed record Series(string Name, double[] X, double[] Y, string[]? Labels = null)
{
    public Series(string name, IEnumerable<double> y) : this(name, y.Select((_, i) => (double)i + 1).ToArray(), y.ToArray()) { }
}

/// <summary>
/// What a chart shows, independent of how it is drawn: the series of the series' charts are rendered
/// interactively with Plotly (<see cref="PlotlyRenderer"/>) and as a static image with ScottPlot
/// (<see cref="StaticRenderer"/>) from this one description. Title and axis labels are required, and every
/// series has a name, so a chart is readable without the code that made it.
/// </summary>
[Microsoft.DotNet.Interactive.Formatting.TypeFormatterSource(typeof(RecSys.Notebooks.NotebookFormatters))]
public sealed record Chart
{
    public required ChartKind Kind { get; init; }
    public required string Title { get; init; }
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }

    /// <summary>Line, histogram (already binned: X = bin centres, Y = counts) and scatter charts.</summary>
    public IReadOnlyList<Series> Series { get; init; } = Array.Empty<Series>();

    /// <summary>Bar charts: the category names along the x axis; each series gives one value per category.</summary>
    public IReadOnlyList<string> Categories { get; init; } = Array.Empty<string>();

    /// <summary>Heatmaps: Values[row, column], with a label per row and per column.</summary>
    public double[,]? Values { get; init; }
    public IReadOnlyList<string> RowLabels { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> ColumnLabels { get; init; } = Array.Empty<string>();

    /// <summary>Histograms: the width of one bin.</summary>
    public double BinWidth { get; init; }

    /// <summary>Log scale on the y axis (long-tailed counts).</summary>
    public bool LogY { get; init; }

    public int Width { get; init; } = 760;
    public int Height { get; init; } = 440;

    /// <summary>Several series over a shared x axis, e.g. training and validation loss per epoch.</summary>
    public static Chart Line(string title, string xLabel, string yLabel, params Series[] series) =>
        Checked(new Chart { Kind = ChartKind.Line, Title = title, XLabel = xLabel, YLabel = yLabel, Series = series });

    /// <summary>Grouped bars: one group per category, one bar per series (e.g. metrics × models).</summary>
    public static Chart Bar(string title, string xLabel, string yLabel, IReadOnlyList<string> categories, params Series[] series)
    {
        foreach (Series s in series)
            if (s.Y.Length != categories.Count)
                throw new ArgumentException($"Series \"{s.Name}\" has {s.Y.Length} values for {categories.Count} categories.");
        var positioned = series.Select(s => s with { X = Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray() }).ToArray();
        return Checked(new Chart { Kind = ChartKind.Bar, Title = title, XLabel = xLabel, YLabel = yLabel, Categories = categories, Series = positioned });
    }

    /// <summary>A histogram of one or more samples, binned here so both renderers show the same bars.</summary>
    public static Chart Histogram(string title, string xLabel, int bins, params (string Name, double[] Values)[] samples)
    {
        if (bins <= 0) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram needs at least one bin.");
        double min = samples.SelectMany(s => s.Values).Min(), max = samples.SelectMany(s => s.Values).Max();
        double width = max > min ? (max - min) / bins : 1;
        Series Binned((string Name, double[] Values) sample)
        {
            var counts = new double[bins];
            foreach (double v in sample.Values) counts[Math.Min((int)((v - min) / width), bins - 1)]++;
            return new Series(sample.Name, Enumerable.Range(0, bins).Select(b => min + (b + 0.5) * width).ToArray(), counts);
        }
        return Checked(new Chart
        {
            Kind = ChartKind.Histogram, Title = title, XLabel = xLabel, YLabel = "count",
            Series = samples.Select(Binned).ToArray(), BinWidth = width,
        });
    }

    /// <summary>Points, e.g. a 2-D projection of item embeddings; labels appear on hover in the interactive chart.</summary>
    public static Chart Scatter(string title, string xLabel, string yLabel, params Series[] series) =>
        Checked(new Chart { Kind = ChartKind.Scatter, Title = title, XLabel = xLabel, YLabel = yLabel, Series = series });

    /// <summary>A matrix as colours, e.g. attention weights or item–item similarities.</summary>
    public static Chart Heatmap(string title, string xLabel, string yLabel, double[,] values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels)
    {
        if (values.GetLength(0) != rowLabels.Count || values.GetLength(1) != columnLabels.Count)
            throw new ArgumentException($"A {values.GetLength(0)}×{values.GetLength(1)} matrix needs {values.GetLength(0)} row and {values.GetLength(1)} column labels.");
        return Checked(new Chart { Kind = ChartKind.Heatmap, Title = title, XLabel = xLabel, YLabel = yLabel, Values = values, RowLabels = rowLabels, ColumnLabels = columnLabels });
    }

    static Chart Checked(Chart chart)
    {
        if (string.IsNullOrWhiteSpace(chart.Title) || string.IsNullOrWhiteSpace(chart.XLabel) || string.IsNullOrWhiteSpace(chart.YLabel))
            throw new ArgumentException("A chart needs a title and both axis labels.");
        foreach (Series s in chart.Series)
        {
            if (string.IsNullOrWhiteSpace(s.Name)) throw new ArgumentException("Every series needs a name for the legend.");
            if (s.X.Length != s.Y.Length) throw new ArgumentException($"Series \"{s.Name}\" has {s.X.Length} x and {s.Y.Length} y values.");
            if (s.Labels != null && s.Labels.Length != s.X.Length) throw new ArgumentException($"Series \"{s.Name}\" has {s.Labels.Length} labels for {s.X.Length} points.");
        }
        return chart;
    }
}
