namespace NotebookRunner;

/// <summary>How to run notebooks: parameter overrides, where to write, time limits.</summary>
public sealed record RunOptions
{
    /// <summary>Overrides for the parameters cell, by name (values as typed on the command line).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Write outputs back into the notebook.</summary>
    public bool InPlace { get; init; }

    /// <summary>Write the executed notebook here instead (a file, or a folder when running a folder).</summary>
    public string? OutputPath { get; init; }

    /// <summary>Write the run's results (figures, timings, memory) here as JSON.</summary>
    public string? ResultsPath { get; init; }

    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan NotebookTimeout { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Where progress lines go (one per cell); never the notebook's own output.</summary>
    public TextWriter Progress { get; init; } = Console.Out;
}
