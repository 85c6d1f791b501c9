using System.Diagnostics;

namespace NotebookRunner.Tests;

/// <summary>
/// libtorch's OpenMP settings in the runner's kernel. Each test starts the runner in a fresh process: OpenMP reads
/// its settings once per process, and this test process has long since loaded libtorch.
/// </summary>
public sealed class OpenMpSettingsTests : IDisposable
{
    readonly string output = Path.Combine(Path.GetTempPath(), $"runner-openmp-{Guid.NewGuid():N}.ipynb");

    public void Dispose() => File.Delete(output);

    [Fact]
    public void A_notebook_that_uses_torch_before_the_library_gets_one_passive_thread()
    {
        string[] cells = RunFixture(new Dictionary<string, string?> { ["OMP_WAIT_POLICY"] = null, ["OMP_NUM_THREADS"] = null });

        Assert.Equal("torch threads 1, OMP_WAIT_POLICY PASSIVE, OMP_NUM_THREADS 1\n", cells[1]);
        // The runner's values are the helper library's.
        Assert.StartsWith("series threads 1, series wait policy PASSIVE\n", cells[2]);
        Assert.Contains("torch: 1 intra-op thread(s), OpenMP wait policy PASSIVE (libtorch was loaded before this library was first used)", cells[2]);
        Assert.Equal("1", KernelEnvironment.OpenMpSettings["OMP_NUM_THREADS"]);
        Assert.Equal("PASSIVE", KernelEnvironment.OpenMpSettings["OMP_WAIT_POLICY"]);
    }

    [Fact]
    public void A_readers_own_settings_are_kept()
    {
        string[] cells = RunFixture(new Dictionary<string, string?> { ["OMP_WAIT_POLICY"] = "ACTIVE", ["OMP_NUM_THREADS"] = "2" });

        Assert.Equal("torch threads 2, OMP_WAIT_POLICY ACTIVE, OMP_NUM_THREADS 2\n", cells[1]);
        Assert.Contains("torch: 2 intra-op thread(s), OpenMP wait policy ACTIVE (libtorch was loaded before this library was first used)", cells[2]);
    }

    /// <summary>Runs openmp-settings.ipynb with the runner's command line in a process with this environment; returns each code cell's text output.</summary>
    string[] RunFixture(Dictionary<string, string?> environment)
    {
        string runner = Path.Combine(AppContext.BaseDirectory, "NotebookRunner.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { runner, Fixtures.Path("openmp-settings.ipynb"), "--output", output }) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
        {
            if (value == null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string printed = process.StandardOutput.ReadToEnd() + errors.Result;
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, printed);
        return Fixtures.CodeCells(Fixtures.ReadJson(output)).Select(c => Fixtures.OutputText(c!)).ToArray();
    }
}
