namespace RecSys.Data;

/// <summary>
/// Film posters for ML-100K: for every film, the path of its verified JPEG poster in the cache, or null.
/// The images come from the public repository antonsteenvoorden/ml1m-images (files images/&lt;ML-1M movie id&gt;.jpg,
/// about 300 px wide, scraped from IMDb/Amazon; a few are generated title cards). They are copyrighted artwork with no
/// licence stated: kept in the cache for local study, never committed. ML-100K films are matched to ML-1M movies by
/// title and year (<see cref="TitleMatching"/>): 1,645 of 1,682 match, 1,420 of those have a poster.
/// <para>
/// The cache holds the posters in the layout of the offline archive ml-100k-posters.zip:
/// &lt;cache&gt;/ml-100k-posters/posters/&lt;ML-100K id&gt;.jpg and mapping.csv (ml100k_item_id, ml100k_title,
/// ml1m_movie_id, ml1m_title, poster_file; poster_file is empty for a film without a poster). mapping.csv is written
/// last, so its presence means the folder is complete.
/// </para>
/// </summary>
public sealed class MoviePosters
{
    public const string SourceRepository = "antonsteenvoorden/ml1m-images";
    public const string SourceCommit = "1d450572b990db652f22727cf822054c9ff29bf9";

    /// <summary>The folder of images at the pinned commit; a poster is this URL + "&lt;ML-1M id&gt;.jpg".</summary>
    public static readonly Uri SourceImagesUrl = new($"https://raw.githubusercontent.com/{SourceRepository}/{SourceCommit}/images/");

    /// <summary>The offline archive's file name, looked for in the cache folder.</summary>
    public const string ArchiveFileName = "ml-100k-posters.zip";

    /// <summary>The folder in the cache (and the top folder inside the archive) that holds posters/ and mapping.csv.</summary>
    public const string FolderName = "ml-100k-posters";

    public const string MappingFileName = "mapping.csv";

    readonly string?[] pathByItem;
    readonly int?[] ml1mIdByItem;

    internal MoviePosters(string folder, string?[] pathByItem, int?[] ml1mIdByItem, string origin)
    {
        Folder = folder;
        this.pathByItem = pathByItem;
        this.ml1mIdByItem = ml1mIdByItem;
        Origin = origin;
    }

    /// <summary>The cache folder that holds posters/ and mapping.csv.</summary>
    public string Folder { get; }

    /// <summary>Where this load found the posters: "cache", "archive &lt;path&gt;" or "download &lt;url&gt;".</summary>
    public string Origin { get; }

    /// <summary>How many films the dataset has (the length of <see cref="Paths"/>).</summary>
    public int ItemCount => pathByItem.Length;

    /// <summary>The poster's path for an item index, or null when the film has none.</summary>
    public string? this[int itemIndex] => pathByItem[itemIndex];

    /// <summary>Poster paths by item index (null: no poster).</summary>
    public IReadOnlyList<string?> Paths => pathByItem;

    public bool HasPoster(int itemIndex) => pathByItem[itemIndex] != null;

    /// <summary>The ML-1M movie id the film was matched to, or null when no ML-1M title matched.</summary>
    public int? Ml1mId(int itemIndex) => ml1mIdByItem[itemIndex];

    /// <summary>Films matched to an ML-1M movie.</summary>
    public int MatchedCount => ml1mIdByItem.Count(id => id != null);

    /// <summary>Films with a poster.</summary>
    public int Count => pathByItem.Count(p => p != null);

    /// <summary>
    /// The posters of ML-100K's films, from the first place that has them:
    /// <list type="number">
    /// <item>the cache folder &lt;cache&gt;/ml-100k-posters (complete when its mapping.csv is there);</item>
    /// <item>an offline archive laid out like ml-100k-posters.zip: <paramref name="archive"/> if given, else
    /// &lt;cache&gt;/ml-100k-posters.zip; it is checked and extracted into the cache;</item>
    /// <item>a download: ML-1M's movies.dat (from ml-1m.zip, fetched into the cache like any dataset) gives the
    /// matching, then each matched film's poster is downloaded once from <see cref="SourceImagesUrl"/>
    /// (<paramref name="source"/> names other places, e.g. a mirror).</item>
    /// </list>
    /// Every poster that enters the cache is checked to be a whole JPEG; a bad file is reported, never kept.
    /// </summary>
    /// <param name="data">ML-100K (the posters are keyed by its ids).</param>
    /// <param name="cacheDirectory">As for every dataset: null means RECSYS_DATA_DIR or data/cache.</param>
    /// <param name="progress">Where progress lines go (Console.Out when null).</param>
    /// <param name="archive">An offline archive to use when the cache has no posters yet.</param>
    /// <param name="source">Where to download from; null means <see cref="PosterSource.Pinned"/>.</param>
    public static MoviePosters Load(MovieLensDataset data, string? cacheDirectory = null, TextWriter? progress = null,
        string? archive = null, PosterSource? source = null)
    {
        RequireMovieLens100K(data);
        progress ??= Console.Out;
        string cache = DataCache.Directory(cacheDirectory);
        string folder = Path.Combine(cache, FolderName);
        if (File.Exists(Path.Combine(folder, MappingFileName))) return PosterFolder.Read(data, folder, "cache");

        if (archive != null && !File.Exists(archive))
            throw new DatasetException($"The poster archive {archive} does not exist. Pass the path of a copy of {ArchiveFileName}, or no archive to download the posters.");
        string archivePath = archive ?? Path.Combine(cache, ArchiveFileName);
        if (File.Exists(archivePath)) return PosterArchive.Extract(data, archivePath, folder, progress);

        source ??= PosterSource.Pinned;
        Movie[] ml1mMovies;
        try
        {
            ml1mMovies = MovieLens1M.ReadMovies(Downloader.Fetch(source.MovieLens1MArchive, cacheDirectory, progress));
        }
        catch (DatasetException e)
        {
            throw new DatasetException(
                $"The posters are matched to ML-100K through ML-1M's movies.dat, which could not be read: {e.Message} " +
                $"Offline, put {ArchiveFileName} in {cache} instead.", e);
        }
        return Download(data, ml1mMovies, source.ImagesUrl, cacheDirectory, progress);
    }

    /// <summary>
    /// Matches <paramref name="data"/>'s films to <paramref name="ml1mMovies"/> and downloads each matched film's
    /// poster from <paramref name="imagesUrl"/> + "&lt;ML-1M id&gt;.jpg" into the cache folder, skipping posters already
    /// there (a complete folder is returned as it is). A 404 means the source has no poster for that film. <see cref="Load"/> calls this with the pinned source;
    /// call it directly for a mirror (or, in tests, a local server).
    /// </summary>
    public static MoviePosters Download(MovieLensDataset data, IReadOnlyList<Movie> ml1mMovies, Uri imagesUrl,
        string? cacheDirectory = null, TextWriter? progress = null)
    {
        RequireMovieLens100K(data);
        string folder = Path.Combine(DataCache.Directory(cacheDirectory), FolderName);
        if (File.Exists(Path.Combine(folder, MappingFileName))) return PosterFolder.Read(data, folder, "cache");
        int?[] ml1mIds = TitleMatching.MatchIds(data.Items, ml1mMovies);
        return PosterDownload.Run(data, ml1mMovies, ml1mIds, imagesUrl, folder, progress ?? Console.Out);
    }

    static void RequireMovieLens100K(MovieLensDataset data)
    {
        if (data.Name != "ml-100k")
            throw new ArgumentException($"The posters are keyed by ML-100K ids; got {data.Name}. Load the data with MovieLens100K.Load().", nameof(data));
    }
}

/// <summary>
/// Where posters are downloaded from: the folder of images named &lt;ML-1M id&gt;.jpg, and the ML-1M archive whose
/// movies.dat gives the title matching.
/// </summary>
public sealed record PosterSource(Uri ImagesUrl, DatasetFile MovieLens1MArchive)
{
    /// <summary>antonsteenvoorden/ml1m-images at the pinned commit, and GroupLens's ml-1m.zip.</summary>
    public static PosterSource Pinned { get; } = new(MoviePosters.SourceImagesUrl, MovieLens1M.Archive);
}
