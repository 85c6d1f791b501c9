using System.Runtime.CompilerServices;
using RecSys.Training;
using TorchSharp;

namespace RecSys.Tests.Build;

/// <summary>The test host gets the series' OpenMP settings before any test loads libtorch, as a notebook does.</summary>
static class TestHostTorchSettings
{
#pragma warning disable CA2255 // The test host has no Main: this runs before any test, so before libtorch loads.
    [ModuleInitializer]
    internal static void BeforeAnyTest() => TorchRuntime.Configure();
#pragma warning restore CA2255
}

public class TorchRuntimeTests
{
    [Fact]
    public void The_test_host_runs_libtorch_with_the_series_settings_unless_the_environment_chose_others()
    {
        string expectedPolicy = StartupVariable(TorchRuntime.WaitPolicyVariable) ?? TorchRuntime.SeriesWaitPolicy;
        int expectedThreads = int.TryParse(StartupVariable(TorchRuntime.ThreadsVariable), out int chosen) ? chosen : TorchRuntime.SeriesThreads;

        // What OpenMP reads is the native environment, not .NET's copy of it.
        Assert.Equal(expectedPolicy, TorchRuntime.NativeVariable(TorchRuntime.WaitPolicyVariable));
        Assert.Equal(expectedThreads.ToString(), TorchRuntime.NativeVariable(TorchRuntime.ThreadsVariable));
        Assert.Equal(expectedThreads, torch.get_num_threads());
        // And it was there before libtorch loaded, so OpenMP actually read it.
        Assert.Equal($"torch: {expectedThreads} intra-op thread(s), OpenMP wait policy {expectedPolicy}", TorchRuntime.Describe());
    }

    /// <summary>
    /// A variable as the process started with it: Linux keeps that environment in /proc/self/environ, which setenv
    /// does not change. Null where there is no /proc (the series' values are then expected).
    /// </summary>
    static string? StartupVariable(string name)
    {
        if (!File.Exists("/proc/self/environ")) return null;
        return File.ReadAllText("/proc/self/environ").Split('\0')
            .Where(entry => entry.StartsWith(name + "=", StringComparison.Ordinal))
            .Select(entry => entry[(name.Length + 1)..])
            .FirstOrDefault();
    }
}
