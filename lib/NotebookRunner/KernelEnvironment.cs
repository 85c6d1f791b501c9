namespace NotebookRunner;

/// <summary>What the process needs once before any kernel runs a cell: TorchSharp's own native libraries first, and a clean #r "nuget:" cache.</summary>
public static class KernelEnvironment
{
    static bool prepared;
    static readonly object gate = new();

    public static string NuGetPackageRoot =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public static void Prepare(TextWriter progress)
    {
        lock (gate)
        {
            if (prepared) return;
            prepared = true;
            string? note = TorchSharpNatives.PreferOwnLibtorch(NuGetPackageRoot);
            if (note != null) progress.WriteLine(note);
            int stale = RestoreCache.RemoveStaleEntries(RestoreCache.DefaultFolder, NuGetPackageRoot);
            if (stale > 0)
                progress.WriteLine($"note: removed {stale} #r \"nuget:\" cache entries that pointed outside {NuGetPackageRoot} or at missing files; their packages will be resolved again.");
        }
    }
}
