using System.Globalization;
using System.Text;

namespace RecSys.Data;

/// <summary>
/// MovieLens 100K (Harper &amp; Konstan 2015): 100,000 ratings (1–5 stars) from 943 users on 1,682 films,
/// 1997–1998, with user demographics, film genres and the official 5-fold split u1..u5.
/// </summary>
public static class MovieLens100K
{
    /// <summary>MD5 of the archive GroupLens publishes.</summary>
    public const string OfficialArchiveMd5 = "0e33842e24a9c977be4e0107933c0723";

    /// <summary>SHA-256 of u.data, for genuine copies that were re-zipped (their archive MD5 differs).</summary>
    public const string RatingsFileSha256 = "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490";

    public const int RatingCount = 100_000, UserCount = 943, ItemCount = 1_682;

    public static readonly DatasetFile Archive = new(
        "ml-100k.zip",
        new Uri("https://files.grouplens.org/datasets/movielens/ml-100k.zip"),
        VerifyArchive)
    { HomePage = "https://grouplens.org/datasets/movielens/100k/" };

    /// <summary>Loads ML-100K from the cache, downloading and verifying it first if needed.</summary>
    public static MovieLensDataset Load(string? cacheDirectory = null) => Read(Downloader.Fetch(Archive, cacheDirectory));

    /// <summary>Reads ML-100K from an archive or extracted folder, checking its counts (no checksum).</summary>
    public static MovieLensDataset Read(string archiveOrFolder)
    {
        using DatasetFiles files = DatasetFiles.Open(archiveOrFolder);
        string[] genres = files.ReadRecords("u.genre", "|", 2, Encoding.Latin1).Select(g => g[0]).ToArray();
        Movie[] items = ReadItems(files, genres);
        User[] users = files.ReadRecords("u.user", "|", 5, Encoding.Latin1)
            .Select(f => new User(FieldParsing.Int(f[0], "u.user"), FieldParsing.Int(f[1], "u.user"), f[2], f[3], f[4]))
            .ToArray();
        Rating[] ratings = ReadRatings(files, "u.data", new IdMap("user", users.Select(u => u.Id)), new IdMap("item", items.Select(m => m.Id)));

        if (ratings.Length != RatingCount || users.Length != UserCount || items.Length != ItemCount)
            throw new DatasetException(
                $"{archiveOrFolder} is not MovieLens 100K: it has {ratings.Length} ratings, {users.Length} users and {items.Length} items " +
                $"(expected {RatingCount}, {UserCount}, {ItemCount}).");
        return new MovieLensDataset("ml-100k", ratings, items, users, genres, archiveOrFolder);
    }

    /// <summary>
    /// The official fold <paramref name="fold"/> (1–5): u{fold}.base for training, u{fold}.test for testing.
    /// The five test sets are disjoint and together hold every rating, so 5-fold means are comparable to published tables.
    /// </summary>
    public static (Rating[] Train, Rating[] Test) OfficialFold(MovieLensDataset data, int fold)
    {
        if (fold is < 1 or > 5) throw new ArgumentOutOfRangeException(nameof(fold), fold, "ML-100K has official folds 1 to 5.");
        using DatasetFiles files = DatasetFiles.Open(data.SourcePath);
        return (ReadRatings(files, $"u{fold}.base", data.UserIds, data.ItemIds), ReadRatings(files, $"u{fold}.test", data.UserIds, data.ItemIds));
    }

    /// <summary>Null for a genuine archive: the official one by MD5, or a re-zipped one whose u.data is byte-identical.</summary>
    public static string? VerifyArchive(string path)
    {
        if (Checksums.Md5OfFile(path) == OfficialArchiveMd5) return null;
        try
        {
            using DatasetFiles files = DatasetFiles.Open(path);
            if (!files.Has("u.data")) return "it has no u.data";
            using Stream ratings = files.OpenRead("u.data");
            string sha256 = Checksums.Sha256(ratings);
            return sha256 == RatingsFileSha256
                ? null
                : $"its MD5 is not the official {OfficialArchiveMd5} and its u.data has SHA-256 {sha256}, not {RatingsFileSha256}";
        }
        catch (Exception e) when (e is DatasetException or InvalidDataException or IOException)
        {
            return $"it cannot be read as a zip archive ({e.Message})";
        }
    }

    /// <summary>u.item: id | title | release date | video release date | IMDb URL | 19 genre flags (ISO-8859-1).</summary>
    static Movie[] ReadItems(DatasetFiles files, string[] genres)
    {
        return files.ReadRecords("u.item", "|", 5 + genres.Length, Encoding.Latin1)
            .Select(f =>
            {
                string[] itemGenres = genres.Where((_, g) => f[5 + g] == "1").ToArray();
                return new Movie(FieldParsing.Int(f[0], "u.item"), f[1], FieldParsing.YearInTitle(f[1]) ?? ReleaseYear(f[2]), itemGenres);
            })
            .ToArray();
    }

    /// <summary>"01-Jan-1995" → 1995; the one film with no date ("unknown") has none.</summary>
    static int? ReleaseYear(string date) =>
        DateTime.TryParseExact(date, "dd-MMM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime d) ? d.Year : null;

    /// <summary>u.data and the fold files: user id, item id, rating, timestamp, separated by tabs.</summary>
    static Rating[] ReadRatings(DatasetFiles files, string name, IdMap users, IdMap items) =>
        files.ReadRecords(name, "\t", 4, Encoding.ASCII)
            .Select(f => FieldParsing.RatingRecord(f[0], f[1], f[2], f[3], name, users, items))
            .ToArray();
}
