using System.Reflection;
using System.Text;
using Microsoft.DotNet.Interactive.Formatting;

namespace RecSys.Notebooks;

/// <summary>
/// Where progress lines go, such as the one line per epoch of <see cref="Training.TrainingLoop"/>: in a notebook,
/// one displayed line that each new line replaces in place, so a 60-epoch run shows (and its saved notebook keeps)
/// a single line, the last; anywhere else — a console, a test — every line, as written.
/// <code>var history = TrainingLoop.Run(model, optimizer, batches, loss, epochs, log: new ProgressLine());</code>
/// </summary>
public sealed class ProgressLine : TextWriter
{
    readonly TextWriter? console;
    readonly StringBuilder pending = new();
    DisplayedValue? shown;

    /// <param name="console">Where the lines go outside a notebook; standard output by default.</param>
    public ProgressLine(TextWriter? console = null) => this.console = InNotebook() ? null : console ?? Console.Out;

    /// <summary>The last complete line written; null before the first.</summary>
    public string? Last { get; private set; }

    /// <summary>How many lines were written.</summary>
    public int Lines { get; private set; }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n') Show(pending.ToString());
        else if (value != '\r') pending.Append(value);
    }

    public override void Write(string? value)
    {
        foreach (char c in value ?? "") Write(c);
    }

    void Show(string line)
    {
        pending.Clear();
        Last = line;
        Lines++;
        if (console != null) console.WriteLine(line);
        else if (shown == null) shown = Display(line);
        else shown.Update(line);
    }

    /// <summary>
    /// Displays the line and returns the value the kernel shows, to update later. The kernel's own
    /// <c>value.Display()</c> returns a copy whose updates carry another display id, so no front end would apply
    /// them; the value the kernel was given is caught as it passes instead.
    /// </summary>
    static DisplayedValue Display(string line)
    {
        DisplayedValue? displayed = null;
        using (Formatter.SubscribeToDisplayedValues(value => { if (ReferenceEquals(value.Value, line)) displayed = value; }))
            line.Display(PlainTextFormatter.MimeType);
        return displayed ?? throw new InvalidOperationException("The notebook kernel did not display the progress line.");
    }

    /// <summary>
    /// True while a notebook cell runs (the kernel's <c>KernelInvocationContext.Current</c> is set). Looked up by
    /// name: the library does not depend on the kernel package (the whole C# compiler), which only notebooks load.
    /// </summary>
    static bool InNotebook() =>
        Type.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext, Microsoft.DotNet.Interactive")
            ?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) != null;
}
