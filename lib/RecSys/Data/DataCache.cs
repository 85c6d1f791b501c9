namespace RecSys.Data;

/// <summary>
/// Where downloaded datasets are kept. In order of precedence: the folder a caller passes,
/// the <c>RECSYS_DATA_DIR</c> environment variable, then <c>data/cache</c> in the repository (git-ignored).
/// </summary>
public static class DataCache
{
    public const string EnvironmentVariable = "RECSYS_DATA_DIR";

    public static string Directory(string? cacheDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(cacheDirectory)) return Path.GetFullPath(cacheDirectory);
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        return Path.Combine(RepositoryRoot() ?? UserCacheFallback(), "data", "cache");
    }

    /// <summary>
    /// The checkout that holds tutorial.sln, searched upwards from the working directory (a notebook runs in
    /// notebooks/) and from this library's own folder (lib/RecSys/bin/...).
    /// </summary>
    static string? RepositoryRoot()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory, Path.GetDirectoryName(typeof(DataCache).Assembly.Location) ?? "" })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "tutorial.sln"))) return dir.FullName;
        }
        return null;
    }

    static string UserCacheFallback() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "recsys-tutorial");
}
