using System.Globalization;

namespace NotebookRunner;

/// <summary>The runner's command line: what to run and how.</summary>
public sealed record CommandLine(IReadOnlyList<string> Notebooks, RunOptions Options, bool ShowHelp)
{
    public const string Help = """
        Runs Polyglot-format C# notebooks (.ipynb) headlessly on the .NET Interactive kernel.

        usage: dotnet run --project lib/NotebookRunner -- <notebook.ipynb | folder> [options]
               dotnet run --project lib/NotebookRunner -- export <notebook.ipynb | folder> --to cs   (see export --help)

          <folder>                   runs every .ipynb in it, in name order
          --param name=value         overrides a default in the cell tagged "parameters" (repeatable);
                                     the value is read as the default's type (int, long, double, float, bool, string)
          --inplace                  writes outputs and execution counts back into the notebook; a notebook
                                     that fails keeps its outputs, and the failed run is written beside it
                                     as NN-name.failed.ipynb (git-ignored; a later successful run removes it)
          --output <path>            writes the executed notebook there instead (a folder when running a folder),
                                     also when the run failed; by default nothing is written
          --results <file.json>      writes notebook, parameters, recorded figures, seconds per cell, total seconds
                                     and peak memory as JSON
          --timeout <seconds>        stops a cell that runs longer (default 900)
          --notebook-timeout <s>     stops a notebook that runs longer in total (default 3600)
          --help                     shows this text

        Prints one line per cell while running and a summary table at the end; exits 1 if any notebook failed,
        2 for bad arguments. The first run on a machine restores NuGet packages, and TorchSharp copies about
        480 MB of native files into the NuGet package folder on its first use in a notebook.
        """;

    public static CommandLine Parse(string[] args)
    {
        var notebooks = new List<string>();
        var parameters = new Dictionary<string, string>();
        var options = new RunOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new RunnerException($"{arg} needs a value. See --help.");
            switch (arg)
            {
                case "--help" or "-h":
                    return new CommandLine(notebooks, options, ShowHelp: true);
                case "--param":
                    string pair = Value();
                    int equals = pair.IndexOf('=');
                    if (equals <= 0) throw new RunnerException($"--param takes name=value; got \"{pair}\".");
                    parameters[pair[..equals].Trim()] = pair[(equals + 1)..];
                    break;
                case "--inplace":
                    options = options with { InPlace = true };
                    break;
                case "--output":
                    options = options with { OutputPath = Value() };
                    break;
                case "--results":
                    options = options with { ResultsPath = Value() };
                    break;
                case "--timeout":
                    options = options with { CellTimeout = Seconds(arg, Value()) };
                    break;
                case "--notebook-timeout":
                    options = options with { NotebookTimeout = Seconds(arg, Value()) };
                    break;
                default:
                    if (arg.StartsWith('-')) throw new RunnerException($"Unknown option {arg}. See --help.");
                    notebooks.Add(arg);
                    break;
            }
        }
        if (notebooks.Count == 0) throw new RunnerException("Name a notebook or a folder of notebooks. See --help.");
        if (options.InPlace && options.OutputPath != null) throw new RunnerException("Use --inplace or --output, not both.");
        return new CommandLine(notebooks, options with { Parameters = parameters }, ShowHelp: false);
    }

    static TimeSpan Seconds(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : throw new RunnerException($"{option} takes a number of seconds; got \"{text}\".");
}
