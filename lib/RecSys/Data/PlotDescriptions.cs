using System.Text.Json;

namespace RecSys.Data;

/// <summary>
/// One-paragraph plot descriptions of ML-100K films, scraped from IMDb by the public repository
/// manfredmichael/movielens-details (no licence stated: it is downloaded, never committed).
/// Of its 1,591 entries, those holding IMDb's "no plot summary yet" placeholder and those that point at another
/// film (scraped year more than one year from the MovieLens year) are treated as missing.
/// </summary>
public sealed class PlotDescriptions
{
    public const string FileSha256 = "91797362fe45e38b385e817b81eb53604af7f20596b50a594b6f07ca66c102c5";
    const string Placeholder = "It looks like we don't have any Plot Summaries";

    public static readonly DatasetFile File = new(
        "movielens100k_details.json",
        new Uri("https://raw.githubusercontent.com/manfredmichael/movielens-details/deca05a31f7d5a53a75a3ac335d4dfc5e9d9ea63/movielens100k_details.json"),
        path => Checksums.Sha256OfFile(path) is var sha256 && sha256 == FileSha256 ? null : $"its SHA-256 is {sha256}, not {FileSha256}")
    { HomePage = "https://github.com/manfredmichael/movielens-details" };

    readonly string?[] byItem;

    PlotDescriptions(string?[] byItem, int entries, int placeholders, int otherFilm)
    {
        this.byItem = byItem;
        Entries = entries;
        Placeholders = placeholders;
        OtherFilm = otherFilm;
    }

    /// <summary>The description of an item index, or null when there is no reliable one.</summary>
    public string? this[int itemIndex] => byItem[itemIndex];

    /// <summary>How many items have a reliable description.</summary>
    public int Count => byItem.Count(d => d != null);

    /// <summary>Entries in the file; of those, how many were placeholders and how many described another film.</summary>
    public int Entries { get; }
    public int Placeholders { get; }
    public int OtherFilm { get; }

    /// <summary>Loads the descriptions for <paramref name="data"/> (ML-100K), downloading the file if needed.</summary>
    public static PlotDescriptions Load(MovieLensDataset data, string? cacheDirectory = null) =>
        Read(Downloader.Fetch(File, cacheDirectory), data);

    public static PlotDescriptions Read(string path, MovieLensDataset data)
    {
        if (data.Name != "ml-100k") throw new ArgumentException($"Plot descriptions are keyed by ML-100K ids; got {data.Name}.", nameof(data));
        var byItem = new string?[data.ItemCount];
        int entries = 0, placeholders = 0, otherFilm = 0;
        try
        {
            using JsonDocument json = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
            foreach (JsonElement entry in json.RootElement.EnumerateArray())
            {
                entries++;
                int itemIndex = data.ItemIds.ToIndex(entry.GetProperty("movie_id").GetInt32());
                string description = entry.GetProperty("description").GetString() ?? "";
                double? scrapedYear = ScrapedYear(entry.GetProperty("year"));
                int? movieYear = data.Items[itemIndex].Year;
                if (description.StartsWith(Placeholder, StringComparison.Ordinal) || description.Length == 0) placeholders++;
                else if (scrapedYear == null || movieYear == null || Math.Abs(scrapedYear.Value - movieYear.Value) > 1) otherFilm++;
                else byItem[itemIndex] = description;
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new DatasetException($"{path} is not in the movielens-details format: {e.Message}", e);
        }
        return new PlotDescriptions(byItem, entries, placeholders, otherFilm);
    }

    /// <summary>
    /// The scraped "year" is a number (1962.0), a string holding a year ("1959"), or text for a hit that is not
    /// a film at all ("Episode aired Apr 10, 2016", "Video Game"): only the first two are years of a film.
    /// </summary>
    static double? ScrapedYear(JsonElement year) => year.ValueKind switch
    {
        JsonValueKind.Number => year.GetDouble(),
        JsonValueKind.String when int.TryParse(year.GetString(), out int y) => y,
        _ => null,
    };
}
