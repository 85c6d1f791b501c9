using System.Diagnostics;
using System.Runtime.CompilerServices;
using RecSys.Training;
using TorchSharp;

namespace RecSys.Benchmarks;

/// <summary>
/// Times one training epoch of each model size alone and while a competing process keeps every core busy, with the
/// series' OpenMP settings (TorchRuntime). With --compare it also runs the same in child processes with other
/// thread counts and wait policies, including libtorch's own defaults, each epoch capped so a collapse stays bounded.
/// </summary>
static class UnderLoadBenchmark
{
    public const string ChildCommand = "under-load-child";
    const string LibtorchDefault = "default";
    const int Repeats = 5;
    static readonly TimeSpan EpochCap = TimeSpan.FromSeconds(20), ChildCap = TimeSpan.FromMinutes(10);

    // Thread count × wait policy; "default" leaves OMP_WAIT_POLICY unset and loads libtorch before the series' library.
    static readonly (int Threads, string Policy)[] Comparisons =
    {
        (1, "PASSIVE"), (2, "PASSIVE"), (1, LibtorchDefault), (2, LibtorchDefault), (2, "ACTIVE"),
    };

    public static void Run(string[] args)
    {
        Console.WriteLine($"one training epoch on ML-100K fold u1 (80,000 ratings), median of {Repeats}, alone and with a busy process on all {Environment.ProcessorCount} cores, alternating");
        PrintHeader();
        double worst = Measure("series settings");
        Console.WriteLine($"worst busy/alone ratio with the series settings: {worst:F1} (target ≤ 3: {(worst <= 3 ? "met" : "MISSED")})");
        if (!args.Contains("--compare")) return;

        Console.WriteLine();
        Console.WriteLine($"other settings, each in a fresh process (an epoch stops after {EpochCap.TotalSeconds:F0} s; '~' marks a time extrapolated from the batches done):");
        PrintHeader();
        foreach (var (threads, policy) in Comparisons) RunChildProcess(threads, policy);
    }

    /// <summary>In a child process whose environment the parent set: measure, print the rows, exit.</summary>
    public static int RunChild(string[] args)
    {
        int threads = int.Parse(args[1]);
        string policy = args[2];
        // libtorch first, so OpenMP reads the environment before the series' library could set anything.
        if (policy == LibtorchDefault) LoadLibtorch();
        Measure($"{threads} thread{(threads > 1 ? "s" : "")}, {(policy == LibtorchDefault ? "libtorch default" : policy)}");
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void LoadLibtorch() => torch.get_num_threads();

    static void PrintHeader()
    {
        Console.WriteLine($"{"settings",-26} {"epoch",-44} {"alone",14} {"busy",14} {"busy/alone",10}");
    }

    /// <summary>
    /// Prints one row per epoch kind; returns the largest busy/alone ratio. Alone and busy epochs alternate, so a
    /// change in the machine's other load meets both alike.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static double Measure(string label)
    {
        TrainingEpoch[] epochs = TrainingEpoch.All();
        Console.WriteLine($"{label,-26} ({TorchRuntime.Describe()}; load average before: {LoadAverage()})");
        using BusyMachine machine = BusyMachine.Start(TimeSpan.FromMinutes(10));
        double worst = 0;
        foreach (TrainingEpoch epoch in epochs)
        {
            epoch.Run(EpochCap); // warm-up: JIT and native allocations
            var alone = new List<EpochTime>();
            var busy = new List<EpochTime>();
            for (int r = 0; r < Repeats; r++)
            {
                alone.Add(epoch.Run(EpochCap));
                machine.Spin();
                busy.Add(epoch.Run(EpochCap));
                machine.Rest();
                if (alone[^1].Capped || busy[^1].Capped) break; // collapsed: once is enough
            }
            EpochTime aloneMedian = Median(alone), busyMedian = Median(busy);
            double ratio = busyMedian.Seconds / aloneMedian.Seconds;
            worst = Math.Max(worst, ratio);
            Console.WriteLine($"{label,-26} {epoch.Name,-44} {aloneMedian,14} {busyMedian,14} {ratio,10:F1}");
        }
        return worst;
    }

    /// <summary>Linux's one-minute load average: how busy the machine already was ("alone" is only as alone as that).</summary>
    static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    static EpochTime Median(List<EpochTime> times) => times.OrderBy(t => t.Seconds).ElementAt(times.Count / 2);

    static void RunChildProcess(int threads, string policy)
    {
        ProcessStartInfo start = BusyMachine.SelfStartInfo(ChildCommand, threads.ToString(), policy);
        start.Environment[TorchRuntime.ThreadsVariable] = threads.ToString();
        if (policy == LibtorchDefault) start.Environment.Remove(TorchRuntime.WaitPolicyVariable);
        else start.Environment[TorchRuntime.WaitPolicyVariable] = policy;
        start.RedirectStandardOutput = true;
        using Process child = Process.Start(start)!;
        child.OutputDataReceived += (_, line) => { if (line.Data != null) Console.WriteLine(line.Data); };
        child.BeginOutputReadLine();
        if (!child.WaitForExit(ChildCap))
        {
            child.Kill(entireProcessTree: true);
            Console.WriteLine($"{threads} thread(s), {policy}: stopped after {ChildCap.TotalMinutes:F0} min");
        }
        child.WaitForExit();
    }
}
