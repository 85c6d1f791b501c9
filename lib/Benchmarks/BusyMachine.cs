using System.Diagnostics;

namespace RecSys.Benchmarks;

/// <summary>
/// A competing process that keeps every core busy on demand, as a second notebook or a build would: this program
/// started again with the hidden "spin" command, one spinning thread per core while told to spin. It stops by itself
/// after a bound, or when this side closes its input, and is killed on Dispose.
/// </summary>
sealed class BusyMachine : IDisposable
{
    public const string SpinCommand = "spin";
    static long sink; // the spinning threads' count goes here, so the compiler cannot drop their loops
    readonly Process process;

    BusyMachine(Process process) => this.process = process;

    public static BusyMachine Start(TimeSpan bound)
    {
        ProcessStartInfo start = SelfStartInfo(SpinCommand, ((int)bound.TotalSeconds).ToString());
        start.RedirectStandardInput = true;
        return new BusyMachine(Process.Start(start) ?? throw new InvalidOperationException("Could not start the busy process."));
    }

    /// <summary>The cores are busy from now until <see cref="Rest"/>.</summary>
    public void Spin()
    {
        process.StandardInput.WriteLine("spin");
        Thread.Sleep(200); // let its threads reach the cores before anything is timed
    }

    public void Rest()
    {
        process.StandardInput.WriteLine("rest");
        Thread.Sleep(200);
    }

    /// <summary>Runs in the busy process: spins one thread per core while told to, until the bound or the end of its input.</summary>
    public static void Run(string[] args)
    {
        var bound = TimeSpan.FromSeconds(int.Parse(args[1]));
        var clock = Stopwatch.StartNew();
        using var spinning = new ManualResetEventSlim(false);
        var threads = Enumerable.Range(0, Environment.ProcessorCount)
            .Select(_ => new Thread(() =>
            {
                long n = 0;
                while (clock.Elapsed < bound)
                    if (!spinning.Wait(TimeSpan.FromMilliseconds(100))) continue;
                    else for (int k = 0; k < 1_000_000; k++) n++;
                Interlocked.Add(ref sink, n);
            }) { IsBackground = true })
            .ToList();
        threads.ForEach(t => t.Start());
        for (string? line; clock.Elapsed < bound && (line = Console.ReadLine()) != null;)
        {
            if (line == "spin") spinning.Set();
            else if (line == "rest") spinning.Reset();
        }
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
