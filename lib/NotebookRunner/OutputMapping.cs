using System.Net;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookRunner;

/// <summary>
/// Turns the kernel's events for each cell of one notebook run into the cell's notebook outputs: streams,
/// display_data, execute_result and error. An updated display replaces the output it updates, as a front end
/// shows it, also when a later cell updates it. Keeps only mime types that Jupyter front ends render, gives every
/// output a text/plain form, and removes this machine's paths so a written notebook reads the same everywhere.
/// </summary>
public sealed partial class OutputMapping(string repositoryRoot)
{
    static readonly HashSet<string> RenderedMimeTypes = new()
    {
        "text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg", "image/svg+xml", "application/json",
    };

    readonly string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>Every display of the run so far by its ValueId, with its place name, so an update replaces what it updates.</summary>
    readonly Dictionary<string, (DisplayElement Element, string Place)> displays = new();

    public List<InteractiveDocumentOutputElement> Map(IEnumerable<KernelEvent> events, int executionCount)
    {
        var outputs = new List<InteractiveDocumentOutputElement>();
        foreach (KernelEvent e in events)
        {
            switch (e)
            {
                case StandardOutputValueProduced stdout:
                    AppendStream(outputs, "stdout", Text(stdout.FormattedValues));
                    break;
                case StandardErrorValueProduced stderr:
                    AppendStream(outputs, "stderr", Text(stderr.FormattedValues));
                    break;
                case ReturnValueProduced value:
                    var result = new ReturnValueElement { ExecutionOrder = executionCount };
                    foreach (var (mime, data) in Bundle(value.FormattedValues, $"c{executionCount}o{outputs.Count}")) result.Data[mime] = data;
                    outputs.Add(result);
                    break;
                case DisplayedValueUpdated update when update.ValueId != null && displays.TryGetValue(update.ValueId, out var shown):
                    shown.Element.Data.Clear();
                    foreach (var (mime, data) in Bundle(update.FormattedValues, shown.Place)) shown.Element.Data[mime] = data;
                    break;
                case DisplayEvent display and not DisplayedValueUpdated: // an update of a display nobody saw is dropped, as front ends do
                    string place = $"c{executionCount}o{outputs.Count}";
                    var element = new DisplayElement(Bundle(display.FormattedValues, place));
                    if (display.ValueId != null) displays[display.ValueId] = (element, place);
                    outputs.Add(element);
                    break;
            }
        }
        return outputs;
    }

    /// <summary>An error output: ename, evalue and the traceback's lines.</summary>
    public ErrorElement Error(string name, string message) =>
        new(errorValue: Scrub(message.Split('\n')[0].Trim()), errorName: name, stackTrace: Scrub(message).Split('\n'));

    /// <summary>Replaces the repository's absolute path with nothing (paths become relative) and the home folder with ~.</summary>
    public string Scrub(string text) =>
        text.ReplaceLineEndings("\n").Replace(repositoryRoot.TrimEnd('/') + "/", "").Replace(home.TrimEnd('/') + "/", "~/");

    static void AppendStream(List<InteractiveDocumentOutputElement> outputs, string name, string text)
    {
        // Consecutive writes to one stream form one output, as in Jupyter.
        if (outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == name)
            outputs[^1] = new TextElement(last.Text + text, name);
        else
            outputs.Add(new TextElement(text, name));
    }

    string Text(IEnumerable<FormattedValue> values) =>
        Scrub(values.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? values.FirstOrDefault()?.Value ?? "");

    /// <param name="place">Names the output's place in the notebook; it replaces ids the formatters made from the clock.</param>
    Dictionary<string, object> Bundle(IEnumerable<FormattedValue> values, string place)
    {
        var bundle = new Dictionary<string, object>();
        foreach (FormattedValue value in values.Where(v => RenderedMimeTypes.Contains(v.MimeType)))
            bundle[value.MimeType] = value.MimeType.StartsWith("image/", StringComparison.Ordinal) && value.MimeType != "image/svg+xml"
                ? value.Value
                : ClockId().Replace(Scrub(value.Value), m => $"{m.Groups[1].Value}_{place}");
        if (!bundle.ContainsKey(PlainTextFormatter.MimeType) && bundle.TryGetValue(HtmlFormatter.MimeType, out object? html))
            bundle[PlainTextFormatter.MimeType] = PlainTextOf((string)html);
        return bundle;
    }

    /// <summary>A readable text form of an HTML output for front ends that show only text: its text, without styles and scripts.</summary>
    static string PlainTextOf(string html)
    {
        string withoutCode = StyleOrScript().Replace(html, "");
        string text = WebUtility.HtmlDecode(Tag().Replace(withoutCode, " "));
        return Whitespace().Replace(text, " ").Trim();
    }

    /// <summary>Element ids made from the time, such as the DataFrame formatter's table_639311848659174067.</summary>
    [GeneratedRegex(@"\b(table)_\d{12,}\b")]
    private static partial Regex ClockId();

    [GeneratedRegex(@"<(style|script)[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleOrScript();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
