using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.Data.Analysis;

namespace RecSys.Notebooks;

/// <summary>Small HTML pieces for notebook output.</summary>
static class Html
{
    public static string Paragraph(string text) => $"<p>{WebUtility.HtmlEncode(text)}</p>";

    public static string Caption(string text) => $"<p><i>{WebUtility.HtmlEncode(text)}</i></p>";

    const int MaxRecordRows = 100;

    /// <summary>
    /// Writes a sequence of records (objects whose public properties are all numbers, text, dates or enums) as a
    /// table; returns false for any other sequence, which then keeps its default look.
    /// </summary>
    public static bool TryWriteRecordTable(IEnumerable sequence, TextWriter writer)
    {
        Type? element = sequence.GetType().GetInterfaces().Append(sequence.GetType())
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        if (element == null || IsSimple(element)) return false;
        PropertyInfo[] columns = element.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        if (columns.Length == 0 || !columns.All(c => IsSimple(c.PropertyType))) return false;

        var html = new StringBuilder("<table><thead><tr>");
        foreach (PropertyInfo column in columns) html.Append("<th>").Append(WebUtility.HtmlEncode(column.Name)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        int rows = 0;
        foreach (object? item in sequence)
        {
            if (++rows > MaxRecordRows) continue; // keep counting for the note below
            html.Append("<tr>");
            foreach (PropertyInfo column in columns)
                html.Append("<td>").Append(WebUtility.HtmlEncode(Convert.ToString(column.GetValue(item), CultureInfo.InvariantCulture) ?? "")).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        if (rows > MaxRecordRows) html.Append($"<p><i>first {MaxRecordRows} of {rows} rows</i></p>");
        writer.Write(html.ToString());
        return true;
    }

    static bool IsSimple(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(TimeSpan);
    }

    /// <summary>A DataFrame as a plain HTML table (every row: these tables are small).</summary>
    public static string Table(DataFrame frame)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (DataFrameColumn column in frame.Columns) html.Append("<th>").Append(WebUtility.HtmlEncode(column.Name)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (DataFrameRow row in frame.Rows)
        {
            html.Append("<tr>");
            foreach (object? cell in row) html.Append("<td>").Append(WebUtility.HtmlEncode(cell?.ToString() ?? "")).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
