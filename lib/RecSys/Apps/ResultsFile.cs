using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using RecSys.Notebooks;

namespace RecSys.Apps;

/// <summary>
/// Writes a chapter app's results when it ends, in the notebook runner's <c>--results</c> format (one entry under
/// <c>notebooks</c>: notebook, parameters, figures, cells, totalSeconds, peakMemoryMegabytes, error), so whatever
/// reads a runner's results reads an app's too. An app has no cells, so <c>cells</c> is empty; a run that ends in an
/// unhandled exception is written with its <c>error</c>.
/// </summary>
public static class ResultsFile
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    static readonly object gate = new();
    static bool written;

    /// <summary>Writes <paramref name="path"/> when the process ends, normally or by an unhandled exception.</summary>
    public static void WriteWhenTheAppEnds(string path, IReadOnlyDictionary<string, string> parameters)
    {
        string? error = null;
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            error = (e.ExceptionObject as Exception)?.ToString() ?? e.ExceptionObject.ToString();
            Write(path, parameters, error);
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Write(path, parameters, error);
    }

    /// <summary>
    /// The results as JSON text: what <see cref="WriteWhenTheAppEnds"/> writes. Built as a JSON tree, not serialized
    /// from objects: file-based apps turn reflection-based JSON serialization off (they default to PublishAot).
    /// </summary>
    public static string ToJson(string notebook, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, double> figures,
        double totalSeconds, double peakMemoryMegabytes, string? error)
    {
        var run = new JsonObject
        {
            ["notebook"] = notebook,
            ["parameters"] = new JsonObject(parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["figures"] = new JsonObject(figures.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))),
            ["cells"] = new JsonArray(),
            ["totalSeconds"] = Math.Round(totalSeconds, 2),
            ["peakMemoryMegabytes"] = Math.Round(peakMemoryMegabytes),
            ["error"] = error,
        };
        return new JsonObject { ["notebooks"] = new JsonArray(run) }.ToJsonString(Json) + "\n";
    }

    static void Write(string path, IReadOnlyDictionary<string, string> parameters, string? error)
    {
        lock (gate)
        {
            if (written) return;
            written = true;
            using Process self = Process.GetCurrentProcess();
            string notebook = CommandLineParameters.EntryPoint() is string file ? Terminal.Shown(file) : self.ProcessName;
            double seconds = (DateTime.Now - self.StartTime).TotalSeconds;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, ToJson(notebook, parameters, Results.Recorded, seconds, self.PeakWorkingSet64 / 1e6, error));
                Console.WriteLine($"results: {Terminal.Shown(path)}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: could not write the results to {path}: {e.Message}");
                Environment.ExitCode = 1;
            }
        }
    }
}
