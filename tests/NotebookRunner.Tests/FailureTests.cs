using System.Diagnostics;

namespace NotebookRunner.Tests;

public sealed class FailureTests : IDisposable
{
    readonly string output = Path.Combine(Path.GetTempPath(), $"runner-test-{Guid.NewGuid():N}.ipynb");

    public void Dispose() => File.Delete(output);

    [Fact]
    public async Task A_runtime_exception_stops_the_notebook_at_its_cell()
    {
        NotebookRun run = await Fixtures.RunAsync("fails-at-third-cell.ipynb", output: output);

        Assert.False(run.Succeeded);
        Assert.Contains("cell 3 (`// the third code cell`) failed: System.InvalidOperationException: deliberate failure", run.Error);
        Assert.Equal(new[] { "ok", "ok", "failed", "not run" }, run.Cells.Select(c => c.Outcome));

        var cells = Fixtures.CodeCells(Fixtures.ReadJson(output));
        var error = cells[2]!["outputs"]!.AsArray().Single(o => (string?)o!["output_type"] == "error")!;
        Assert.Equal("InvalidOperationException", (string?)error["ename"]);
        Assert.Contains("deliberate failure", (string?)error["evalue"]);
        Assert.NotEmpty(error["traceback"]!.AsArray());
        Assert.Empty(cells[3]!["outputs"]!.AsArray());
        Assert.Null(cells[3]!["execution_count"]);
    }

    [Fact]
    public async Task A_failed_inplace_run_keeps_the_notebook_and_writes_the_failed_run_beside_it()
    {
        string folder = Directory.CreateTempSubdirectory("inplace-").FullName;
        try
        {
            string notebook = Path.Combine(folder, "04-demo.ipynb");
            File.Copy(Fixtures.Path("fails-at-third-cell.ipynb"), notebook);
            byte[] committed = File.ReadAllBytes(notebook);
            var progress = new StringWriter();

            IReadOnlyList<NotebookRun> runs = await Runner.RunAllAsync(new[] { folder }, new RunOptions { InPlace = true, Progress = progress });

            Assert.False(runs.Single().Succeeded);
            Assert.Equal(committed, File.ReadAllBytes(notebook));
            string failedRun = Path.Combine(folder, "04-demo.failed.ipynb");
            var cells = Fixtures.CodeCells(Fixtures.ReadJson(failedRun));
            Assert.Contains(cells[2]!["outputs"]!.AsArray(), o => (string?)o!["output_type"] == "error");
            Assert.Contains("04-demo.ipynb keeps its outputs; the failed run is in ", progress.ToString());
            Assert.Contains("04-demo.failed.ipynb", Runner.Summary(runs));

            // Running the folder again runs the notebook, not the failed copy beside it.
            runs = await Runner.RunAllAsync(new[] { folder }, new RunOptions { InPlace = true, Progress = TextWriter.Null });
            Assert.Equal("04-demo.ipynb", Path.GetFileName(runs.Single().Notebook));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_successful_inplace_run_writes_the_notebook_and_removes_an_earlier_failed_run()
    {
        string folder = Directory.CreateTempSubdirectory("inplace-").FullName;
        try
        {
            string notebook = Path.Combine(folder, "01-ok.ipynb"), failedRun = Path.Combine(folder, "01-ok.failed.ipynb");
            File.Copy(Fixtures.Path("trivial.ipynb"), notebook);
            File.WriteAllText(failedRun, "{}");

            IReadOnlyList<NotebookRun> runs = await Runner.RunAllAsync(new[] { notebook }, new RunOptions { InPlace = true, Progress = TextWriter.Null });

            Assert.True(runs.Single().Succeeded, runs.Single().Error);
            Assert.Equal("2", Fixtures.OutputText(Fixtures.CodeCells(Fixtures.ReadJson(notebook))[0]!));
            Assert.False(File.Exists(failedRun));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_compile_error_names_the_cell_and_the_line_inside_it()
    {
        NotebookRun run = await Fixtures.RunAsync("compile-error.ipynb");
        Assert.False(run.Succeeded);
        Assert.Contains("cell 2 (`var b = 2;`) does not compile: line 2, column 9: error CS0029", run.Error);
        Assert.Equal("not run", run.Cells[2].Outcome);
    }

    [Fact]
    public async Task A_runaway_cell_is_stopped_by_the_cell_timeout()
    {
        var options = new RunOptions { CellTimeout = TimeSpan.FromSeconds(3) };
        NotebookRun run = await Fixtures.RunAsync("runaway-cell.ipynb", options, output);
        Assert.False(run.Succeeded);
        Assert.Contains("cell 2 (`// never finishes`) was stopped: it ran past the cell time limit of 3 s", run.Error);
        Assert.Equal(new[] { "ok", "timeout", "not run" }, run.Cells.Select(c => c.Outcome));
        var cells = Fixtures.CodeCells(Fixtures.ReadJson(output));
        Assert.Equal("TimeoutException", (string?)cells[1]!["outputs"]![0]!["ename"]);
    }

    [Fact]
    public async Task A_runaway_cell_is_stopped_by_the_notebook_timeout()
    {
        var options = new RunOptions { NotebookTimeout = TimeSpan.FromSeconds(4) };
        NotebookRun run = await Fixtures.RunAsync("runaway-cell.ipynb", options);
        Assert.Contains("it ran past the notebook's time limit of 4 s", run.Error);
    }

    [Fact]
    public async Task A_cell_in_another_language_is_refused_by_name()
    {
        var error = await Assert.ThrowsAsync<RunnerException>(() => Fixtures.RunAsync("other-language.ipynb"));
        Assert.Contains("cell 2 (`let x = 1`) is in fsharp; this runner runs C# cells only", error.Message);
    }

    [Fact]
    public async Task An_unknown_parameter_lists_the_known_ones()
    {
        var options = new RunOptions { Parameters = new Dictionary<string, string> { ["epoch"] = "2" } };
        var error = await Assert.ThrowsAsync<RunnerException>(() => Fixtures.RunAsync("state.ipynb", options));
        Assert.Contains("has no parameter \"epoch\". Its parameters cell declares: epochs (Int32, default 3), rate (Double, default 0.5), name (String, default \"demo\"), verbose (Boolean, default false).", error.Message);
    }

    [Fact]
    public async Task A_parameter_value_of_the_wrong_type_is_refused()
    {
        var options = new RunOptions { Parameters = new Dictionary<string, string> { ["epochs"] = "many" } };
        var error = await Assert.ThrowsAsync<RunnerException>(() => Fixtures.RunAsync("state.ipynb", options));
        Assert.Equal("Parameter \"epochs\" is an int (default 3); \"many\" is not.", error.Message);
    }

    [Fact]
    public void A_missing_notebook_is_a_clear_error()
    {
        var error = Assert.Throws<RunnerException>(() => Runner.RunAllAsync(new[] { "no/such/notebook.ipynb" }, new RunOptions()).GetAwaiter().GetResult());
        Assert.Contains("There is no notebook or folder at no/such/notebook.ipynb", error.Message);
    }

    /// <summary>Runs the built runner as a separate process, as a reader would; returns its exit code and everything it printed.</summary>
    static (int ExitCode, string Printed) RunCommandLine(string arguments)
    {
        string runner = Path.Combine(AppContext.BaseDirectory, "NotebookRunner.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{runner}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string printed = process.StandardOutput.ReadToEnd() + errors.Result;
        process.WaitForExit();
        return (process.ExitCode, printed);
    }

    [Fact]
    public void The_command_line_exits_non_zero_and_names_the_failing_cell()
    {
        var (exitCode, printed) = RunCommandLine($"\"{Fixtures.Path("fails-at-third-cell.ipynb")}\" --output \"{output}\"");

        Assert.Equal(1, exitCode);
        Assert.Contains("cell 3 (`// the third code cell`) failed", printed);
        Assert.Contains("FAILED", printed);
        Assert.Contains("\"output_type\": \"error\"", File.ReadAllText(output)); // written although it failed
    }

    [Fact]
    public void Bad_arguments_exit_with_2_and_say_what_is_wrong()
    {
        var (exitCode, printed) = RunCommandLine($"\"{Fixtures.Path("state.ipynb")}\" --param epoch=2");
        Assert.Equal(2, exitCode);
        Assert.Contains("error: ", printed);
        Assert.Contains("has no parameter \"epoch\"", printed);

        Assert.Throws<RunnerException>(() => CommandLine.Parse(new[] { "a.ipynb", "--param", "noequals" }));
        Assert.Throws<RunnerException>(() => CommandLine.Parse(new[] { "a.ipynb", "--inplace", "--output", "b.ipynb" }));
        Assert.Throws<RunnerException>(() => CommandLine.Parse(new[] { "a.ipynb", "--timeout", "soon" }));
        Assert.Throws<RunnerException>(() => CommandLine.Parse(Array.Empty<string>()));
        Assert.True(CommandLine.Parse(new[] { "--help" }).ShowHelp);
    }
}
