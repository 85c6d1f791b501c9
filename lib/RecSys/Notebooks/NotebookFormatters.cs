using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;
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
        yield return Html<EvaluationResult>(result => Table.Of(EvaluationResult.Table(result)).ToHtml() + Notebooks.Html.Caption(result.Protocol));
        yield return Text<EvaluationResult>(result => result.ToString());
        yield return Html<SplitReport>(report => Notebooks.Html.Paragraph(report.ToString()));
        yield return Text<SplitReport>(report => report.ToString());
    }

    /// <summary>
    /// Tables of records (rows of names and numbers: records, anonymous objects, tuples) and DataFrames get an
    /// aligned plain-text form, and records an HTML table, instead of a type name and an object dump. Framework
    /// types cannot carry our attribute, so these are registered when the library is first used.
    /// </summary>
#pragma warning disable CA2255 // a library's module initializer is the one hook that runs when a kernel uses it
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterTables()
    {
        Formatter.Register(new RecordTableFormatter(HtmlFormatter.MimeType, table => table.ToHtml()));
        Formatter.Register(new RecordTableFormatter(PlainTextFormatter.MimeType, table => table.ToText()));
        // A notebook that does not reference Microsoft.Data.Analysis has no DataFrame to show (and no type to name).
        if (Type.GetType("Microsoft.Data.Analysis.DataFrame, Microsoft.Data.Analysis") is Type dataFrame)
        {
            Formatter.Register(dataFrame, (value, context) => { context.Writer.Write(Table.Of((DataFrame)value).ToText()); return true; }, PlainTextFormatter.MimeType);
            Formatter.Register(dataFrame, (value, context) => { context.Writer.Write(Table.Of((DataFrame)value).ToHtml()); return true; }, HtmlFormatter.MimeType);
        }
    }

    static ITypeFormatter Html<T>(Func<T, string> html) =>
        new HtmlFormatter<T>((value, context) => { context.Writer.Write(html(value)); return true; });

    static ITypeFormatter Text<T>(Func<T, string> text) =>
        new PlainTextFormatter<T>((value, context) => { context.Writer.Write(text(value)); return true; });
}
