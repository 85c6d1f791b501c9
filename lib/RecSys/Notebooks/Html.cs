using System.Net;

namespace RecSys.Notebooks;

/// <summary>Small HTML pieces for notebook output (tables: <see cref="Table"/>).</summary>
static class Html
{
    public static string Paragraph(string text) => $"<p>{WebUtility.HtmlEncode(text)}</p>";

    public static string Caption(string text) => $"<p><i>{WebUtility.HtmlEncode(text)}</i></p>";
}
