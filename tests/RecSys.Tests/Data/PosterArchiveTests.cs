using System.IO.Compression;
using RecSys.Data;

namespace RecSys.Tests.Data;

/// <summary>The offline path: the archive is checked, extracted into the cache, and the cache answers afterwards.</summary>
[Collection(PosterCollection.Name)]
public class PosterArchiveTests(ExtractedPosters extracted)
{
    static MovieLensDataset Data => SharedData.MovieLens100K;

    [Fact]
    public void Extracts_the_archive_into_the_cache_layout()
    {
        MoviePosters posters = extracted.Posters;
        string folder = Path.Combine(extracted.Cache.Path, "ml-100k-posters");
        Assert.Equal(folder, posters.Folder);
        Assert.Equal($"archive {PosterTestData.Archive}", posters.Origin);
        Assert.Equal(Data.ItemCount, posters.ItemCount);

        int toyStory = Data.ItemIds.ToIndex(1);
        Assert.Equal(Path.Combine(folder, "posters", "1.jpg"), posters[toyStory]);
        Assert.Equal(1, posters.Ml1mId(toyStory));
        using (ZipArchive zip = ZipFile.OpenRead(PosterTestData.Archive))
            Assert.Equal(PosterTestData.ReadEntry(zip, "ml-100k-posters/posters/1.jpg"), File.ReadAllBytes(posters[toyStory]!));

        int unknown = Data.ItemIds.ToIndex(267); // "unknown": no title, no poster
        Assert.False(posters.HasPoster(unknown));
        Assert.Null(posters.Ml1mId(unknown));

        string[] files = PosterTestData.FilesUnder(folder).Where(f => !f.StartsWith("pixels", StringComparison.Ordinal)).ToArray();
        Assert.Equal(1_421, files.Length); // 1,420 posters and mapping.csv, nothing else (no temporary file)
        Assert.Contains("mapping.csv", files);
    }

    [Fact]
    public void The_cache_answers_the_second_time_without_the_archive()
    {
        MoviePosters again = MoviePosters.Load(Data, extracted.Cache.Path, TextWriter.Null);
        Assert.Equal("cache", again.Origin);
        Assert.Equal(extracted.Posters.Paths, again.Paths);
        Assert.Equal(1_645, again.MatchedCount);
    }

    [Fact]
    public void Finds_the_archive_in_the_cache_folder_by_name()
    {
        using var cache = new TempFolder();
        PosterTestData.WriteSmallArchive(cache.File("ml-100k-posters.zip"), keep: new[] { 1, 2 });
        var progress = new StringWriter();
        MoviePosters posters = MoviePosters.Load(Data, cache.Path, progress);
        Assert.StartsWith("archive ", posters.Origin);
        Assert.Equal(2, posters.Count);
        Assert.Equal(1_645, posters.MatchedCount);
        Assert.Contains("Extracting 2 posters from", progress.ToString());
    }

    [Fact]
    public void A_missing_archive_is_a_clear_error()
    {
        using var cache = new TempFolder();
        string missing = cache.File("nowhere.zip");
        var error = Assert.Throws<DatasetException>(() => MoviePosters.Load(Data, cache.Path, TextWriter.Null, archive: missing));
        Assert.Contains($"The poster archive {missing} does not exist", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(cache.Path));
    }

    [Fact]
    public void An_archive_in_another_layout_is_a_clear_error()
    {
        using var cache = new TempFolder();
        PosterTestData.WriteSmallArchive(cache.File("flat.zip"), keep: new[] { 1 }, folder: "posters-of-ml-100k");
        var error = Assert.Throws<DatasetException>(() => MoviePosters.Load(Data, cache.Path, TextWriter.Null, archive: cache.File("flat.zip")));
        Assert.Contains("is not laid out like ml-100k-posters.zip: it has no ml-100k-posters/mapping.csv", error.Message);
        Assert.Contains("it starts with posters-of-ml-100k/mapping.csv", error.Message);
        Assert.False(File.Exists(Path.Combine(cache.Path, "ml-100k-posters", "mapping.csv")));
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_a_clear_error()
    {
        using var cache = new TempFolder();
        File.WriteAllText(cache.File("ml-100k-posters.zip"), "<html>not found</html>");
        var error = Assert.Throws<DatasetException>(() => MoviePosters.Load(Data, cache.Path, TextWriter.Null));
        Assert.Contains("is not a readable zip archive", error.Message);
        Assert.Contains("Replace it with a good copy of ml-100k-posters.zip", error.Message);
    }

    [Fact]
    public void A_mapping_of_other_data_is_rejected()
    {
        using var cache = new TempFolder();
        using (ZipArchive zip = ZipFile.Open(cache.File("ml-100k-posters.zip"), ZipArchiveMode.Create))
        using (var writer = new StreamWriter(zip.CreateEntry("ml-100k-posters/mapping.csv").Open()))
        {
            writer.Write("ml100k_item_id,ml100k_title,ml1m_movie_id,ml1m_title,poster_file\r\n");
            writer.Write("1,Jumanji (1995),2,Jumanji (1995),posters/1.jpg\r\n");
        }
        var error = Assert.Throws<DatasetException>(() => MoviePosters.Load(Data, cache.Path, TextWriter.Null));
        Assert.Contains("lists 1 films, but ml-100k has 1682", error.Message);
    }

    [Fact]
    public void A_poster_that_is_not_a_JPEG_names_the_entry_and_nothing_is_kept_for_it()
    {
        using var cache = new TempFolder();
        var html = new Dictionary<int, byte[]> { [2] = "<html><body>rate limited</body></html>"u8.ToArray() };
        PosterTestData.WriteSmallArchive(cache.File("ml-100k-posters.zip"), keep: new[] { 1, 2 }, replace: html);

        var error = Assert.Throws<DatasetException>(() => MoviePosters.Load(Data, cache.Path, TextWriter.Null));
        Assert.Contains($"The poster ml-100k-posters/posters/2.jpg in {cache.File("ml-100k-posters.zip")} is not usable", error.Message);
        Assert.Contains("does not start with the JPEG marker FF D8 FF but with \"<html><body>rate limited", error.Message);
        Assert.Contains("Replace", error.Message);
        string folder = Path.Combine(cache.Path, "ml-100k-posters");
        Assert.Equal(new[] { Path.Combine("posters", "1.jpg") }, PosterTestData.FilesUnder(folder)); // no 2.jpg, no temporary file, no mapping.csv
    }

    [Fact]
    public void A_cached_poster_damaged_later_is_reported_and_left_alone()
    {
        using var cache = new TempFolder();
        PosterTestData.WriteSmallArchive(cache.File("ml-100k-posters.zip"), keep: new[] { 1, 2 });
        MoviePosters posters = MoviePosters.Load(Data, cache.Path, TextWriter.Null);
        string damaged = posters[Data.ItemIds.ToIndex(2)]!;
        byte[] bytes = File.ReadAllBytes(damaged);
        File.WriteAllBytes(damaged, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<DatasetException>(() => MoviePosters.Load(Data, cache.Path, TextWriter.Null));
        Assert.Contains($"The cached poster {damaged} of \"GoldenEye (1995)\" is not usable: it is cut short", error.Message);
        Assert.Contains("Delete the folder", error.Message);
        Assert.Equal(bytes.Length / 2, new FileInfo(damaged).Length);
    }

    [Fact]
    public void Posters_are_keyed_by_ML_100K_only() =>
        Assert.Throws<ArgumentException>(() => MoviePosters.Load(
            new MovieLensDataset("ml-1m", Array.Empty<Rating>(), Array.Empty<Movie>(), Array.Empty<User>(), Array.Empty<string>(), "none")));
}
