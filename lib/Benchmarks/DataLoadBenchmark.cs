using System.Diagnostics;
using RecSys.Data;

namespace RecSys.Benchmarks;

static class DataLoadBenchmark
{
    public static void Run()
    {
        var clock = Stopwatch.StartNew();
        MovieLensDataset data = MovieLens100K.Load();
        Console.WriteLine($"cold load (verify + parse the zip, first in this process): {clock.Elapsed.TotalMilliseconds:F0} ms  ({data})");
        var warm = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            clock.Restart();
            MovieLens100K.Load();
            warm.Add(clock.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"warm load (same, again): median {warm.Order().ElementAt(2):F0} ms of 5");
    }
}
