using System.Text;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

namespace NotebookRunner;

/// <summary>
/// Exports a chapter notebook as a .NET 10 file-based app (<c>dotnet run chapters/NN-name.cs</c>): the same code in
/// the order a C# file needs (directives, usings, top-level statements, then types), markdown as comments where it
/// stood, the parameters cell as command-line options, and every value the notebook would display printed instead.
/// Outputs are not exported. The library code the app relies on is in lib/RecSys/Apps.
/// </summary>
public static partial class AppExporter
{
    /// <summary>The variable that holds the command line in an exported app; a notebook must not use the name.</summary>
    public const string CommandLineVariable = "commandLine";

    /// <summary>Namespaces the notebook kernel imports by itself that a .NET project's implicit usings lack.</summary>
    static readonly string[] KernelImports = { "System.Collections", "System.Text" };

    /// <summary>The folder apps are written to by default: <c>chapters/</c> beside the notebooks' folder.</summary>
    public static string DefaultFolder(string notebook) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(notebook))!, "..", "chapters"));

    /// <summary>Where the app of <paramref name="notebook"/> goes in <paramref name="folder"/>: NN-name.cs.</summary>
    public static string AppPath(string notebook, string folder) => Path.Combine(folder, Path.GetFileNameWithoutExtension(notebook) + ".cs");

    /// <summary>Writes one app per notebook (a file, or every .ipynb of a folder) and returns the paths written.</summary>
    public static IReadOnlyList<string> ExportAll(IReadOnlyList<string> targets, string? folder)
    {
        var notebooks = targets.SelectMany(Runner.Notebooks).ToList();
        var texts = notebooks.Select(n => (Path: AppPath(n, folder ?? DefaultFolder(n)), Text: Export(n, folder ?? DefaultFolder(n)))).ToList();
        foreach (var (path, text) in texts)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text, new UTF8Encoding(false));
        }
        return texts.Select(t => t.Path).ToList();
    }

    /// <summary>The text of the app for <paramref name="notebook"/>, to be written into <paramref name="folder"/>.</summary>
    public static string Export(string notebook, string folder)
    {
        string path = Path.GetFullPath(notebook);
        string name = Path.GetFileName(path);
        InteractiveDocument document = NotebookFile.Read(path);
        List<InteractiveDocumentElement> cells = document.Elements.ToList();
        CheckLanguages(cells, name);
        var code = cells.Where(NotebookFile.IsCode).ToList();
        if (code.Count == 0) throw new RunnerException($"{name} has no code cell to export.");
        string Where(InteractiveDocumentElement cell) => $"{name}, code cell {code.IndexOf(cell) + 1} (`{NotebookFile.FirstLine(cell)}`)";
        InteractiveDocumentElement? parametersCell = ParametersCell(code, name);
        foreach (var cell in code) CheckNamesFree(cell, Where(cell));

        // The #r "…dll" paths first: a statement checking that one of them exists is dropped wherever it stands.
        var libraryPaths = code.SelectMany(c => CodeCellSplitter.References(c.Contents, Where(c))).Where(r => !r.IsPackage).Select(r => r.Target).ToHashSet();
        var parts = new List<(InteractiveDocumentElement Cell, CellParts? Parts)>();
        foreach (InteractiveDocumentElement cell in cells)
        {
            if (!NotebookFile.IsCode(cell)) { parts.Add((cell, null)); continue; }
            var rewrite = cell == parametersCell ? ParameterOptions.Rewriter(NotebookParameters.Parse(cell.Contents)) : null;
            parts.Add((cell, CodeCellSplitter.Split(cell.Contents, Where(cell), libraryPaths, rewrite)));
        }
        if (DeclaredNames.Conflict(parts.Where(p => p.Parts != null).Select(p => (Where(p.Cell), p.Parts!.Names)).ToList()) is string conflict)
            throw new RunnerException(conflict);

        var text = new StringBuilder();
        string fromRoot = Path.GetRelativePath(RepositoryRoot(path), path).Replace('\\', '/');
        string app = Path.GetRelativePath(RepositoryRoot(path), AppPath(path, folder)).Replace('\\', '/');
        text.Append($"""
            // {fromRoot} as a .NET 10 file-based app. Run it from the repository's folder:
            //   dotnet run {app}
            // and add `-- --help` to list its options.
            // Generated, do not edit: change the notebook, then run
            //   dotnet run --project lib/NotebookRunner -- export {fromRoot} --to cs

            """);

        // Markdown before the first code cell (the title) opens the file; then every directive and using.
        int firstCode = cells.IndexOf(code[0]);
        foreach (var cell in cells.Take(firstCode)) text.Append('\n').Append(Comment(cell.Contents)).Append('\n');
        text.Append('\n');
        foreach (string package in parts.SelectMany(p => p.Parts?.Packages ?? []).Distinct()) text.Append($"#:package {package}\n");
        foreach (string library in parts.SelectMany(p => p.Parts?.Libraries ?? []).Distinct()) text.Append($"#:project {ProjectOf(library, path, folder, name)}\n");
        text.Append('\n');
        var usings = parts.SelectMany(p => p.Parts?.Usings ?? []).Distinct().ToList();
        foreach (string used in usings) text.Append(used).Append('\n');
        text.Append("// Imported by the notebook kernel itself, and the console display and command line of this app:\n");
        foreach (string import in KernelImports.Append("RecSys.Apps").Where(i => !usings.Contains($"using {i};"))) text.Append($"using {import};\n");

        // The statements in the notebook's order, markdown as comments where it stood.
        if (parametersCell == null) text.Append('\n').Append(ParameterOptions.NoParameters).Append('\n');
        foreach (var (cell, cellParts) in parts.Skip(firstCode))
        {
            string body = cellParts == null ? Comment(cell.Contents)
                : cell == parametersCell ? ParameterOptions.Wrap(cellParts.Statements)
                : cellParts.Statements;
            if (body.Length > 0) text.Append('\n').Append(body).Append('\n');
        }

        // Types last: C# requires a program's type declarations after its top-level statements.
        var types = parts.SelectMany(p => p.Parts?.Types ?? []).ToList();
        if (types.Count > 0)
        {
            text.Append("\n// The types the notebook's cells declare, moved here from their cells (each left a note where it stood).\n");
            foreach (string type in types) text.Append('\n').Append(type).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A markdown cell as line comments, LaTeX and all, as written.</summary>
    static string Comment(string markdown) =>
        string.Join("\n", CodeCellSplitter.Tidy(markdown).Split('\n').Select(line => line.Length == 0 ? "//" : "// " + line));

    /// <summary>The series' library as notebooks load it, ../lib/X/bin/notebook/X.dll, is built from ../lib/X/X.csproj.</summary>
    static string ProjectOf(string library, string notebook, string folder, string name)
    {
        Match built = BuiltLibrary().Match(library.Replace('\\', '/'));
        string project = built.Success ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(notebook)!, built.Groups["folder"].Value, built.Groups["name"].Value + ".csproj")) : "";
        if (!built.Success || !File.Exists(project))
            throw new RunnerException($"{name} loads {library}; a file-based app can reference only the series' own libraries, loaded from lib/<Name>/bin/notebook/<Name>.dll (see notebooks/README.md).");
        return Path.GetRelativePath(folder, project).Replace('\\', '/');
    }

    static void CheckLanguages(List<InteractiveDocumentElement> cells, string name)
    {
        foreach (var cell in cells.Where(NotebookFile.IsCode))
            if (cell.KernelName is not ("csharp" or "C#" or "c#"))
                throw new RunnerException($"{name} has a {cell.KernelName} cell (`{NotebookFile.FirstLine(cell)}`); only C# cells can be exported to a C# app.");
    }

    static InteractiveDocumentElement? ParametersCell(List<InteractiveDocumentElement> code, string name)
    {
        var tagged = code.Where(c => NotebookFile.Tags(c).Contains(NotebookParameters.ParametersTag)).ToList();
        if (tagged.Count > 1) throw new RunnerException($"{name} has {tagged.Count} cells tagged \"parameters\"; a chapter has one.");
        if (code.Any(c => NotebookFile.Tags(c).Contains(NotebookParameters.InjectedTag)))
            throw new RunnerException($"{name} still holds a cell tagged \"injected-parameters\" from a run with --param; export the notebook as committed.");
        return tagged.SingleOrDefault();
    }

    /// <summary>The exported app declares <c>commandLine</c> and top-level statements receive <c>args</c>: the notebook must not use either name.</summary>
    static void CheckNamesFree(InteractiveDocumentElement cell, string where)
    {
        var identifiers = CodeCellSplitter.Identifiers(cell.Contents, where);
        foreach (string taken in new[] { CommandLineVariable, "args" })
            if (identifiers.Contains(taken))
                throw new RunnerException($"{where} uses the name \"{taken}\", which the exported app needs for its command line: rename it in the notebook.");
    }

    static string RepositoryRoot(string notebook)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(notebook)!); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "tutorial.sln"))) return dir.FullName;
        return Path.GetDirectoryName(Path.GetDirectoryName(notebook)!) ?? Path.GetDirectoryName(notebook)!;
    }

    [GeneratedRegex(@"^(?<folder>.*)/bin/notebook/(?<name>[\w.]+)\.dll$")]
    private static partial Regex BuiltLibrary();
}
