namespace NotebookRunner;

/// <summary>The runner's <c>export</c> command: which notebooks to write as file-based apps, and where.</summary>
public sealed record ExportCommandLine(IReadOnlyList<string> Notebooks, string? Folder, bool ShowHelp)
{
    public const string Help = """
        Exports chapter notebooks as .NET 10 file-based apps: the same code as one C# file, run with `dotnet run file.cs`.

        usage: dotnet run --project lib/NotebookRunner -- export <notebook.ipynb | folder> --to cs [--out <folder>]

          <folder>          exports every .ipynb in it
          --to cs           the format: a C# file-based app (the only one)
          --out <folder>    where NN-name.cs goes (default: chapters/ beside the notebooks' folder)
          --help            shows this text

        Directives and usings go first, types after the statements, markdown becomes comments where it stood, the
        parameters cell becomes command-line options, and each value a cell displays is printed (charts are written
        as PNG and HTML files). Outputs are not exported. Exits 2 for bad arguments or a notebook it cannot export.
        """;

    public static ExportCommandLine Parse(IReadOnlyList<string> args)
    {
        var notebooks = new List<string>();
        string? folder = null, format = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new RunnerException($"{arg} needs a value. See export --help.");
            switch (arg)
            {
                case "--help" or "-h":
                    return new ExportCommandLine(notebooks, folder, ShowHelp: true);
                case "--to":
                    format = Value();
                    break;
                case "--out":
                    folder = Value();
                    break;
                default:
                    if (arg.StartsWith('-')) throw new RunnerException($"Unknown option {arg} for export. See export --help.");
                    notebooks.Add(arg);
                    break;
            }
        }
        if (format != "cs") throw new RunnerException(format == null ? "Say what to export to: --to cs (a C# file-based app)." : $"export --to {format}: the only format is cs.");
        if (notebooks.Count == 0) throw new RunnerException("Name a notebook or a folder of notebooks to export. See export --help.");
        return new ExportCommandLine(notebooks, folder == null ? null : Path.GetFullPath(folder), ShowHelp: false);
    }
}
