using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.Data.Analysis;

namespace RecSys.Notebooks;

/// <summary>
/// Rows of text under named columns: the one shape behind every table a notebook shows (a sequence of records, a
/// DataFrame). Drawn as HTML for notebook front ends and as aligned plain text for everything that shows only text
/// (a terminal, a text diff, <c>nbconvert --to markdown</c>, GitHub's diff view).
/// </summary>
sealed class Table
{
    const int MaxRows = 100;

    readonly string[] columns;
    readonly List<string[]> rows = new();
    int totalRows;

    Table(IEnumerable<string> columns) => this.columns = columns.ToArray();

    /// <summary>
    /// A sequence of records — objects whose public properties are all numbers, text, dates or enums (records,
    /// anonymous objects), or tuples — as a table, one column per property (Item1, Item2, … for a tuple);
    /// null for any other sequence, which then keeps the kernel's default look.
    /// </summary>
    public static Table? OfRecords(IEnumerable sequence)
    {
        Type? element = sequence.GetType().GetInterfaces().Append(sequence.GetType())
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        if (element == null || IsSimple(element)) return null;
        MemberInfo[] members = Members(element);
        if (members.Length == 0 || !members.All(m => IsSimple(TypeOf(m)))) return null;

        var table = new Table(members.Select(m => m.Name));
        foreach (object? item in sequence)
            table.Add(members.Select(m => Text(item == null ? null : ValueOf(m, item))));
        return table;
    }

    public static Table Of(DataFrame frame)
    {
        var table = new Table(frame.Columns.Select(c => c.Name));
        foreach (DataFrameRow row in frame.Rows) table.Add(row.Select(Text));
        return table;
    }

    void Add(IEnumerable<string> cells)
    {
        if (++totalRows <= MaxRows) rows.Add(cells.ToArray()); // keep counting for the note on long tables
    }

    string? Note => totalRows > MaxRows ? $"first {MaxRows} of {totalRows} rows" : null;

    public string ToHtml()
    {
        // Numbers right-aligned and never wrapped, however wide a text column (such as a protocol) makes the table.
        bool[] numeric = NumericColumns();
        var html = new StringBuilder("<table><thead><tr>");
        foreach (string column in columns) html.Append("<th>").Append(WebUtility.HtmlEncode(column)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (string[] row in rows)
        {
            html.Append("<tr>");
            for (int c = 0; c < row.Length; c++)
                html.Append(numeric[c] ? "<td style=\"text-align:right;white-space:nowrap\">" : "<td>").Append(WebUtility.HtmlEncode(row[c])).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        if (Note != null) html.Append($"<p><i>{Note}</i></p>");
        return html.ToString();
    }

    /// <summary>Columns padded to their widest cell, numbers aligned right, a rule under the names.</summary>
    public string ToText()
    {
        string[][] cells = rows.Select(r => r.Select(c => c.ReplaceLineEndings(" ")).ToArray()).ToArray();
        int[] widths = columns.Select((name, c) => cells.Select(r => r[c].Length).Append(name.Length).Max()).ToArray();
        bool[] numeric = NumericColumns();

        string Line(IEnumerable<string> values) =>
            string.Join("  ", values.Select((v, c) => numeric[c] ? v.PadLeft(widths[c]) : v.PadRight(widths[c]))).TrimEnd();

        var lines = new List<string> { Line(columns), string.Join("  ", widths.Select(w => new string('-', w))) };
        lines.AddRange(cells.Select(Line));
        if (Note != null) lines.Add($"({Note})");
        return string.Join('\n', lines);
    }

    /// <summary>Which columns hold only numbers (or nothing): those are aligned right.</summary>
    bool[] NumericColumns() =>
        columns.Select((_, c) => rows.Count > 0 && rows.All(r => r[c].Length == 0 || IsNumber(r[c]))).ToArray();

    static MemberInfo[] Members(Type element)
    {
        PropertyInfo[] properties = element.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        // A value tuple keeps its items in fields; the names a program gave them exist only at compile time.
        return properties.Length > 0 ? properties : element.GetFields(BindingFlags.Public | BindingFlags.Instance);
    }

    static Type TypeOf(MemberInfo member) => member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;

    static object? ValueOf(MemberInfo member, object item) => member is PropertyInfo p ? p.GetValue(item) : ((FieldInfo)member).GetValue(item);

    static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    static bool IsSimple(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(TimeSpan);
    }
}
