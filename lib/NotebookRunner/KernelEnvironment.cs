using System.Runtime.InteropServices;

namespace NotebookRunner;

/// <summary>
/// What the process needs once before any kernel runs a cell: libtorch's OpenMP settings, TorchSharp's own native
/// libraries first, and a clean #r "nuget:" cache.
/// </summary>
public static class KernelEnvironment
{
    static bool prepared;
    static readonly object gate = new();

    /// <summary>
    /// The series' OpenMP settings for libtorch, the same as RecSys.Training.TorchRuntime's (README, "Performance"):
    /// one thread whose idle waits sleep, so an epoch does not collapse when another process holds the cores. The
    /// library applies them on its first use, which is too late for a notebook that uses torch before it; the runner
    /// applies them before any kernel starts. A value the reader set in the environment is kept.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> OpenMpSettings = new Dictionary<string, string>
    {
        ["OMP_WAIT_POLICY"] = "PASSIVE",
        ["OMP_NUM_THREADS"] = "1",
    };

    public static string NuGetPackageRoot =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public static void Prepare(TextWriter progress)
    {
        lock (gate)
        {
            if (prepared) return;
            prepared = true;
            UseOpenMpSettings(); // first: the next step may load libtorch, and OpenMP reads its settings then
            string? note = TorchSharpNatives.PreferOwnLibtorch(NuGetPackageRoot);
            if (note != null) progress.WriteLine(note);
            int stale = RestoreCache.RemoveStaleEntries(RestoreCache.DefaultFolder, NuGetPackageRoot);
            if (stale > 0)
                progress.WriteLine($"note: removed {stale} #r \"nuget:\" cache entries that pointed outside {NuGetPackageRoot} or at missing files; their packages will be resolved again.");
        }
    }

    /// <summary>
    /// Sets each OpenMP variable the reader has not set, in .NET's copy of the environment and in the native one that
    /// OpenMP reads: on Linux and macOS, Environment.SetEnvironmentVariable alone never reaches native code.
    /// </summary>
    static void UseOpenMpSettings()
    {
        foreach (var (name, value) in OpenMpSettings)
        {
            if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(name))) continue;
            Environment.SetEnvironmentVariable(name, value);
            if (!OperatingSystem.IsWindows() && setenv(name, value, 1) != 0)
                throw new RunnerException($"Could not set {name}={value} in the process environment (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    [DllImport("libc", SetLastError = true)]
    static extern int setenv(string name, string value, int overwrite);
}
