using System.Text.Json;
using System.Text.RegularExpressions;

namespace RecSys.Tests.Models;

/// <summary>
/// The single-source rule (notebooks/README.md): a notebook cell that teaches library code starts with
/// <c>// @save lib/…/File.cs</c>, and the rest of the cell is exactly that file's code after its file-scoped
/// namespace line (line endings and trailing whitespace aside). A library file that says it is taught in a
/// notebook ("// Taught in notebooks/….ipynb") must have its marked cell there.
/// </summary>
public class SingleSourceTests
{
    static readonly Regex Marker = new(@"^//\s*@save\s+(?<path>\S+)\s*$");
    static readonly Regex TaughtIn = new(@"^//\s*Taught in (?<notebook>notebooks/\S+\.ipynb)\b", RegexOptions.Multiline);

    public sealed record MarkedCell(string Notebook, int Cell, string Path, string Code, IReadOnlySet<string> UsingsBefore);

    static readonly Regex Using = new(@"^using\s+(static\s+)?[\w.]+\s*;$");

    /// <summary>Every code cell of the notebook whose first line is a save marker, with the code after the marker.</summary>
    public static List<MarkedCell> MarkedCells(string notebookPath)
    {
        using JsonDocument notebook = JsonDocument.Parse(File.ReadAllText(notebookPath));
        var marked = new List<MarkedCell>();
        var usings = new HashSet<string>();
        int index = 0;
        foreach (JsonElement cell in notebook.RootElement.GetProperty("cells").EnumerateArray())
        {
            index++;
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            JsonElement source = cell.GetProperty("source");
            string text = source.ValueKind == JsonValueKind.Array ? string.Concat(source.EnumerateArray().Select(l => l.GetString())) : source.GetString()!;
            string[] lines = Normalise(text).Split('\n');
            Match match = Marker.Match(lines[0]);
            if (match.Success)
                marked.Add(new MarkedCell(Path.GetFileName(notebookPath), index, match.Groups["path"].Value, string.Join('\n', lines[1..]), usings.ToHashSet()));
            else if (lines.Skip(1).Any(line => Marker.IsMatch(line.Trim())))
                throw new InvalidOperationException($"{Path.GetFileName(notebookPath)}, cell {index}: a \"// @save\" marker must be the cell's first line.");
            usings.UnionWith(lines.Where(line => Using.IsMatch(line)));
        }
        return marked;
    }

    /// <summary>The code of a library file after its usings, comments and file-scoped namespace line.</summary>
    public static string LibraryCode(string fileText, string path)
    {
        string[] lines = Normalise(fileText).Split('\n');
        int ns = Array.FindIndex(lines, line => Regex.IsMatch(line, @"^namespace\s+[\w.]+\s*;$"));
        if (ns < 0) throw new InvalidOperationException($"{path} has no file-scoped namespace line (namespace X;): the rule compares the code after it.");
        return Normalise(string.Join('\n', lines[(ns + 1)..]));
    }

    /// <summary>Line endings to \n, no trailing whitespace, no blank lines at either end.</summary>
    public static string Normalise(string text)
    {
        string[] lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Select(l => l.TrimEnd()).ToArray();
        return string.Join('\n', lines.SkipWhile(l => l.Length == 0).Reverse().SkipWhile(l => l.Length == 0).Reverse());
    }

    /// <summary>Null when equal, else where the two first differ, with a few lines of context from each.</summary>
    public static string? Difference(string cellCode, string libraryCode)
    {
        string[] cell = Normalise(cellCode).Split('\n'), library = libraryCode.Split('\n');
        int line = 0;
        while (line < cell.Length && line < library.Length && cell[line] == library[line]) line++;
        if (line == cell.Length && line == library.Length) return null;
        string Context(string[] lines) => line >= lines.Length
            ? "    (ends here)"
            : string.Join('\n', lines.Skip(Math.Max(0, line - 1)).Take(3).Select((l, k) => $"    {Math.Max(0, line - 1) + k + 1,4}| {l}"));
        return $"first difference at code line {line + 1} (line 1 = the line after the marker / after the namespace line):\n"
            + $"  notebook cell:\n{Context(cell)}\n  library file:\n{Context(library)}";
    }

    static string Root => TestPaths.RepositoryRoot;

    static IEnumerable<string> Notebooks => Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal);

    [Fact]
    public void Every_marked_cell_equals_its_library_file()
    {
        var failures = new List<string>();
        var cells = Notebooks.SelectMany(MarkedCells).ToList();
        Assert.NotEmpty(cells);
        foreach (MarkedCell cell in cells)
        {
            string file = Path.Combine(Root, cell.Path);
            string where = $"{cell.Notebook}, cell {cell.Cell} counting all cells from 1 (// @save {cell.Path})";
            if (!File.Exists(file))
            {
                failures.Add($"{where}: the marked file does not exist. Create it with the cell's code, or fix the path (relative to the repository root).");
                continue;
            }
            string? difference = Difference(cell.Code, LibraryCode(File.ReadAllText(file), cell.Path));
            if (difference != null)
                failures.Add($"{where} and the library file have diverged; make them equal again (the chapter teaches the code the library runs).\n{difference}");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void A_marked_cell_needs_no_namespace_the_notebook_has_not_imported_before_it()
    {
        var failures = new List<string>();
        foreach (MarkedCell cell in Notebooks.SelectMany(MarkedCells))
        {
            string file = Path.Combine(Root, cell.Path);
            if (!File.Exists(file)) continue;   // reported by the test above
            var missing = Normalise(File.ReadAllText(file)).Split('\n').Where(line => Using.IsMatch(line) && !cell.UsingsBefore.Contains(line)).ToList();
            if (missing.Count > 0)
                failures.Add($"{cell.Notebook}, cell {cell.Cell}: {cell.Path} needs {string.Join(" ", missing)} — add it to the notebook's using cell.");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Each_library_file_is_saved_from_one_cell_and_the_notebook_it_names_has_that_cell()
    {
        var cells = Notebooks.SelectMany(MarkedCells).ToList();
        var duplicates = cells.GroupBy(c => c.Path).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => $"{c.Notebook} cell {c.Cell}"))}");
        Assert.True(!duplicates.Any(), "A library file may be taught by one cell only:\n" + string.Join("\n", duplicates));

        var missing = new List<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(Root, "lib"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")) continue;
            Match taught = TaughtIn.Match(File.ReadAllText(file));
            if (!taught.Success) continue;
            string relative = Path.GetRelativePath(Root, file).Replace('\\', '/');
            string notebook = Path.GetFileName(taught.Groups["notebook"].Value);
            if (!cells.Any(c => c.Notebook == notebook && c.Path == relative))
                missing.Add($"{relative} says it is taught in {notebook}, which has no cell starting with \"// @save {relative}\".");
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void The_comparison_ignores_line_endings_and_trailing_spaces_and_reports_the_first_difference()
    {
        const string file = "using TorchSharp;\r\n\r\n// Taught in notebooks/x.ipynb\r\nnamespace RecSys.Models;\r\n\r\npublic static class A\r\n{\r\n    public static int One => 1;\r\n}\r\n";
        string library = LibraryCode(file, "A.cs");
        Assert.Null(Difference("public static class A  \n{\n    public static int One => 1;\n}\n\n", library));

        string? difference = Difference("public static class A\n{\n    public static int One => 2;\n}", library);
        Assert.NotNull(difference);
        Assert.Contains("first difference at code line 3", difference);
        Assert.Contains("One => 2", difference);
        Assert.Contains("One => 1", difference);
        Assert.NotNull(Difference("public static class A\n{", library));   // a truncated cell
        Assert.Throws<InvalidOperationException>(() => LibraryCode("namespace X\n{\n}", "Old.cs"));
    }
}
