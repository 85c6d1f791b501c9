using System.Net;

namespace RecSys.Data;

/// <summary>
/// Downloads the poster of every matched film once, a few at a time, into the cache folder. Posters already there
/// are kept, so an interrupted run resumes; mapping.csv is written only when every film has been tried.
/// </summary>
static class PosterDownload
{
    /// <summary>Requests in flight at once: small files, so the wait is latency, not bandwidth.</summary>
    const int Parallelism = 8;

    public static MoviePosters Run(MovieLensDataset data, IReadOnlyList<Movie> ml1mMovies, int?[] ml1mIds, Uri imagesUrl,
        string folder, TextWriter progress)
    {
        Dictionary<int, string> ml1mTitles = ml1mMovies.ToDictionary(m => m.Id, m => m.Title);
        int[] matched = Enumerable.Range(0, data.ItemCount).Where(i => ml1mIds[i] != null).ToArray();
        var hasPoster = new bool[data.ItemCount];
        Directory.CreateDirectory(Path.Combine(folder, "posters"));
        progress.WriteLine($"Downloading the posters of {matched.Length:N0} films from {imagesUrl} into {folder}");

        using var client = new HttpClient { Timeout = Downloader.Timeout };
        var report = new ProgressReport(matched.Length, progress);
        // ML-100K lists a few films twice under two ids: both match one ML-1M movie, whose poster is fetched once.
        int[][] filmsByMovie = matched.GroupBy(i => ml1mIds[i]!.Value).Select(g => g.ToArray()).ToArray();
        try
        {
            Parallel.ForEach(filmsByMovie, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, films =>
            {
                bool found = FetchOne(client, films.Select(i => data.Items[i]).ToArray(), ml1mIds[films[0]]!.Value, imagesUrl, folder);
                foreach (int itemIndex in films) hasPoster[itemIndex] = found;
                report.Done(films.Length, found);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<DatasetException>().FirstOrDefault() is DatasetException first)
        {
            throw new DatasetException(first.Message, e);
        }

        PosterMapping.Write(Path.Combine(folder, MoviePosters.MappingFileName), Enumerable.Range(0, data.ItemCount).Select(i =>
        {
            int? ml1mId = ml1mIds[i];
            return new PosterMappingRow(data.Items[i].Id, data.Items[i].Title.Trim(), ml1mId,
                ml1mId is int id ? ml1mTitles[id] : "", hasPoster[i] ? PosterMapping.PosterFileOf(data.Items[i].Id) : "");
        }));
        return PosterFolder.Read(data, folder, $"download {imagesUrl}");
    }

    /// <summary>
    /// Fetches one ML-1M movie's poster for its ML-100K films (usually one) unless all of them have it already.
    /// True when the poster is now in the cache; false when the source has none (404).
    /// </summary>
    static bool FetchOne(HttpClient client, Movie[] films, int ml1mId, Uri imagesUrl, string folder)
    {
        string[] paths = films.Select(f => Path.Combine(folder, PosterMapping.PosterFileOf(f.Id))).ToArray();
        string[] missing = paths.Where(p => !File.Exists(p)).ToArray();
        string[] cached = paths.Except(missing).ToArray();
        foreach (string path in cached) PosterStore.CheckCached(path);
        if (missing.Length == 0) return true;

        var url = new Uri(imagesUrl, $"{ml1mId}.jpg");
        string title = films[0].Title.Trim();
        string fix = $"Run again later (posters already downloaded are kept), or put {MoviePosters.ArchiveFileName} in {Path.GetDirectoryName(folder)}.";
        if (cached.Length > 0)
        {
            byte[] copy = File.ReadAllBytes(cached[0]);
            foreach (string path in missing) PosterStore.Add(path, copy, cached[0], fix);
            return true;
        }
        try
        {
            using HttpResponseMessage response = client.GetAsync(url).GetAwaiter().GetResult();
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            if (!response.IsSuccessStatusCode)
                throw new DatasetException($"Could not download the poster of \"{title}\": {url} answered {(int)response.StatusCode} {response.ReasonPhrase}. {fix}");
            byte[] bytes = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            foreach (string path in missing) PosterStore.Add(path, bytes, $"{url} (\"{title}\")", fix);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            string reason = e is TaskCanceledException ? $"no answer within {Downloader.Timeout.TotalSeconds:F0} s" : e.Message;
            throw new DatasetException($"Could not download the poster of \"{title}\" from {url} ({reason}). {fix}", e);
        }
    }

    /// <summary>A progress line at every 10% of the films: how many tried, how many had a poster.</summary>
    sealed class ProgressReport(int total, TextWriter progress)
    {
        int done, posters, nextReport = 10;

        public void Done(int films, bool gotPoster)
        {
            lock (this)
            {
                done += films;
                if (gotPoster) posters += films;
                if (total > 0 && done * 100 / total >= nextReport)
                {
                    progress.WriteLine($"  {done * 100 / total}% ({done:N0} of {total:N0} films, {posters:N0} posters)");
                    while (nextReport <= done * 100 / total) nextReport += 10;
                }
            }
        }
    }
}
