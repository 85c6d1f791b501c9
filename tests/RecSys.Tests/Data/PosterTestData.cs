using System.IO.Compression;
using RecSys.Data;

namespace RecSys.Tests.Data;

/// <summary>The real poster archive and ML-1M's movies.dat from ../shared/data, and small archives built from them.</summary>
public static class PosterTestData
{
    public static string Archive => Path.Combine(TestPaths.SharedData, MoviePosters.ArchiveFileName);

    public static string Ml1mFolder => Path.Combine(TestPaths.SharedData, "ml-1m-partial");

    static readonly Lazy<Movie[]> ml1mMovies = new(() => MovieLens1M.ReadMovies(Ml1mFolder));

    public static Movie[] Ml1mMovies => ml1mMovies.Value;

    /// <summary>The archive's mapping.csv lines (header first), as text.</summary>
    public static string[] ArchiveMappingLines()
    {
        using ZipArchive zip = ZipFile.OpenRead(Archive);
        using var reader = new StreamReader(zip.GetEntry("ml-100k-posters/mapping.csv")!.Open());
        return reader.ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The posters by ML-1M movie id, as the source repository names them, from posters extracted from the archive.</summary>
    public static Dictionary<int, byte[]> PostersByMl1mId(MoviePosters fromArchive)
    {
        var posters = new Dictionary<int, byte[]>();
        for (int item = 0; item < fromArchive.ItemCount; item++)
            if (fromArchive[item] is string path) posters[fromArchive.Ml1mId(item)!.Value] = File.ReadAllBytes(path);
        return posters;
    }

    /// <summary>
    /// A small archive in the real layout: the real mapping.csv with poster_file kept only for
    /// <paramref name="keep"/> (ML-100K ids), whose bytes come from the real archive unless <paramref name="replace"/> gives others.
    /// </summary>
    public static void WriteSmallArchive(string path, int[] keep, Dictionary<int, byte[]>? replace = null, string folder = "ml-100k-posters")
    {
        using ZipArchive source = ZipFile.OpenRead(Archive);
        using ZipArchive target = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var writer = new StreamWriter(target.CreateEntry($"{folder}/mapping.csv").Open()))
            foreach (string line in ArchiveMappingLines())
            {
                bool kept = line.StartsWith("ml100k_item_id", StringComparison.Ordinal) || keep.Any(id => line.StartsWith($"{id},", StringComparison.Ordinal));
                writer.Write((kept ? line : line[..line.LastIndexOf(',')] + ",") + "\r\n");
            }
        foreach (int id in keep)
        {
            byte[] bytes = replace != null && replace.TryGetValue(id, out byte[]? other) ? other : ReadEntry(source, $"ml-100k-posters/posters/{id}.jpg");
            using Stream entry = target.CreateEntry($"{folder}/posters/{id}.jpg").Open();
            entry.Write(bytes);
        }
    }

    public static byte[] ReadEntry(ZipArchive zip, string name)
    {
        using Stream stream = zip.GetEntry(name)!.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>Every file under a folder, relative paths, sorted.</summary>
    public static string[] FilesUnder(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal).ToArray();
}

/// <summary>The real archive extracted once into a temporary cache, shared by the poster test classes.</summary>
public sealed class ExtractedPosters : IDisposable
{
    public TempFolder Cache { get; } = new();

    public MoviePosters Posters { get; }

    public ExtractedPosters()
    {
        try
        {
            Posters = MoviePosters.Load(SharedData.MovieLens100K, Cache.Path, TextWriter.Null, archive: PosterTestData.Archive);
        }
        catch
        {
            Cache.Dispose(); // xunit does not dispose a fixture whose constructor failed
            throw;
        }
    }

    public void Dispose() => Cache.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PosterCollection : ICollectionFixture<ExtractedPosters>
{
    public const string Name = "Posters extracted from the archive";
}
