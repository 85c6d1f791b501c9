using System.Text;

namespace RecSys.Data;

/// <summary>
/// MovieLens 1M (Harper &amp; Konstan 2015): 1,000,209 ratings (1–5 stars) from 6,040 users on 3,706 of 3,883 films,
/// 2000–2003. Files use "::" between fields: ratings.dat (UserID::MovieID::Rating::Timestamp),
/// movies.dat (MovieID::Title::Genres, ISO-8859-1) and users.dat (UserID::Gender::Age::Occupation::Zip-code).
/// </summary>
public static class MovieLens1M
{
    /// <summary>MD5 of the archive GroupLens publishes.</summary>
    public const string OfficialArchiveMd5 = "c4d9eecfca2ab87c1945afe126590906";

    public const int RatingCount = 1_000_209, UserCount = 6_040, ItemCount = 3_883;

    /// <summary>The 18 genres, in the order of the dataset's README.</summary>
    public static readonly IReadOnlyList<string> GenreNames = new[]
    {
        "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    };

    /// <summary>users.dat codes its occupations 0–20; these are their names from the dataset's README.</summary>
    public static readonly IReadOnlyList<string> OccupationNames = new[]
    {
        "other", "academic/educator", "artist", "clerical/admin", "college/grad student", "customer service",
        "doctor/health care", "executive/managerial", "farmer", "homemaker", "K-12 student", "lawyer", "programmer",
        "retired", "sales/marketing", "scientist", "self-employed", "technician/engineer", "tradesman/craftsman",
        "unemployed", "writer",
    };

    public static readonly DatasetFile Archive = new(
        "ml-1m.zip",
        new Uri("https://files.grouplens.org/datasets/movielens/ml-1m.zip"),
        VerifyArchive)
    { HomePage = "https://grouplens.org/datasets/movielens/1m/" };

    /// <summary>Loads ML-1M from the cache, downloading and verifying it first if needed.</summary>
    public static MovieLensDataset Load(string? cacheDirectory = null)
    {
        MovieLensDataset data = Read(Downloader.Fetch(Archive, cacheDirectory));
        if (data.Ratings.Length != RatingCount || data.UserCount != UserCount || data.ItemCount != ItemCount)
            throw new DatasetException(
                $"{data.SourcePath} is not MovieLens 1M: it has {data.Ratings.Length} ratings, {data.UserCount} users and " +
                $"{data.ItemCount} items (expected {RatingCount}, {UserCount}, {ItemCount}).");
        return data;
    }

    /// <summary>
    /// Reads the ML-1M format from an archive or an extracted folder, checking every record but not the counts,
    /// so a smaller file in the same format (a test fixture, a sample) reads too.
    /// </summary>
    public static MovieLensDataset Read(string archiveOrFolder)
    {
        using DatasetFiles files = DatasetFiles.Open(archiveOrFolder);
        Movie[] items = ReadMovies(files);
        User[] users = files.ReadRecords("users.dat", "::", 5, Encoding.Latin1)
            .Select(f => new User(FieldParsing.Int(f[0], "users.dat"), FieldParsing.Int(f[2], "users.dat"), f[1], Occupation(f[3]), f[4]))
            .ToArray();
        var userIds = new IdMap("user", users.Select(u => u.Id));
        var itemIds = new IdMap("item", items.Select(m => m.Id));
        Rating[] ratings = files.ReadRecords("ratings.dat", "::", 4, Encoding.ASCII)
            .Select(f => FieldParsing.RatingRecord(f[0], f[1], f[2], f[3], "ratings.dat", userIds, itemIds))
            .ToArray();
        return new MovieLensDataset("ml-1m", ratings, items, users, GenreNames, archiveOrFolder);
    }

    /// <summary>
    /// Only the films (movies.dat) from an archive or a folder: enough to match titles (see <see cref="TitleMatching"/>)
    /// where ratings.dat is not at hand.
    /// </summary>
    public static Movie[] ReadMovies(string archiveOrFolder)
    {
        using DatasetFiles files = DatasetFiles.Open(archiveOrFolder);
        return ReadMovies(files);
    }

    static Movie[] ReadMovies(DatasetFiles files) =>
        files.ReadRecords("movies.dat", "::", 3, Encoding.Latin1)
            .Select(f => new Movie(FieldParsing.Int(f[0], "movies.dat"), f[1], FieldParsing.YearInTitle(f[1]), ParseGenres(f[2])))
            .ToArray();

    /// <summary>Null for the official archive, or for a re-zipped copy with the full ratings.dat.</summary>
    public static string? VerifyArchive(string path)
    {
        if (Checksums.Md5OfFile(path) == OfficialArchiveMd5) return null;
        try
        {
            using DatasetFiles files = DatasetFiles.Open(path);
            foreach (string name in new[] { "ratings.dat", "movies.dat", "users.dat" })
                if (!files.Has(name)) return $"it has no {name}";
            int lines = 0;
            using (var reader = new StreamReader(files.OpenRead("ratings.dat")))
                while (reader.ReadLine() != null) lines++;
            return lines == RatingCount
                ? null
                : $"its MD5 is not the official {OfficialArchiveMd5} and its ratings.dat has {lines} lines, not {RatingCount}";
        }
        catch (Exception e) when (e is DatasetException or InvalidDataException or IOException)
        {
            return $"it cannot be read as a zip archive ({e.Message})";
        }
    }

    static string[] ParseGenres(string field)
    {
        string[] genres = field.Split('|');
        string? unknown = genres.FirstOrDefault(g => !GenreNames.Contains(g));
        return unknown == null ? genres : throw new DatasetException($"movies.dat: unknown genre \"{unknown}\" in \"{field}\".");
    }

    static string Occupation(string code)
    {
        int index = FieldParsing.Int(code, "users.dat");
        return index >= 0 && index < OccupationNames.Count
            ? OccupationNames[index]
            : throw new DatasetException($"users.dat: occupation code {index} is not between 0 and 20.");
    }
}
