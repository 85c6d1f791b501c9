using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>
/// The chapters in notebooks/ and one smoke run of each (its metadata's "recsys": {"smoke_parameters": {...}}),
/// made once per test run and shared: the notebook smoke tests check the run, the app tests compare the exported
/// app's figures with it.
/// </summary>
public static class SmokeRuns
{
    static readonly ConcurrentDictionary<string, Lazy<Task<NotebookRun>>> runs = new();

    public static string NotebooksFolder => Path.Combine(Fixtures.RepositoryRoot, "notebooks");

    /// <summary>The chapters, without a failed --inplace run kept beside one (NN-name.failed.ipynb).</summary>
    public static IEnumerable<string> Chapters() =>
        Directory.GetFiles(NotebooksFolder, "*.ipynb").Where(p => !p.EndsWith(NotebookExecutor.FailedRunExtension)).Order(StringComparer.Ordinal);

    public static TheoryData<string> ChapterNames()
    {
        var names = new TheoryData<string>();
        foreach (string path in Chapters()) names.Add(Path.GetFileName(path));
        return names;
    }

    public static Dictionary<string, string> SmokeParameters(string notebook)
    {
        JsonNode? declared = Fixtures.ReadJson(notebook)["metadata"]?["recsys"]?["smoke_parameters"];
        Assert.True(declared is JsonObject, $"{notebook} declares no smoke parameters (metadata.recsys.smoke_parameters).");
        return declared!.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToString());
    }

    /// <summary>The smoke run of the chapter <paramref name="name"/> (NN-name.ipynb), run on first request.</summary>
    public static Task<NotebookRun> Of(string name) => runs.GetOrAdd(name, _ => new Lazy<Task<NotebookRun>>(() =>
    {
        string path = Path.Combine(NotebooksFolder, name);
        var options = new RunOptions { Parameters = SmokeParameters(path), Progress = TextWriter.Null, CellTimeout = TimeSpan.FromMinutes(5) };
        return NotebookExecutor.RunAsync(path, options);
    })).Value;
}
