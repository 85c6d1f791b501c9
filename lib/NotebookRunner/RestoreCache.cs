namespace NotebookRunner;

/// <summary>
/// <c>#r "nuget:"</c> caches each resolved package set in ~/.packagemanagement/nuget/Cache as a list of absolute
/// paths. When the NuGet package folder moves (another NUGET_PACKAGES, a cleaned cache), those entries point at
/// missing files — or at another folder's copies, which the TorchSharp fix did not patch. Such entries are removed
/// before a run, so the kernel resolves the packages again.
/// </summary>
public static class RestoreCache
{
    public static string DefaultFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".packagemanagement", "nuget", "Cache");

    /// <summary>Deletes cache entries that name a missing file or a package outside <paramref name="nugetPackageRoot"/>; returns how many.</summary>
    public static int RemoveStaleEntries(string cacheFolder, string nugetPackageRoot)
    {
        if (!Directory.Exists(cacheFolder)) return 0;
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(nugetPackageRoot)) + Path.DirectorySeparatorChar;
        int removed = 0;
        foreach (string entry in Directory.GetFiles(cacheFolder, "*.resolvedReferences.paths"))
        {
            if (!IsStale(entry, root)) continue;
            string key = Path.GetFileName(entry)[..^".resolvedReferences.paths".Length];
            foreach (string file in Directory.GetFiles(cacheFolder, key + ".*")) File.Delete(file);
            removed++;
        }
        return removed;
    }

    /// <summary>Each line: name,version,package folder,assembly path,… (the paths may be empty).</summary>
    static bool IsStale(string entry, string root)
    {
        foreach (string line in File.ReadLines(entry).Where(l => l.Length > 0))
        {
            string[] fields = line.Split(',');
            if (fields.Length < 4) return true; // a format we do not know: let the kernel rebuild it
            foreach (string path in new[] { fields[2], fields[3] }.Where(p => p.Length > 0))
                if (!path.StartsWith(root, StringComparison.Ordinal) || !(File.Exists(path) || Directory.Exists(path))) return true;
        }
        return false;
    }
}
