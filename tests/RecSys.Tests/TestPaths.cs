namespace RecSys.Tests;

/// <summary>Where tests find the repository, the shared real data and the NuGet packages.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The real datasets beside the repository (../shared/data): tests never reach the internet.</summary>
    public static string SharedData { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    public static string NuGetPackageRoot { get; } =
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "tutorial.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find tutorial.sln above " + AppContext.BaseDirectory);
    }
}
