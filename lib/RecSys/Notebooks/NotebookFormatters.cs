using System.Collections;
using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Formatting;
using RecSys.Evaluation;
using RecSys.Plots;
using RecSys.Splitting;

namespace RecSys.Notebooks;

/// <summary>
/// How the library's values look in a notebook, all in one place: each type gets an HTML view and a plain-text
/// view. A kernel finds them itself through the <c>[TypeFormatterSource]</c> attribute on each type, so they work
/// in any kernel that loads the library (VS Code, Jupyter, our runner). A new type is one more pair of lines in
/// <see cref="CreateTypeFormatters"/> and the attribute on the type.
/// </summary>
public sealed class NotebookFormatters : ITypeFormatterSource
{
    public IEnumerable<ITypeFormatter> CreateTypeFormatters()
    {
        yield return Html<Chart>(ChartHtml.Render);
        yield return Text<Chart>(chart => $"[chart] {chart.Title}");
        yield return Html<EvaluationResult>(result => Notebooks.Html.Table(EvaluationResult.Table(result)) + Notebooks.Html.Caption(result.Protocol));
        yield return Text<EvaluationResult>(result => result.ToString());
        yield return Html<SplitReport>(report => Notebooks.Html.Paragraph(report.ToString()));
        yield return Text<SplitReport>(report => report.ToString());
    }

    /// <summary>
    /// Sequences of records (rows of names and numbers) as tables, one column per property. Framework types
    /// cannot carry our attribute, so this one is registered when the library is first used.
    /// </summary>
#pragma warning disable CA2255 // a library's module initializer is the one hook that runs when a kernel uses it
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterRecordTables() =>
        Formatter.Register(typeof(IEnumerable), (value, context) => Notebooks.Html.TryWriteRecordTable((IEnumerable)value, context.Writer), HtmlFormatter.MimeType);

    static ITypeFormatter Html<T>(Func<T, string> html) =>
        new HtmlFormatter<T>((value, context) => { context.Writer.Write(html(value)); return true; });

    static ITypeFormatter Text<T>(Func<T, string> text) =>
        new PlainTextFormatter<T>((value, context) => { context.Writer.Write(text(value)); return true; });
}
