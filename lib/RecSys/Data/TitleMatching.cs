using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RecSys.Data;

/// <summary>
/// Finds the same film in two MovieLens releases by title and year, as the poster data does (ML-100K → ML-1M).
/// Titles are read as "name (year)". Two names are the same when they are equal after: ignoring case and accents,
/// dropping trailing aliases in parentheses ("Postino, Il (The Postman)" → "Postino, Il"), and moving a trailing
/// article to the front ("Usual Suspects, The" → "The Usual Suspects"). Years may differ by one (release dates
/// differ between countries); an exact year wins over a year off by one, then the first film listed.
/// Nothing else is forgiven: punctuation must agree ("What's Love Got to Do with It" is not "…It?"), and a title
/// that does not end in its year ("Land Before Time III: … (1995) (V)", "unknown") matches nothing.
/// </summary>
public static partial class TitleMatching
{
    /// <summary>Articles that MovieLens writes after the name ("Misérables, Les").</summary>
    static readonly HashSet<string> Articles = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "il", "la", "le", "les", "l'", "el", "das", "der", "die",
    };

    /// <summary>
    /// The name of a title in comparable form, or null when the title does not end in a year:
    /// "Misérables, Les (1995)" → "les miserables".
    /// </summary>
    public static string? NormalisedName(string title)
    {
        Match split = NameAndYear().Match(title);
        if (!split.Success) return null;
        string name = WithoutAccents(split.Groups[1].Value).ToLowerInvariant().Trim();
        for (Match alias = TrailingAlias().Match(name); alias.Success; alias = TrailingAlias().Match(name))
            name = alias.Groups[1].Value.Trim();
        Match article = TrailingArticle().Match(name);
        if (article.Success && Articles.Contains(article.Groups[2].Value))
            name = article.Groups[2].Value + " " + article.Groups[1].Value;
        return Spaces().Replace(name, " ").Trim();
    }

    /// <summary>The year at the end of a title, "Toy Story (1995)" → 1995, or null.</summary>
    public static int? Year(string title)
    {
        Match split = NameAndYear().Match(title);
        return split.Success ? int.Parse(split.Groups[2].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// For each film of <paramref name="films"/> (in order), the id of the same film in <paramref name="candidates"/>,
    /// or null when none matches.
    /// </summary>
    public static int?[] MatchIds(IReadOnlyList<Movie> films, IReadOnlyList<Movie> candidates)
    {
        var candidatesByName = new Dictionary<string, List<(int Id, int Year)>>(StringComparer.Ordinal);
        foreach (Movie candidate in candidates)
        {
            if (NormalisedName(candidate.Title) is not string name || Year(candidate.Title) is not int year) continue;
            if (!candidatesByName.TryGetValue(name, out var list)) candidatesByName[name] = list = new();
            list.Add((candidate.Id, year));
        }

        var ids = new int?[films.Count];
        for (int i = 0; i < films.Count; i++)
        {
            if (NormalisedName(films[i].Title) is not string name || Year(films[i].Title) is not int year) continue;
            if (!candidatesByName.TryGetValue(name, out var sameName)) continue;
            ids[i] = sameName.Where(c => c.Year == year).Select(c => (int?)c.Id).FirstOrDefault()
                     ?? sameName.Where(c => Math.Abs(c.Year - year) == 1).Select(c => (int?)c.Id).FirstOrDefault();
        }
        return ids;
    }

    static string WithoutAccents(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (char c in text.Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) kept.Append(c);
        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    [GeneratedRegex(@"^(.*?)\s*\((\d{4})\)\s*$")]
    private static partial Regex NameAndYear();

    [GeneratedRegex(@"^(.*\S)\s*\([^()]*\)$")]
    private static partial Regex TrailingAlias();

    [GeneratedRegex(@"^(.*), ([^ ,]+)$")]
    private static partial Regex TrailingArticle();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
