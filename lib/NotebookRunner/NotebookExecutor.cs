using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;

namespace NotebookRunner;

/// <summary>
/// Runs one notebook from top to bottom in a fresh kernel, in the notebook's folder: injects parameters,
/// executes the C# cells in order, turns events into outputs, stops at the first failure (that cell gets the
/// error output, later cells stay empty), collects recorded figures, and writes the notebook if asked.
/// </summary>
public static partial class NotebookExecutor
{
    public static async Task<NotebookRun> RunAsync(string notebookPath, RunOptions options, string? outputPath = null)
    {
        string path = Path.GetFullPath(notebookPath);
        string display = DisplayPath(path);
        InteractiveDocument document = NotebookFile.Read(path);
        List<InteractiveDocumentElement> codeCells = PrepareCells(document, options.Parameters, display);
        KernelEnvironment.Prepare(options.Progress);

        string resultsFile = Path.Combine(Path.GetTempPath(), $"recsys-results-{Guid.NewGuid():N}.jsonl");
        string previousDirectory = Environment.CurrentDirectory;
        var mapping = new OutputMapping(RepositoryRoot(path));
        var cellRuns = new List<CellRun>();
        string? error = null;
        var clock = Stopwatch.StartNew();
        var memory = new MemorySampler();
        try
        {
            Environment.SetEnvironmentVariable("RECSYS_RESULTS_FILE", resultsFile);
            Environment.CurrentDirectory = Path.GetDirectoryName(path)!;
            using var host = new KernelHost();
            options.Progress.WriteLine($"{display}: {codeCells.Count} code cells");
            for (int i = 0; i < codeCells.Count && error == null; i++)
            {
                InteractiveDocumentElement cell = codeCells[i];
                string firstLine = NotebookFile.FirstLine(cell);
                if (cell.Contents.Contains("#r \"nuget:"))
                    options.Progress.WriteLine($"  cell {i + 1}: restoring NuGet packages (the first run on a machine can take minutes: TorchSharp copies ≈480 MB of native files on its first use in a notebook)");

                TimeSpan left = options.NotebookTimeout - clock.Elapsed;
                TimeSpan limit = left < options.CellTimeout ? left : options.CellTimeout;
                var cellClock = Stopwatch.StartNew();
                IReadOnlyList<KernelEvent>? events = limit > TimeSpan.Zero ? await host.SubmitAsync(cell.Contents, limit) : null;
                double seconds = cellClock.Elapsed.TotalSeconds;
                foreach (string note in host.Notes) options.Progress.WriteLine("  " + note);
                host.Notes.Clear();

                cell.ExecutionOrder = i + 1;
                string outcome = "ok";
                if (events == null)
                {
                    bool notebookLimit = limit < options.CellTimeout;
                    string which = notebookLimit ? $"the notebook's time limit of {options.NotebookTimeout.TotalSeconds:F0} s" : $"the cell time limit of {options.CellTimeout.TotalSeconds:F0} s";
                    error = $"{display}: cell {i + 1} (`{firstLine}`) was stopped: it ran past {which}.";
                    cell.Outputs.Add(mapping.Error("TimeoutException", error));
                    outcome = "timeout";
                }
                else
                {
                    cell.Outputs.AddRange(mapping.Map(events, i + 1));
                    if (events.OfType<CommandFailed>().FirstOrDefault() is CommandFailed failed)
                    {
                        error = Describe(display, i + 1, firstLine, failed);
                        cell.Outputs.Add(mapping.Error(ErrorName(failed), failed.Message));
                        outcome = "failed";
                    }
                }
                cellRuns.Add(new CellRun(i + 1, firstLine, Math.Round(seconds, 3), outcome));
                options.Progress.WriteLine($"  cell {i + 1,3}/{codeCells.Count}  {seconds,7:F1} s  {outcome,-7}  {Shorten(firstLine)}");
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            Environment.SetEnvironmentVariable("RECSYS_RESULTS_FILE", null);
            memory.Dispose();
        }
        for (int i = cellRuns.Count; i < codeCells.Count; i++)
            cellRuns.Add(new CellRun(i + 1, NotebookFile.FirstLine(codeCells[i]), 0, "not run"));

        Dictionary<string, double> figures = RunResults.ReadFigures(resultsFile);
        File.Delete(resultsFile);
        if (error != null) options.Progress.WriteLine(error);
        string? failedRun = outputPath == null ? null : Write(document, path, outputPath, failed: error != null);
        if (failedRun != null)
            options.Progress.WriteLine($"{display} keeps its outputs; the failed run is in {DisplayPath(failedRun)}");
        return new NotebookRun(display, options.Parameters, figures, cellRuns, Math.Round(clock.Elapsed.TotalSeconds, 2), Math.Round(memory.PeakMegabytes), error)
        {
            FailedRun = failedRun == null ? null : DisplayPath(failedRun),
        };
    }

    /// <summary>
    /// Writes the executed notebook to <paramref name="outputPath"/>, except that a failed run never replaces the
    /// notebook it ran (--inplace): a reader's outputs stay, and the failed run goes beside it as
    /// NN-name.failed.ipynb (git-ignored), whose path is returned. A later successful run removes that copy.
    /// </summary>
    static string? Write(InteractiveDocument document, string notebookPath, string outputPath, bool failed)
    {
        bool inPlace = Path.GetFullPath(outputPath) == notebookPath;
        string failedCopy = FailedRunPath(notebookPath);
        if (inPlace && failed)
        {
            NotebookFile.Write(document, failedCopy);
            return failedCopy;
        }
        NotebookFile.Write(document, outputPath);
        if (inPlace) File.Delete(failedCopy);
        return null;
    }

    /// <summary>Where a failed in-place run of a notebook is written: beside it, NN-name.failed.ipynb.</summary>
    public static string FailedRunPath(string notebookPath) => Path.ChangeExtension(notebookPath, FailedRunExtension);

    public const string FailedRunExtension = ".failed.ipynb";

    /// <summary>Checks a notebook and its parameters without running it, so a bad argument stops a folder run before it starts.</summary>
    public static void Check(string notebookPath, RunOptions options)
    {
        string path = Path.GetFullPath(notebookPath);
        PrepareCells(NotebookFile.Read(path), options.Parameters, DisplayPath(path));
    }

    /// <summary>
    /// Checks the cells, clears old outputs, replaces an earlier injected-parameters cell with a new one when
    /// there are overrides, and returns the code cells in order.
    /// </summary>
    static List<InteractiveDocumentElement> PrepareCells(InteractiveDocument document, IReadOnlyDictionary<string, string> overrides, string display)
    {
        var cells = document.Elements;
        foreach (var old in cells.Where(c => NotebookFile.Tags(c).Contains(NotebookParameters.InjectedTag)).ToList()) cells.Remove(old);

        var code = cells.Where(NotebookFile.IsCode).ToList();
        for (int i = 0; i < code.Count; i++)
            if (code[i].KernelName != "csharp")
                throw new RunnerException($"{display}: cell {i + 1} (`{NotebookFile.FirstLine(code[i])}`) is in {code[i].KernelName}; this runner runs C# cells only.");

        if (overrides.Count > 0)
        {
            InteractiveDocumentElement parameters = code.FirstOrDefault(c => NotebookFile.Tags(c).Contains(NotebookParameters.ParametersTag))
                ?? throw new RunnerException($"{display} has no cell tagged \"{NotebookParameters.ParametersTag}\", so it takes no parameters.");
            var declared = NotebookParameters.Parse(parameters.Contents);
            var injected = new InteractiveDocumentElement(NotebookParameters.InjectedCell(declared, overrides, display), "csharp", Array.Empty<InteractiveDocumentOutputElement>())
            {
                Id = "injected-parameters",
            };
            injected.Metadata = new Dictionary<string, object>
            {
                ["tags"] = new List<object> { NotebookParameters.InjectedTag },
                ["dotnet_interactive"] = new Dictionary<string, object> { ["language"] = "csharp" },
                ["polyglot_notebook"] = new Dictionary<string, object> { ["kernelName"] = "csharp" },
            };
            cells.Insert(cells.IndexOf(parameters) + 1, injected);
            code = cells.Where(NotebookFile.IsCode).ToList();
        }

        foreach (var cell in code)
        {
            cell.Outputs.Clear();
            cell.ExecutionOrder = 0;
        }
        return code;
    }

    /// <summary>"cell 3 (`int y = "s";`) failed at line 1: error CS0029: …" for compile errors, the exception otherwise.</summary>
    static string Describe(string notebook, int number, string firstLine, CommandFailed failed)
    {
        string message = failed.Message.Split('\n')[0].Trim();
        Match compile = CompileError().Match(message);
        return compile.Success
            ? $"{notebook}: cell {number} (`{firstLine}`) does not compile: line {compile.Groups["line"].Value}, column {compile.Groups["column"].Value}: {compile.Groups["message"].Value}"
            : $"{notebook}: cell {number} (`{firstLine}`) failed: {message}";
    }

    static string ErrorName(CommandFailed failed) =>
        CompileError().IsMatch(failed.Message) ? "CompilationError" : failed.Exception?.GetType().Name ?? "Error";

    [GeneratedRegex(@"^\((?<line>\d+),(?<column>\d+)\): (?<message>error .*)$")]
    private static partial Regex CompileError();

    static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "...";

    /// <summary>The checkout holding tutorial.sln above the notebook (for relative paths in outputs), else the notebook's folder.</summary>
    static string RepositoryRoot(string notebookPath)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(notebookPath)!); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "tutorial.sln"))) return dir.FullName;
        return Path.GetDirectoryName(notebookPath)!;
    }

    static string DisplayPath(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);
}
