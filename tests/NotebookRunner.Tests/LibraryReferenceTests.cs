using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NotebookRunner.Tests;

/// <summary>
/// How notebooks load their packages and the helper library: the same pins as the build, the library as last
/// built in any configuration, and a message naming the command to run when it is not built yet.
/// </summary>
public partial class LibraryReferenceTests : IDisposable
{
    const string LibraryPath = "../lib/RecSys/bin/notebook/RecSys.dll";

    readonly string folder = Directory.CreateTempSubdirectory("library-reference-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static IEnumerable<string> Chapters() =>
        Directory.GetFiles(Path.Combine(Fixtures.RepositoryRoot, "notebooks"), "*.ipynb").Where(p => !p.EndsWith(NotebookExecutor.FailedRunExtension)).Order(StringComparer.Ordinal);

    static IEnumerable<string> AllNotebooks() => Chapters().Concat(Directory.GetFiles(Fixtures.Folder, "*.ipynb").Order(StringComparer.Ordinal));

    static string Source(JsonNode cell) => string.Concat(cell["source"]!.AsArray().Select(l => (string?)l));

    static string FirstCodeCell(string notebook) => Source(Fixtures.CodeCells(Fixtures.ReadJson(notebook))[0]!);

    /// <summary>Directory.Packages.props: every PackageVersion, its version with $(Properties) resolved.</summary>
    static Dictionary<string, string> CentralVersions()
    {
        XDocument props = XDocument.Load(Path.Combine(Fixtures.RepositoryRoot, "Directory.Packages.props"));
        var properties = props.Descendants("PropertyGroup").Elements().ToDictionary(e => e.Name.LocalName, e => e.Value.Trim());
        return props.Descendants("PackageVersion").ToDictionary(
            p => (string)p.Attribute("Include")!,
            p => PropertyReference().Replace((string)p.Attribute("Version")!, m => properties[m.Groups[1].Value]),
            StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_package_a_notebook_references_is_pinned_to_the_version_in_Directory_Packages_props()
    {
        Dictionary<string, string> pinned = CentralVersions();
        int checkedReferences = 0;
        foreach (string notebook in AllNotebooks())
            foreach (JsonNode? cell in Fixtures.CodeCells(Fixtures.ReadJson(notebook)))
                foreach (Match reference in NugetReference().Matches(Source(cell!)))
                {
                    string name = reference.Groups["name"].Value.Trim(), version = reference.Groups["version"].Value.Trim();
                    string where = $"{Path.GetFileName(notebook)} references {reference.Value}";
                    Assert.True(pinned.ContainsKey(name), $"{where}, but Directory.Packages.props has no version for {name}: add it there first.");
                    Assert.True(version == pinned[name], $"{where}, but Directory.Packages.props pins {name} {pinned[name]}: use that version.");
                    checkedReferences++;
                }
        Assert.True(checkedReferences >= 4 * Chapters().Count(), $"found only {checkedReferences} #r \"nuget:\" lines");
    }

    [Fact]
    public void Every_chapter_checks_the_library_is_built_then_loads_it_from_the_configuration_independent_folder()
    {
        foreach (string chapter in Chapters())
        {
            string cell = FirstCodeCell(chapter);
            string name = Path.GetFileName(chapter);
            int check = cell.IndexOf($"File.Exists(\"{LibraryPath}\")", StringComparison.Ordinal);
            int split = cell.IndexOf("\n#!csharp\n", StringComparison.Ordinal);
            int load = cell.IndexOf($"#r \"{LibraryPath}\"", StringComparison.Ordinal);
            Assert.True(check >= 0 && check < split && split < load,
                $"{name}'s first code cell must check that {LibraryPath} exists, then start a new submission (#!csharp), then #r it (see notebooks/README.md).");
            Assert.Contains("run `dotnet build tutorial.sln`", cell);
        }
        foreach (string notebook in AllNotebooks())
            Assert.False(ConfigurationFolder().IsMatch(File.ReadAllText(notebook)),
                $"{Path.GetFileName(notebook)} loads the library from a configuration's own folder; use bin/notebook/RecSys.dll, which every build updates.");
    }

    [Fact]
    public void The_library_notebooks_load_is_the_one_this_build_produced()
    {
        // This test assembly is in tests/NotebookRunner.Tests/bin/<configuration>/<framework>/.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string library = Path.Combine(Fixtures.RepositoryRoot, "lib", "RecSys", "bin");
        string built = Path.Combine(library, configuration, "net8.0", "RecSys.dll");
        string forNotebooks = Path.Combine(library, "notebook", "RecSys.dll");

        Assert.True(File.Exists(forNotebooks), $"{forNotebooks} is missing: building lib/RecSys must copy its output there (RecSys.csproj, CopyLibraryForNotebooks).");
        Assert.True(File.ReadAllBytes(built).AsSpan().SequenceEqual(File.ReadAllBytes(forNotebooks)), $"{forNotebooks} is not the {configuration} build {built}.");
    }

    [Fact]
    public async Task Before_any_build_a_chapter_says_which_command_to_run()
    {
        // A chapter's real first cell, in a checkout where the library was never built.
        string notebooks = Directory.CreateDirectory(Path.Combine(folder, "notebooks")).FullName;
        JsonObject notebook = Fixtures.ReadJson(Fixtures.Path("trivial.ipynb"));
        JsonNode trivialCell = notebook["cells"]![0]!;
        JsonNode referencesCell = trivialCell.DeepClone();
        referencesCell["source"] = new JsonArray(FirstCodeCell(Chapters().First()));
        referencesCell["id"] = "references";
        notebook["cells"] = new JsonArray(referencesCell, trivialCell.DeepClone());
        string path = Path.Combine(notebooks, "unbuilt.ipynb");
        File.WriteAllText(path, notebook.ToJsonString());

        NotebookRun run = await NotebookExecutor.RunAsync(path, new RunOptions { Progress = TextWriter.Null });

        Assert.False(run.Succeeded);
        Assert.Contains("cell 1 (`#r \"nuget: TorchSharp-cpu, 0.107.0\"`) failed: System.IO.FileNotFoundException: The helper library is not built yet: run `dotnet build tutorial.sln`", run.Error);
        Assert.Equal(new[] { "failed", "not run" }, run.Cells.Select(c => c.Outcome));
    }

    [GeneratedRegex(@"\$\((\w+)\)")]
    private static partial Regex PropertyReference();

    [GeneratedRegex(@"#r\s+""nuget:\s*(?<name>[^,""]+)(,(?<version>[^""]*))?""")]
    private static partial Regex NugetReference();

    [GeneratedRegex(@"RecSys/bin/(Debug|Release)/")]
    private static partial Regex ConfigurationFolder();
}
