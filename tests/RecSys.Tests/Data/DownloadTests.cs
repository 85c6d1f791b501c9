using RecSys.Data;

namespace RecSys.Tests.Data;

/// <summary>The real download path, against a server on 127.0.0.1 that serves the archive from ../shared/data.</summary>
public class DownloadTests
{
    static DatasetFile ServedBy(LoopbackFileServer server) => MovieLens100K.Archive with { Url = server.Url };

    [Fact]
    public void Downloads_verifies_and_moves_the_archive_into_the_cache()
    {
        using var server = new LoopbackFileServer(SharedData.Archive100K, LoopbackFileServer.Behaviour.ServeFile);
        using var cache = new TempFolder();
        var progress = new StringWriter();

        string path = Downloader.Fetch(ServedBy(server), cache.Path, progress);

        Assert.Equal(cache.File("ml-100k.zip"), path);
        Assert.Equal(new[] { "ml-100k.zip" }, cache.Files()); // no temporary file left
        Assert.Equal(File.ReadAllBytes(SharedData.Archive100K), File.ReadAllBytes(path));
        Assert.Contains($"Downloading ml-100k.zip from {server.Url} (4.2 MB)", progress.ToString());
        Assert.Contains("100% (4.2 of 4.2 MB)", progress.ToString());

        // The second time the cache answers and the server is not asked.
        Assert.Equal(path, Downloader.Fetch(ServedBy(server), cache.Path, progress));
        Assert.Equal(1, server.Requests);
        Assert.Equal(100_000, MovieLens100K.Read(path).Ratings.Length);
    }

    [Fact]
    public void A_download_cut_off_halfway_leaves_nothing_behind()
    {
        using var server = new LoopbackFileServer(SharedData.Archive100K, LoopbackFileServer.Behaviour.CutOffHalfway);
        using var cache = new TempFolder();
        var error = Assert.Throws<DatasetException>(() => Downloader.Fetch(ServedBy(server), cache.Path, TextWriter.Null));
        Assert.Contains("Could not download ml-100k.zip", error.Message);
        Assert.Empty(cache.Files());
    }

    [Fact]
    public void A_404_is_reported_and_leaves_nothing_behind()
    {
        using var server = new LoopbackFileServer(SharedData.Archive100K, LoopbackFileServer.Behaviour.NotFound);
        using var cache = new TempFolder();
        var error = Assert.Throws<DatasetException>(() => Downloader.Fetch(ServedBy(server), cache.Path, TextWriter.Null));
        Assert.Contains("answered 404", error.Message);
        Assert.Contains("put ml-100k.zip in", error.Message);
        Assert.Empty(cache.Files());
    }

    [Fact]
    public void A_complete_download_of_the_wrong_file_is_rejected_and_not_kept()
    {
        using var wrongFile = new TempFolder();
        File.WriteAllText(wrongFile.File("ml-100k.zip"), "<html>a captive portal page</html>");
        using var server = new LoopbackFileServer(wrongFile.File("ml-100k.zip"), LoopbackFileServer.Behaviour.ServeFile);
        using var cache = new TempFolder();
        var error = Assert.Throws<DatasetException>(() => Downloader.Fetch(ServedBy(server), cache.Path, TextWriter.Null));
        Assert.Contains("is not a genuine ml-100k.zip", error.Message);
        Assert.Contains("Nothing was saved", error.Message);
        Assert.Empty(cache.Files());
    }
}
