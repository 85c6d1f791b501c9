using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>Paths to the fixture notebooks and the repository, and a quiet way to run one.</summary>
public static class Fixtures
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Folder => System.IO.Path.Combine(RepositoryRoot, "tests", "NotebookRunner.Tests", "Fixtures");

    public static string Path(string name) => System.IO.Path.Combine(Folder, name);

    public static Task<NotebookRun> RunAsync(string name, RunOptions? options = null, string? output = null) =>
        NotebookExecutor.RunAsync(Path(name), (options ?? new RunOptions()) with { Progress = TextWriter.Null }, output);

    public static JsonObject ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    public static JsonArray CodeCells(JsonObject notebook) =>
        new(notebook["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").Select(c => c!.DeepClone()).ToArray());

    /// <summary>All text of a cell's outputs of one mime type (or stream text), joined.</summary>
    public static string OutputText(JsonNode cell, string mime = "text/plain") =>
        string.Concat(cell["outputs"]!.AsArray().Select(o =>
            (string?)o!["output_type"] == "stream" ? Join(o["text"]) : Join(o["data"]?[mime])));

    /// <summary>
    /// The figures a committed notebook recorded, as its last cell shows them (<c>Results.Table()</c>: name, value
    /// rounded to 4 decimals), by name.
    /// </summary>
    public static Dictionary<string, string> CommittedFigures(string notebook)
    {
        JsonNode lastCell = CodeCells(ReadJson(notebook))[^1]!;
        return System.Text.RegularExpressions.Regex.Matches(OutputText(lastCell, "text/html"), "<tr><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td></tr>")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    /// <summary>The text of one display or result output in one mime type.</summary>
    public static string DataText(JsonNode output, string mime = "text/plain") => Join(output["data"]?[mime]);

    static string Join(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        _ => (string?)node ?? "",
    };

    static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "tutorial.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find tutorial.sln above " + AppContext.BaseDirectory);
    }
}
