using System.Diagnostics;

namespace NotebookRunner;

/// <summary>Samples the process's resident memory every 100 ms while a notebook runs and keeps the peak.</summary>
sealed class MemorySampler : IDisposable
{
    readonly Timer timer;
    long peakBytes;

    public MemorySampler()
    {
        Sample(null);
        timer = new Timer(Sample, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    public double PeakMegabytes => Interlocked.Read(ref peakBytes) / 1e6;

    void Sample(object? _)
    {
        using var process = Process.GetCurrentProcess();
        long now = process.WorkingSet64;
        long seen;
        while (now > (seen = Interlocked.Read(ref peakBytes)) && Interlocked.CompareExchange(ref peakBytes, now, seen) != seen) { }
    }

    public void Dispose()
    {
        timer.Dispose();
        Sample(null);
    }
}
