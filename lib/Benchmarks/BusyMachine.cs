using System.Diagnostics;

namespace RecSys.Benchmarks;

/// <summary>
/// A competing process that keeps every core busy, as a second notebook or a build would: this program started
/// again with the hidden "spin" command. It stops by itself after a bound, and is killed on Dispose.
/// </summary>
sealed class BusyMachine : IDisposable
{
    public const string SpinCommand = "spin";
    readonly Process process;

    BusyMachine(Process process) => this.process = process;

    public static BusyMachine Start(TimeSpan bound)
    {
        ProcessStartInfo start = SelfStartInfo(SpinCommand, ((int)bound.TotalSeconds).ToString());
        var busy = new BusyMachine(Process.Start(start) ?? throw new InvalidOperationException("Could not start the busy process."));
        Thread.Sleep(500); // let its threads reach the cores before anything is timed
        return busy;
    }

    /// <summary>Runs in the busy process: one spinning thread per core until the bound.</summary>
    public static void Spin(string[] args)
    {
        var bound = TimeSpan.FromSeconds(int.Parse(args[1]));
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, Environment.ProcessorCount)
            .Select(_ => new Thread(() => { long n = 0; while (clock.Elapsed < bound) n++; }) { IsBackground = true })
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
    }

    /// <summary>How to start this benchmark program again with other arguments (as an app host or through dotnet).</summary>
    public static ProcessStartInfo SelfStartInfo(params string[] arguments)
    {
        string host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(BusyMachine).Assembly.Location);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        finally
        {
            process.Dispose();
        }
    }
}
