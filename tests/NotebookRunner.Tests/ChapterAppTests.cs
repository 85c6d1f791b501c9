using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookRunner.Tests;

/// <summary>
/// The chapters as file-based apps (chapters/NN-name.cs): each committed file is what the exporter makes of its
/// notebook now, and each runs as a real <c>dotnet run</c> process with the notebook's smoke parameters and records
/// the same figures as the notebook's smoke run. The apps run one after another (this assembly runs no two tests at
/// once): two builds of lib/RecSys at the same time would collide.
/// </summary>
public sealed class ChapterAppTests : IDisposable
{
    const string Regenerate = "dotnet run --project lib/NotebookRunner -- export notebooks --to cs";

    static string ChaptersFolder => Path.Combine(Fixtures.RepositoryRoot, "chapters");

    readonly string temporary = Directory.CreateTempSubdirectory("chapter-app-").FullName;

    public void Dispose() => Directory.Delete(temporary, recursive: true);

    [Fact]
    public void Every_committed_app_is_a_fresh_export_of_its_notebook()
    {
        foreach (string notebook in SmokeRuns.Chapters())
        {
            string app = AppExporter.AppPath(notebook, ChaptersFolder);
            string name = Path.GetFileName(app);
            Assert.True(File.Exists(app), $"chapters/{name} is missing: regenerate with `{Regenerate}` and commit it.");
            string[] expected = AppExporter.Export(notebook, ChaptersFolder).Split('\n'), committed = File.ReadAllText(app).ReplaceLineEndings("\n").Split('\n');
            for (int line = 0; line < Math.Max(expected.Length, committed.Length); line++)
            {
                string? fresh = line < expected.Length ? expected[line] : null, kept = line < committed.Length ? committed[line] : null;
                Assert.True(fresh == kept,
                    $"chapters/{name} differs from a fresh export of notebooks/{Path.GetFileName(notebook)} at line {line + 1}:\n" +
                    $"  committed: {kept ?? "(end of file)"}\n  export:    {fresh ?? "(end of file)"}\n" +
                    $"The apps are generated, never edited: regenerate with `{Regenerate}` and commit the result.");
            }
        }
        var notebooks = SmokeRuns.Chapters().Select(Path.GetFileNameWithoutExtension).ToHashSet();
        foreach (string app in Directory.GetFiles(ChaptersFolder, "*.cs"))
            Assert.True(notebooks.Contains(Path.GetFileNameWithoutExtension(app)), $"chapters/{Path.GetFileName(app)} has no notebook in notebooks/: delete it.");
        // A project file in the folder would take over `dotnet run file.cs` there.
        Assert.Empty(Directory.GetFiles(ChaptersFolder, "*.*proj"));
    }

    [Theory, MemberData(nameof(SmokeRuns.ChapterNames), MemberType = typeof(SmokeRuns))]
    public async Task Each_app_runs_with_the_smoke_parameters_and_records_the_notebooks_smoke_figures(string notebook)
    {
        string app = AppExporter.AppPath(notebook, ChaptersFolder);
        string results = Path.Combine(temporary, "results.json"), charts = Path.Combine(temporary, "charts");
        var arguments = SmokeRuns.SmokeParameters(Path.Combine(SmokeRuns.NotebooksFolder, notebook))
            .SelectMany(p => new[] { $"--{p.Key}", p.Value }).Concat(new[] { "--results", results, "--charts", charts });

        // The app runs in its own process while this one runs the notebook, if no earlier test has.
        Task<AppRun> running = AppRun.StartAsync(app, arguments, TimeSpan.FromMinutes(10));
        Task<NotebookRun> notebookRun = SmokeRuns.Of(notebook);
        await Task.WhenAll(running, notebookRun);
        AppRun run = running.Result;
        NotebookRun smoke = notebookRun.Result;

        Assert.True(run.ExitCode == 0, $"{Path.GetFileName(app)} exited with {run.ExitCode}:\n{run.Output}");
        JsonObject entry = Fixtures.ReadJson(results)["notebooks"]!.AsArray().Single()!.AsObject();
        Assert.Equal(new[] { "notebook", "parameters", "figures", "cells", "totalSeconds", "peakMemoryMegabytes", "error" }, entry.Select(p => p.Key));
        Assert.Null((string?)entry["error"]);
        var appFigures = entry["figures"]!.AsObject().ToDictionary(f => f.Key, f => Printed((double)f.Value!));

        Assert.True(smoke.Succeeded, smoke.Error);
        Assert.Equal(smoke.Figures.Keys.Order(), appFigures.Keys.Order());
        foreach (var (figure, value) in smoke.Figures)
            Assert.True(Printed(value) == appFigures[figure],
                $"{Path.GetFileName(app)} recorded {figure} = {appFigures[figure]}, the notebook's smoke run {Printed(value)} (both as Results.Table() prints them).");

        // Every chart the app announces is on disk, as a picture and a page.
        var announced = Regex.Matches(run.Output, @"^\s+(\S+\.(png|html))", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(announced.Count, Regex.Matches(run.Output, @"^\[chart\] ", RegexOptions.Multiline).Count * 2);
        Assert.All(announced, file => Assert.True(File.Exists(file), $"{file} was announced but not written"));
    }

    [Fact]
    public async Task An_app_lists_its_options_with_help_and_stops_with_the_list_on_an_unknown_one()
    {
        string notebook = SmokeRuns.Chapters().First();
        string app = AppExporter.AppPath(notebook, ChaptersFolder);
        string parametersCell = NotebookFile.Read(notebook).Elements.First(c => NotebookFile.Tags(c).Contains(NotebookParameters.ParametersTag)).Contents;
        IReadOnlyList<NotebookParameter> declared = NotebookParameters.Parse(parametersCell);

        AppRun help = await AppRun.StartAsync(app, new[] { "--help" }, TimeSpan.FromMinutes(5));
        AppRun unknown = await AppRun.StartAsync(app, new[] { "--noSuchOption", "1" }, TimeSpan.FromMinutes(5));

        Assert.True(help.ExitCode == 0, help.Output);
        foreach (NotebookParameter parameter in declared)
            Assert.Matches($@"--{parameter.Name} <\w+> +default {Regex.Escape(parameter.DefaultValue)}", help.Output);
        Assert.Contains("--results <file.json>", help.Output);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("error: unknown option --noSuchOption. This chapter's options: " + string.Join(", ", declared.Select(p => "--" + p.Name)), unknown.Output);
        Assert.DoesNotContain("Unhandled exception", unknown.Output);
    }

    /// <summary>A figure as <c>Results.Table()</c> prints it: rounded to 4 decimals.</summary>
    static string Printed(double value) => Math.Round(value, 4).ToString(CultureInfo.InvariantCulture);

    /// <summary>One <c>dotnet run chapters/NN-name.cs -- …</c> process, in this build's configuration.</summary>
    sealed record AppRun(int ExitCode, string Output)
    {
        public static async Task<AppRun> StartAsync(string app, IEnumerable<string> arguments, TimeSpan limit)
        {
            // The configuration of this test build (bin/<configuration>/<framework>/): the app builds lib/RecSys in
            // the same one, so it finds it up to date and never copies another build into lib/RecSys/bin/notebook/.
            string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = Fixtures.RepositoryRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string argument in new[] { "run", Path.GetRelativePath(Fixtures.RepositoryRoot, app), "-c", configuration, "--" }.Concat(arguments))
                start.ArgumentList.Add(argument);
            // Not the test host's build settings, nor the results file of a notebook this process ran.
            foreach (string variable in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "RECSYS_RESULTS_FILE").ToList())
                start.Environment.Remove(variable);

            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync(), errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Path.GetFileName(app)} ran longer than {limit.TotalMinutes} minutes:\n{await output}{await errors}");
            }
            return new AppRun(process.ExitCode, await output + await errors);
        }
    }
}
