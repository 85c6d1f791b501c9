using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace RecSys.Training;

/// <summary>
/// How libtorch uses the CPU in this series: one thread and a passive OpenMP wait policy, unless you choose otherwise.
/// <para>
/// Why: libtorch runs its CPU kernels on an OpenMP thread team whose idle threads spin while they wait. When another
/// process holds the cores (a second notebook, the tests, a shared classroom server), every parallel region waits
/// for a spinner that is not scheduled, and an epoch of 0.3 s takes minutes. The series' models are small, so a
/// second thread gains little even on an idle machine (<c>dotnet run -c Release --project lib/Benchmarks -- under-load</c>).
/// </para>
/// <para>
/// How: OpenMP reads <c>OMP_WAIT_POLICY</c> and <c>OMP_NUM_THREADS</c> from the environment once, when libtorch loads.
/// On Linux and macOS .NET keeps its own copy of the environment that native code never sees, so they are written to
/// the native environment with libc's <c>setenv</c> (and to .NET's copy; on Windows that is the process environment,
/// which the Intel OpenMP runtime of libtorch's Windows build reads). This runs when the library is first used
/// (a module initializer); if libtorch was loaded before that, the environment comes too late and the thread count
/// is set with <c>torch.set_num_threads</c> instead.
/// </para>
/// <para>
/// Your choice wins: set <c>OMP_WAIT_POLICY</c> or <c>OMP_NUM_THREADS</c> before the process starts (or with
/// <c>Environment.SetEnvironmentVariable</c> before the first use of this library), or call
/// <c>torch.set_num_threads(n)</c> after it.
/// </para>
/// </summary>
public static class TorchRuntime
{
    /// <summary>Idle OpenMP threads sleep instead of spinning, so they never hold a core another process needs.</summary>
    public const string SeriesWaitPolicy = "PASSIVE";

    /// <summary>libtorch's intra-op threads: one, chosen by measurement (README, "Performance").</summary>
    public const int SeriesThreads = 1;

    public const string WaitPolicyVariable = "OMP_WAIT_POLICY", ThreadsVariable = "OMP_NUM_THREADS";

    static readonly object gate = new();
    static bool configured;
    // When libtorch was loaded before Configure ran: the wait policy OpenMP read then (null: unset), for Describe.
    static string? waitPolicyAtLoad;
    static bool loadedFirst;
    static string? failure;

    /// <summary>
    /// Runs <see cref="Configure"/> when the library is first used, before a chapter's first torch call. It must not
    /// throw (that would break every type of the library), so a failure is kept for <see cref="Describe"/>.
    /// </summary>
#pragma warning disable CA2255 // A library's module initializer on purpose: notebooks have no Main to call Configure from.
    [ModuleInitializer]
    internal static void ConfigureOnFirstUse()
    {
        try
        {
            Configure();
        }
        catch (Exception e)
        {
            failure = e.Message;
        }
    }
#pragma warning restore CA2255

    /// <summary>
    /// Puts the series' OpenMP settings in place for libtorch, keeping any the reader set. Safe to call more than
    /// once; only the first call acts. Call it first in a program that may use torch before any other library type.
    /// </summary>
    public static void Configure()
    {
        lock (gate)
        {
            if (configured) return;
            configured = true;
            bool libtorchLoaded = LibtorchIsLoaded();
            if (libtorchLoaded) (loadedFirst, waitPolicyAtLoad) = (true, NativeVariable(WaitPolicyVariable));
            UseUnlessSet(WaitPolicyVariable, SeriesWaitPolicy);
            bool readerChoseThreads = !UseUnlessSet(ThreadsVariable, SeriesThreads.ToString());
            // Too late for the environment: libtorch read it when it loaded. Its thread count can still change,
            // unless the reader has changed it already (it is no longer OpenMP's default of one per core).
            if (libtorchLoaded && !readerChoseThreads && torch.get_num_threads() == Environment.ProcessorCount)
                torch.set_num_threads(SeriesThreads);
        }
    }

    /// <summary>A variable as native code (OpenMP) sees it, which on Linux and macOS may differ from .NET's copy.</summary>
    public static string? NativeVariable(string name) =>
        OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable(name) : Marshal.PtrToStringUTF8(getenv(name));

    /// <summary>One line for a notebook or a log: the settings libtorch runs with.</summary>
    public static string Describe()
    {
        Configure();
        string policy = loadedFirst
            ? $"{waitPolicyAtLoad ?? "unset"} (libtorch was loaded before this library was first used)"
            : NativeVariable(WaitPolicyVariable) ?? "unset";
        string problem = failure == null ? "" : $" (the series' settings could not be applied: {failure})";
        return $"torch: {torch.get_num_threads()} intra-op thread(s), OpenMP wait policy {policy}{problem}";
    }

    /// <summary>Sets the variable to the series' value unless the reader set it; either way native code sees the result. True when the series' value is used.</summary>
    static bool UseUnlessSet(string name, string seriesValue)
    {
        // .NET's copy holds what the process started with plus any Environment.SetEnvironmentVariable of the reader.
        string? chosen = Environment.GetEnvironmentVariable(name);
        string value = string.IsNullOrWhiteSpace(chosen) ? seriesValue : chosen;
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows() && NativeVariable(name) != value && setenv(name, value, 1) != 0)
            throw new InvalidOperationException($"Could not set {name}={value} in the process environment (errno {Marshal.GetLastPInvokeError()}).");
        return string.IsNullOrWhiteSpace(chosen);
    }

    /// <summary>Whether libtorch's CPU library is already in the process, i.e. OpenMP has read its settings.</summary>
    static bool LibtorchIsLoaded()
    {
        using Process self = Process.GetCurrentProcess();
        foreach (ProcessModule module in self.Modules)
            if (module.ModuleName.StartsWith("libtorch_cpu", StringComparison.Ordinal) || module.ModuleName.Equals("torch_cpu.dll", StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    [DllImport("libc", SetLastError = true)]
    static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc")]
    static extern IntPtr getenv(string name);
}
