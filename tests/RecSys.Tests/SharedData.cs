using RecSys.Data;

namespace RecSys.Tests;

/// <summary>ML-100K from ../shared/data, read once for all tests that only look at it.</summary>
public static class SharedData
{
    static readonly Lazy<MovieLensDataset> ml100k = new(() => RecSys.Data.MovieLens100K.Load(TestPaths.SharedData));

    public static MovieLensDataset MovieLens100K => ml100k.Value;

    public static string Archive100K => Path.Combine(TestPaths.SharedData, "ml-100k.zip");
}
