using System.Diagnostics;

namespace NotebookRunner;

/// <summary>Samples the process's resident memory every 100 ms while a notebook runs and keeps the peak.</summary>
sealed class MemorySampler : IDisposable
{
    readonly Timer timer;
    readonly object gate = new();
    long peakBytes;

    public MemorySampler()
    {
        Sample(null);
        timer = new Timer(Sample, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    public double PeakMegabytes
    {
        get { lock (gate) return peakBytes / 1e6; }
    }

    void Sample(object? _)
    {
        using var process = Process.GetCurrentProcess();
        lock (gate) peakBytes = Math.Max(peakBytes, process.WorkingSet64);
    }

    public void Dispose()
    {
        timer.Dispose();
        Sample(null);
    }
}
