namespace RecSys.Data;

/// <summary>
/// Finds a dataset file in the cache, or downloads it there. A download goes to a temporary file that is
/// verified before it is moved into place, so an interrupted or corrupt download never looks like a good file.
/// </summary>
public static class Downloader
{
    /// <summary>How long a download may take before it is abandoned.</summary>
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Returns the verified file's path in the cache, downloading it first if it is not there.</summary>
    public static string Fetch(DatasetFile file, string? cacheDirectory = null, TextWriter? progress = null)
    {
        string directory = DataCache.Directory(cacheDirectory);
        string path = Path.Combine(directory, file.FileName);
        if (File.Exists(path))
        {
            string? problem = file.Verify(path);
            if (problem != null)
                throw new DatasetException(
                    $"The cached file {path} is not a genuine copy: {problem}. " +
                    $"Delete it (or replace it with a good copy) and run again to download {file.Url}.");
            return path;
        }

        System.IO.Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $"{file.FileName}.{Guid.NewGuid():N}.download");
        try
        {
            DownloadTo(file, temporary, directory, progress ?? Console.Out);
            string? problem = file.Verify(temporary);
            if (problem != null)
                throw new DatasetException($"The file downloaded from {file.Url} is not a genuine {file.FileName}: {problem}. Nothing was saved.");
            File.Move(temporary, path, overwrite: false);
            return path;
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    static void DownloadTo(DatasetFile file, string temporary, string directory, TextWriter progress)
    {
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using HttpResponseMessage response = client.GetAsync(file.Url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
                throw new DatasetException(
                    $"Could not download {file.FileName}: {file.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}. " +
                    OfflineAdvice(file, directory));

            long? total = response.Content.Headers.ContentLength;
            progress.WriteLine($"Downloading {file.FileName} from {file.Url}" + (total is long t ? $" ({t / 1e6:F1} MB)" : ""));
            using Stream source = response.Content.ReadAsStream();
            using var target = new FileStream(temporary, FileMode.CreateNew);
            CopyWithProgress(source, target, total, progress);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            string reason = e is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:F0} s" : e.Message;
            throw new DatasetException($"Could not download {file.FileName} from {file.Url} ({reason}). {OfflineAdvice(file, directory)}", e);
        }
    }

    /// <summary>Copies the body, printing a progress line at every 20%.</summary>
    static void CopyWithProgress(Stream source, Stream target, long? total, TextWriter progress)
    {
        var buffer = new byte[1 << 16];
        long copied = 0;
        int nextReport = 20;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            target.Write(buffer, 0, read);
            copied += read;
            if (total is long t && t > 0 && copied * 100 / t >= nextReport)
            {
                progress.WriteLine($"  {copied * 100 / t}% ({copied / 1e6:F1} of {t / 1e6:F1} MB)");
                nextReport += 20;
            }
        }
        if (total is long expected && copied != expected)
            throw new IOException($"the server promised {expected} bytes but sent {copied}");
    }

    static string OfflineAdvice(DatasetFile file, string directory) =>
        $"If this machine is offline, put {file.FileName} in {directory} or set {DataCache.EnvironmentVariable} to a folder that has it.";
}
