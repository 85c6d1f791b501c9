using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace NotebookRunner;

/// <summary>
/// Reads and writes Polyglot-format .ipynb files through the kernel's own document library, which keeps the
/// notebook's and cells' metadata (kernel info, tags, ids).
/// </summary>
public static class NotebookFile
{
    /// <summary>The only kernel our notebooks use: C#.</summary>
    public static KernelInfoCollection Kernels()
    {
        var kernels = new KernelInfoCollection { new KernelInfo("csharp", "C#", new[] { "c#", "C#" }) };
        kernels.DefaultKernelName = "csharp";
        return kernels;
    }

    public static InteractiveDocument Read(string path)
    {
        if (!File.Exists(path)) throw new RunnerException($"There is no notebook at {path}.");
        try
        {
            return Notebook.Parse(File.ReadAllText(path), Kernels());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw new RunnerException($"{path} is not a readable .ipynb notebook: {e.Message}");
        }
    }

    /// <summary>Writes through a temporary file, so a failure never leaves half a notebook.</summary>
    public static void Write(InteractiveDocument document, string path)
    {
        bool hadTopLevelKernelInfo = document.Metadata.ContainsKey("kernelInfo");
        using var stream = new MemoryStream();
        Notebook.Write(document, stream, Kernels());
        JsonNode json = JsonNode.Parse(stream.ToArray())!;
        // The writer adds a top-level "kernelInfo" that Polyglot notebooks keep under "polyglot_notebook": drop it.
        if (!hadTopLevelKernelInfo) json["metadata"]!.AsObject().Remove("kernelInfo");

        string temporary = path + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString(WriteOptions) + "\n", new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool IsCode(InteractiveDocumentElement cell) => cell.KernelName != "markdown";

    public static IReadOnlyList<string> Tags(InteractiveDocumentElement cell) =>
        cell.Metadata != null && cell.Metadata.TryGetValue("tags", out object? tags) && tags is IEnumerable<object> list
            ? list.Select(t => t?.ToString() ?? "").ToArray()
            : Array.Empty<string>();

    public static string FirstLine(InteractiveDocumentElement cell) =>
        cell.Contents.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(empty cell)";
}
