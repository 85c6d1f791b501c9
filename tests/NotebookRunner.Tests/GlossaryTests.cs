using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookRunner.Tests;

/// <summary>
/// notebooks/GLOSSARY.md must hold every term a chapter marks as introduced. A chapter marks a term by writing the
/// English term immediately followed by its Chinese name in parentheses: "collaborative filtering (协同过滤)",
/// "**Implicit feedback (隐式反馈)**", "explicit feedback (显式反馈, star ratings)". The glossary row must carry the
/// same Chinese name, an English term that ends the text before the parenthesis (case, emphasis and a plural s
/// aside; an abbreviation in parentheses counts too), and a link to the chapter that names one of its headings.
/// </summary>
public partial class GlossaryTests
{
    static string NotebooksFolder => Path.Combine(Fixtures.RepositoryRoot, "notebooks");

    static string GlossaryPath => Path.Combine(NotebooksFolder, "GLOSSARY.md");

    public static TheoryData<string> Notebooks()
    {
        var names = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(NotebooksFolder, "*.ipynb").Order(StringComparer.Ordinal))
            names.Add(Path.GetFileName(path));
        return names;
    }

    [Theory, MemberData(nameof(Notebooks))]
    public void Every_term_the_chapter_marks_has_a_glossary_row_with_its_Chinese_name_and_a_link_to_the_chapter(string notebook)
    {
        List<GlossaryRow> glossary = ReadGlossary();
        var problems = new List<string>();
        foreach (TermMark mark in ReadChapter(notebook).Marks)
        {
            string where = $"{notebook}, section \"{mark.Section}\", writes \"…{Tail(mark.TextBefore)}({mark.Chinese})\"";
            GlossaryRow? row = glossary.FirstOrDefault(r => r.Chinese == mark.Chinese);
            if (row == null)
                problems.Add($"{where}, but GLOSSARY.md has no row for {mark.Chinese}. Add, in alphabetical order: "
                    + $"| <the English term before the parenthesis> | {mark.Chinese} | <one-line definition> | {ChapterLink(notebook, mark.Section)} |"
                    + " (link the section that explains the term).");
            else if (!row.EnglishForms.Any(term => EndsWithTerm(Normalise(mark.TextBefore), Normalise(term))))
                problems.Add($"{where}, but GLOSSARY.md line {row.Line} calls {mark.Chinese} \"{row.English}\". "
                    + $"Write \"{row.EnglishForms[0]} ({mark.Chinese})\" in the chapter, or give the row the chapter's term.");
            else if (!row.Links.Any(link => link.Notebook == notebook))
                problems.Add($"{where}, but GLOSSARY.md line {row.Line} (\"{row.English}\") has no link to {notebook}. "
                    + $"Add \"; {ChapterLink(notebook, mark.Section)}\" to its last column, naming the section that explains the term.");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    [Theory, MemberData(nameof(Notebooks))]
    public void Chinese_in_a_chapter_appears_only_as_a_marked_term(string notebook)
    {
        string[] loose = ReadChapter(notebook).UnmarkedChinese;
        Assert.True(loose.Length == 0,
            $"{notebook} has Chinese outside a marked term, where the glossary test cannot see it. Write each as "
            + "\"English term (中文)\", with ASCII parentheses and the Chinese name before any comma inside them:\n" + string.Join("\n", loose));
    }

    [Fact]
    public void Every_glossary_link_opens_an_existing_file_and_names_a_heading_of_the_chapter()
    {
        var problems = new List<string>();
        foreach (Match link in MarkdownLink().Matches(File.ReadAllText(GlossaryPath)))
        {
            string text = link.Groups["text"].Value, target = link.Groups["target"].Value;
            if (target.StartsWith("http://") || target.StartsWith("https://") || target.StartsWith('#')) continue;
            if (!File.Exists(Path.Combine(NotebooksFolder, target)))
                problems.Add($"[{text}]({target}): notebooks/{target} does not exist.");
            else if (target.EndsWith(".ipynb") && !NamesAHeading(text, target, out string expected))
                problems.Add($"[{text}]({target}): {expected}");
        }
        Assert.True(problems.Count == 0, "GLOSSARY.md links:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Glossary_rows_are_complete_unique_and_alphabetical()
    {
        List<GlossaryRow> rows = ReadGlossary();
        Assert.NotEmpty(rows);
        foreach (GlossaryRow row in rows)
        {
            Assert.True(row.Cells == 4, $"GLOSSARY.md line {row.Line} has {row.Cells} columns; the table has 4: English | 中文 | Definition | Introduced in.");
            Assert.True(ChineseCharacter().IsMatch(row.Chinese), $"GLOSSARY.md line {row.Line} (\"{row.English}\") has no Chinese name.");
            Assert.False(string.IsNullOrWhiteSpace(row.Definition), $"GLOSSARY.md line {row.Line} (\"{row.English}\") has no definition.");
            Assert.True(row.Links.Any(link => link.Notebook != null), $"GLOSSARY.md line {row.Line} (\"{row.English}\") links to no chapter notebook.");
        }
        foreach (var twice in rows.GroupBy(r => r.Chinese).Where(g => g.Count() > 1))
            Assert.Fail($"GLOSSARY.md has {twice.Key} on lines {string.Join(", ", twice.Select(r => r.Line))}; a Chinese name names one term.");
        foreach (var twice in rows.SelectMany(r => r.EnglishForms.Select(term => (term: Normalise(term), r.Line))).GroupBy(t => t.term).Where(g => g.Count() > 1))
            Assert.Fail($"GLOSSARY.md has \"{twice.Key}\" on lines {string.Join(", ", twice.Select(t => t.Line))}; an English term names one concept.");
        for (int i = 1; i < rows.Count; i++)
            Assert.True(string.Compare(rows[i - 1].English, rows[i].English, StringComparison.OrdinalIgnoreCase) < 0,
                $"GLOSSARY.md is sorted by English term: \"{rows[i].English}\" (line {rows[i].Line}) belongs before \"{rows[i - 1].English}\" (line {rows[i - 1].Line}).");
    }

    // ---- The glossary ----

    record ChapterLinkCell(string Text, string Target)
    {
        /// <summary>The notebook file the link opens, or null when it opens something else.</summary>
        public string? Notebook => Target.EndsWith(".ipynb") ? Path.GetFileName(Target) : null;
    }

    record GlossaryRow(int Line, int Cells, string English, string Chinese, string Definition, ChapterLinkCell[] Links)
    {
        /// <summary>"mean average precision (MAP)" is written in a chapter as either form.</summary>
        public string[] EnglishForms => AbbreviatedTerm().Match(English) is { Success: true } m
            ? [m.Groups["term"].Value, m.Groups["abbreviation"].Value]
            : [English];
    }

    /// <summary>The rows of the glossary's table; the first table line is its header, the second its rule.</summary>
    static List<GlossaryRow> ReadGlossary()
    {
        string[] lines = File.ReadAllLines(GlossaryPath);
        var rows = new List<GlossaryRow>();
        bool header = true;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (!line.StartsWith('|') || TableRule().IsMatch(line)) continue;
            if (header) { header = false; continue; }
            string[] cells = UnescapedPipe().Split(line.Trim('|')).Select(c => c.Trim()).ToArray();
            string Cell(int k) => k < cells.Length ? cells[k] : "";
            ChapterLinkCell[] links = MarkdownLink().Matches(Cell(3))
                .Select(m => new ChapterLinkCell(m.Groups["text"].Value, m.Groups["target"].Value)).ToArray();
            rows.Add(new GlossaryRow(i + 1, cells.Length, Cell(0), Cell(1), Cell(2), links));
        }
        return rows;
    }

    /// <summary>How a glossary row links to a section: "[02 · 3. Matrix factorisation](02-collaborative-filtering.ipynb)".</summary>
    static string ChapterLink(string notebook, string section) => $"[{ChapterNumber(notebook)} · {section}]({notebook})";

    static string ChapterNumber(string notebook) => notebook.Split('-')[0];

    static bool NamesAHeading(string text, string notebook, out string expected)
    {
        string[] headings = ReadChapter(notebook).Headings;
        Match named = NamedSection().Match(text);
        bool found = named.Success && named.Groups["chapter"].Value == ChapterNumber(notebook)
            && headings.Contains(named.Groups["section"].Value.Trim(), StringComparer.OrdinalIgnoreCase);
        expected = $"the text must be \"{ChapterNumber(notebook)} · <heading>\" with one of the chapter's headings: "
            + string.Join(" / ", headings.Select(h => $"\"{h}\""));
        return found;
    }

    // ---- The chapters ----

    /// <summary>A marked term: the Chinese name in the parenthesis and the line's text before it.</summary>
    record TermMark(string Chinese, string TextBefore, string Section);

    record Chapter(TermMark[] Marks, string[] UnmarkedChinese, string[] Headings);

    /// <summary>Reads the chapter's markdown cells line by line: its headings, marked terms and any other Chinese.</summary>
    static Chapter ReadChapter(string notebook)
    {
        var marks = new List<TermMark>();
        var unmarked = new List<string>();
        var headings = new List<string>();
        string section = "(before the first heading)";
        bool inCodeBlock = false;
        foreach (string line in MarkdownLines(Path.Combine(NotebooksFolder, notebook)))
        {
            if (line.TrimStart().StartsWith("```")) inCodeBlock = !inCodeBlock;
            Match heading = Heading().Match(line);
            if (heading.Success && !inCodeBlock)
            {
                section = HeadingText(heading.Groups["text"].Value);
                headings.Add(section);
            }
            var markedSpans = new List<(int Start, int End)>();
            foreach (Match mark in Mark().Matches(line))
            {
                Group name = mark.Groups["chinese"];
                marks.Add(new TermMark(Spaces().Replace(name.Value.Trim(), " "), line[..mark.Index], section));
                markedSpans.Add((name.Index, name.Index + name.Length));
            }
            foreach (Match chinese in ChineseRun().Matches(line))
                if (!markedSpans.Any(s => s.Start <= chinese.Index && chinese.Index + chinese.Length <= s.End))
                    unmarked.Add($"section \"{section}\": \"{chinese.Value}\" in \"…{Excerpt(line, chinese.Index)}…\"");
        }
        return new Chapter(marks.ToArray(), unmarked.ToArray(), headings.ToArray());
    }

    static IEnumerable<string> MarkdownLines(string path)
    {
        foreach (JsonNode? cell in Fixtures.ReadJson(path)["cells"]!.AsArray())
        {
            if ((string?)cell!["cell_type"] != "markdown") continue;
            string source = cell["source"] is JsonArray parts ? string.Concat(parts.Select(p => (string?)p)) : (string?)cell["source"] ?? "";
            foreach (string line in source.Split('\n')) yield return line;
        }
    }

    /// <summary>"### 2.2 The long tail (长尾)" is named "2.2 The long tail": a link names the section without its marks.</summary>
    static string HeadingText(string heading) =>
        Spaces().Replace(MarkInHeading().Replace(heading, "").Replace("*", "").Replace("`", ""), " ").Trim();

    // ---- Matching a term ----

    /// <summary>Lower case, without emphasis or code markers, single spaces.</summary>
    static string Normalise(string text) =>
        Spaces().Replace(text.Replace("*", "").Replace("`", ""), " ").Trim().ToLowerInvariant();

    /// <summary>Whether the text ends with the whole term, or its plural ending in s or es.</summary>
    static bool EndsWithTerm(string text, string term) =>
        new[] { term, term + "s", term + "es" }.Any(form =>
            text.EndsWith(form, StringComparison.Ordinal)
            && (text.Length == form.Length || !IsWordCharacter(text[text.Length - form.Length - 1])));

    static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c == '-';

    static string Tail(string text) => text.Length <= 40 ? text : text[^40..];

    static string Excerpt(string line, int at) => line.Substring(Math.Max(0, at - 40), Math.Min(line.Length, at + 20) - Math.Max(0, at - 40));

    /// <summary>"(" then the Chinese name, up to the first comma or ")": it must contain a Chinese character.</summary>
    [GeneratedRegex(@"\((?<chinese>[^(),，)]*\p{IsCJKUnifiedIdeographs}[^(),，)]*)(?=[,，)])")]
    private static partial Regex Mark();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}+")]
    private static partial Regex ChineseRun();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex ChineseCharacter();

    [GeneratedRegex(@"\s*\([^()]*\p{IsCJKUnifiedIdeographs}[^()]*\)")]
    private static partial Regex MarkInHeading();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(?<chapter>\d+) · (?<section>.+)$")]
    private static partial Regex NamedSection();

    [GeneratedRegex(@"^(?<term>.+?)\s*\((?<abbreviation>[^()]+)\)$")]
    private static partial Regex AbbreviatedTerm();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^\|(\s*:?-+:?\s*\|)+$")]
    private static partial Regex TableRule();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
