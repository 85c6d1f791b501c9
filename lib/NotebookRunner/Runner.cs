namespace NotebookRunner;

/// <summary>Runs the notebooks a command line names (files, or folders in name order) and summarises them.</summary>
public static class Runner
{
    public static async Task<IReadOnlyList<NotebookRun>> RunAllAsync(IReadOnlyList<string> targets, RunOptions options)
    {
        var notebooks = targets.SelectMany(Notebooks).ToList();
        foreach (string notebook in notebooks) NotebookExecutor.Check(notebook, options);
        bool folder = targets.Any(Directory.Exists);
        if (options.OutputPath != null && folder) Directory.CreateDirectory(options.OutputPath);

        var runs = new List<NotebookRun>();
        foreach (string notebook in notebooks)
        {
            string? output = options.InPlace ? notebook
                : options.OutputPath == null ? null
                : folder ? Path.Combine(options.OutputPath, Path.GetFileName(notebook))
                : options.OutputPath;
            runs.Add(await NotebookExecutor.RunAsync(notebook, options, output));
        }
        if (options.ResultsPath != null) RunResults.Write(options.ResultsPath, runs);
        return runs;
    }

    /// <summary>A table of notebook, cells run, seconds and result.</summary>
    public static string Summary(IReadOnlyList<NotebookRun> runs)
    {
        int width = Math.Max(8, runs.Max(r => r.Notebook.Length));
        var lines = new List<string> { $"{"notebook".PadRight(width)}  cells  seconds  peak MB  result", new string('-', width + 33) };
        foreach (NotebookRun run in runs)
        {
            int ran = run.Cells.Count(c => c.Outcome != "not run");
            lines.Add($"{run.Notebook.PadRight(width)}  {ran,2}/{run.Cells.Count,-2}  {run.TotalSeconds,7:F1}  {run.PeakMemoryMegabytes,7:F0}  {(run.Succeeded ? "ok" : "FAILED")}");
        }
        foreach (NotebookRun run in runs.Where(r => r.FailedRun != null))
            lines.Add($"{run.Notebook} keeps its outputs; the failed run is in {run.FailedRun}");
        return string.Join('\n', lines);
    }

    /// <summary>The notebooks a target names: the file itself, or every .ipynb of a folder in name order.</summary>
    public static IEnumerable<string> Notebooks(string target)
    {
        if (Directory.Exists(target))
        {
            // A failed run kept beside its notebook (NN-name.failed.ipynb) is not a chapter to run.
            string[] found = Directory.GetFiles(target, "*.ipynb")
                .Where(f => !f.EndsWith(NotebookExecutor.FailedRunExtension, StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToArray();
            return found.Length > 0 ? found : throw new RunnerException($"The folder {target} holds no .ipynb notebook.");
        }
        if (File.Exists(target) && target.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)) return new[] { target };
        throw new RunnerException(File.Exists(target)
            ? $"{target} is not a notebook (.ipynb)."
            : $"There is no notebook or folder at {target} (working directory: {Environment.CurrentDirectory}).");
    }
}
