using RecSys.Data;

namespace RecSys.Tests.Data;

/// <summary>
/// The download path against a server on 127.0.0.1 laid out like the source repository (images/&lt;ML-1M id&gt;.jpg),
/// serving the posters of the offline archive under their ML-1M ids.
/// </summary>
[Collection(PosterCollection.Name)]
public class PosterDownloadTests(ExtractedPosters extracted)
{
    static MovieLensDataset Data => SharedData.MovieLens100K;

    LoopbackPosterServer Server() => new(PosterTestData.PostersByMl1mId(extracted.Posters));

    static MoviePosters Download(LoopbackPosterServer server, TempFolder cache, TextWriter? progress = null) =>
        MoviePosters.Download(Data, PosterTestData.Ml1mMovies, server.ImagesUrl, cache.Path, progress ?? TextWriter.Null);

    [Fact]
    public void Downloads_each_matched_films_poster_once_and_writes_the_archive_layout()
    {
        using LoopbackPosterServer server = Server();
        using var cache = new TempFolder();
        var progress = new StringWriter();

        MoviePosters posters = Download(server, cache, progress);

        Assert.Equal($"download {server.ImagesUrl}", posters.Origin);
        Assert.Equal(1_645, posters.MatchedCount);
        Assert.Equal(1_420, posters.Count);
        // One request per ML-1M movie: films ML-100K lists twice share one.
        Assert.Equal(MatchedMovies().Length, server.TotalRequests);
        Assert.All(server.Requests.Values, n => Assert.Equal(1, n));
        Assert.Contains($"Downloading the posters of 1,645 films from {server.ImagesUrl}", progress.ToString());
        Assert.Contains("100% (1,645 of 1,645 films, 1,420 posters)", progress.ToString());
        for (int item = 0; item < Data.ItemCount; item++)
        {
            Assert.Equal(extracted.Posters.Ml1mId(item), posters.Ml1mId(item));
            Assert.Equal(extracted.Posters.HasPoster(item), posters.HasPoster(item));
        }
        int toyStory = Data.ItemIds.ToIndex(1);
        Assert.Equal(File.ReadAllBytes(extracted.Posters[toyStory]!), File.ReadAllBytes(posters[toyStory]!));
        // Same files as the archive gives: mapping.csv and 1,420 posters, no temporary file.
        string folder = Path.Combine(cache.Path, "ml-100k-posters");
        Assert.Equal(PosterTestData.FilesUnder(extracted.Posters.Folder).Where(f => !f.StartsWith("pixels", StringComparison.Ordinal)), PosterTestData.FilesUnder(folder));

        // Afterwards the cache answers and the server is not asked again.
        Assert.Equal("cache", MoviePosters.Load(Data, cache.Path, TextWriter.Null).Origin);
        Assert.Equal("cache", Download(server, cache).Origin);
        Assert.Equal(MatchedMovies().Length, server.TotalRequests);
    }

    [Fact]
    public void A_file_that_is_not_a_JPEG_is_named_with_the_fix_and_nothing_half_written_stays()
    {
        using LoopbackPosterServer server = Server();
        server.Files[1] = "<!DOCTYPE html><html>429 Too Many Requests</html>"u8.ToArray(); // Toy Story
        using var cache = new TempFolder();

        var error = Assert.Throws<DatasetException>(() => Download(server, cache));
        Assert.Contains($"The poster {server.ImagesUrl}1.jpg (\"Toy Story (1995)\") is not usable: it is not a JPEG", error.Message);
        Assert.Contains("Nothing was saved for it", error.Message);
        Assert.Contains($"or put ml-100k-posters.zip in {cache.Path}", error.Message);
        AssertNothingHalfWritten(cache, withoutPosterOf: 1);
    }

    [Fact]
    public void A_poster_cut_short_is_rejected()
    {
        using LoopbackPosterServer server = Server();
        byte[] whole = server.Files[1];
        server.Files[1] = whole[..(whole.Length / 2)];
        using var cache = new TempFolder();

        var error = Assert.Throws<DatasetException>(() => Download(server, cache));
        Assert.Contains("1.jpg (\"Toy Story (1995)\") is not usable: it is cut short", error.Message);
        AssertNothingHalfWritten(cache, withoutPosterOf: 1);
    }

    [Fact]
    public void A_server_error_is_reported_and_a_rerun_downloads_only_what_is_missing()
    {
        using LoopbackPosterServer server = Server();
        server.Statuses[1] = 503;
        using var cache = new TempFolder();

        var error = Assert.Throws<DatasetException>(() => Download(server, cache));
        Assert.Contains($"Could not download the poster of \"Toy Story (1995)\": {server.ImagesUrl}1.jpg answered 503", error.Message);
        Assert.Contains("Run again later (posters already downloaded are kept)", error.Message);
        AssertNothingHalfWritten(cache, withoutPosterOf: 1);

        // The rerun asks only for the films it has no poster of yet: no poster is downloaded twice.
        string[] kept = PosterTestData.FilesUnder(Path.Combine(cache.Path, "ml-100k-posters"));
        server.Statuses.Clear();
        server.Requests.Clear();
        MoviePosters posters = Download(server, cache);
        Assert.Equal(1_420, posters.Count);
        int[] keptMovies = kept.Select(file => extracted.Posters.Ml1mId(Data.ItemIds.ToIndex(IdOf(file)))!.Value).Distinct().ToArray();
        Assert.NotEmpty(keptMovies);
        Assert.Equal(MatchedMovies().Except(keptMovies).Order(), server.Requests.Keys.Order());
    }

    [Fact]
    public void Offline_without_archive_or_ML_1M_the_error_says_to_put_the_archive_in_the_cache()
    {
        using var cache = new TempFolder();
        // Port 9 on loopback: nothing listens, the connection is refused at once, as when offline.
        var offline = new PosterSource(new Uri("http://127.0.0.1:9/images/"), MovieLens1M.Archive with { Url = new Uri("http://127.0.0.1:9/ml-1m.zip") });
        var error = Assert.Throws<DatasetException>(() => MoviePosters.Load(Data, cache.Path, TextWriter.Null, source: offline));
        Assert.Contains("matched to ML-100K through ML-1M's movies.dat, which could not be read: Could not download ml-1m.zip", error.Message);
        Assert.Contains($"Offline, put ml-100k-posters.zip in {cache.Path} instead", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(cache.Path));
    }

    /// <summary>The distinct ML-1M movies that ML-100K films match.</summary>
    int[] MatchedMovies() =>
        Enumerable.Range(0, Data.ItemCount).Select(extracted.Posters.Ml1mId).OfType<int>().Distinct().ToArray();

    static int IdOf(string posterFile) => int.Parse(Path.GetFileNameWithoutExtension(posterFile));

    /// <summary>No temporary file, no mapping.csv (the folder is incomplete), no poster of the film that failed.</summary>
    static void AssertNothingHalfWritten(TempFolder cache, int withoutPosterOf)
    {
        string[] files = PosterTestData.FilesUnder(Path.Combine(cache.Path, "ml-100k-posters"));
        Assert.DoesNotContain(files, f => f.EndsWith(".download", StringComparison.Ordinal));
        Assert.DoesNotContain("mapping.csv", files);
        Assert.DoesNotContain(Path.Combine("posters", $"{withoutPosterOf}.jpg"), files);
        Assert.All(files, f => Assert.Null(JpegCheck.ProblemWithFile(Path.Combine(cache.Path, "ml-100k-posters", f))));
    }
}
