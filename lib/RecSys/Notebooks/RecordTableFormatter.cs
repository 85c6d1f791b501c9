using System.Collections;
using Microsoft.DotNet.Interactive.Formatting;

namespace RecSys.Notebooks;

/// <summary>
/// Shows a sequence of records (<see cref="Table.OfRecords"/>) as a table in one form (HTML or plain text), and any
/// other sequence — a string, a list of numbers — exactly as the kernel would without it: a registered formatter
/// hides the kernel's own ones for every type it covers, even when it has nothing to write.
/// </summary>
sealed class RecordTableFormatter(string mimeType, Func<Table, string> draw) : ITypeFormatter
{
    public Type Type => typeof(IEnumerable);

    public string MimeType => mimeType;

    public bool Format(object? instance, FormatContext context)
    {
        if (instance is IEnumerable sequence && Table.OfRecords(sequence) is Table table)
        {
            context.Writer.Write(draw(table));
            return true;
        }
        if (instance == null)
        {
            context.Writer.Write(Formatter.NullString);
            return true;
        }
        return KernelFormatterFor(instance.GetType()).Format(instance, context);
    }

    /// <summary>
    /// The most specific formatter the kernel has for the type other than ours (at least its fallback for any
    /// object). Ours are known by name: a process that runs several notebooks may have loaded this library twice.
    /// </summary>
    ITypeFormatter KernelFormatterFor(Type type) =>
        Formatter.RegisteredFormatters(includeDefaults: true)
            .Where(f => f.GetType().FullName != typeof(RecordTableFormatter).FullName && f.MimeType == mimeType && f.Type.IsAssignableFrom(type))
            .Aggregate((best, next) => next.Type != best.Type && best.Type.IsAssignableFrom(next.Type) ? next : best);
}
