using System.IO.Compression;
using RecSys.Data;

namespace RecSys.Tests.Data;

/// <summary>Corrupt, truncated and wrong files in the cache get a clear error and are never deleted or changed.</summary>
public class ArchiveRejectionTests
{
    [Fact]
    public void A_corrupt_archive_in_the_cache_is_reported_and_left_alone()
    {
        using var cache = new TempFolder();
        byte[] bytes = File.ReadAllBytes(SharedData.Archive100K);
        for (int i = 300_000; i < 300_100; i++) bytes[i] ^= 0xFF; // inside the compressed u.data (bytes 3,446 to 765,231)
        File.WriteAllBytes(cache.File("ml-100k.zip"), bytes);

        var error = Assert.Throws<DatasetException>(() => MovieLens100K.Load(cache.Path));
        Assert.Contains($"The cached file {cache.File("ml-100k.zip")} is not a genuine copy", error.Message);
        Assert.Contains("Delete it", error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(cache.File("ml-100k.zip")));
    }

    [Fact]
    public void A_truncated_archive_is_rejected()
    {
        using var cache = new TempFolder();
        byte[] bytes = File.ReadAllBytes(SharedData.Archive100K);
        File.WriteAllBytes(cache.File("ml-100k.zip"), bytes[..(bytes.Length / 2)]);
        string? problem = MovieLens100K.VerifyArchive(cache.File("ml-100k.zip"));
        Assert.NotNull(problem);
        Assert.Contains("cannot be read as a zip archive", problem);
        Assert.Throws<DatasetException>(() => MovieLens100K.Load(cache.Path));
    }

    [Fact]
    public void An_archive_with_other_ratings_is_rejected()
    {
        using var cache = new TempFolder();
        using (ZipArchive zip = ZipFile.Open(cache.File("ml-100k.zip"), ZipArchiveMode.Create))
        using (var writer = new StreamWriter(zip.CreateEntry("ml-100k/u.data").Open()))
            writer.WriteLine("1\t1\t5\t881250949");
        string? problem = MovieLens100K.VerifyArchive(cache.File("ml-100k.zip"));
        Assert.Contains("its u.data has SHA-256", problem);
    }

    [Fact]
    public void A_folder_in_the_wrong_format_names_the_file_and_line()
    {
        using var folder = new TempFolder();
        using (ZipArchive source = ZipFile.OpenRead(SharedData.Archive100K))
            foreach (ZipArchiveEntry entry in source.Entries.Where(e => e.Name is "u.genre" or "u.item" or "u.user"))
                entry.ExtractToFile(folder.File(entry.Name));
        File.WriteAllText(folder.File("u.data"), "196\t242\t3\t881250949\n186,302,3,891717742\n");
        var error = Assert.Throws<DatasetException>(() => MovieLens100K.Read(folder.Path));
        Assert.Contains("u.data line 2", error.Message);
        Assert.Contains("has 1 fields, expected 4", error.Message);
    }

    [Fact]
    public void A_missing_file_offline_says_where_to_put_it()
    {
        using var cache = new TempFolder();
        // Port 9 on loopback: nothing listens, the connection is refused at once, as when offline.
        var unreachable = MovieLens100K.Archive with { Url = new Uri("http://127.0.0.1:9/ml-100k.zip") };
        var error = Assert.Throws<DatasetException>(() => Downloader.Fetch(unreachable, cache.Path, TextWriter.Null));
        Assert.Contains($"put ml-100k.zip in {cache.Path} or set RECSYS_DATA_DIR", error.Message);
        Assert.Empty(cache.Files());
    }
}
