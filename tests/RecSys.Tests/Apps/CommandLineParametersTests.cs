using System.Text.Json.Nodes;
using RecSys.Apps;

namespace RecSys.Tests.Apps;

/// <summary>A chapter app's parameters as command-line options (lib/RecSys/Apps), and the results file it writes.</summary>
public class CommandLineParametersTests
{
    [Fact]
    public void Reads_each_option_as_the_type_of_its_default_and_keeps_the_default_of_an_option_not_given()
    {
        var commandLine = new CommandLineParameters(new[] { "--epochs", "3", "--rate=0.5", "--name", "bpr", "--fast", "true", "--big", "10", "--scale", "2.5" });

        Assert.Equal(3, commandLine.Get("epochs", 20));
        Assert.Equal(0.5, commandLine.Get("rate", 0.01));
        Assert.Equal("bpr", commandLine.Get("name", "mf"));
        Assert.True(commandLine.Get("fast", false));
        Assert.Equal(10L, commandLine.Get("big", 1L));
        Assert.Equal(2.5f, commandLine.Get("scale", 1f));
        Assert.Equal(7, commandLine.Get("missing", 7));
        Assert.Null(commandLine.Problem());
        Assert.Equal(new[] { "big", "epochs", "fast", "name", "rate", "scale" }, commandLine.Overrides.Keys.Order());
    }

    [Fact]
    public void A_bad_value_an_unknown_option_and_a_missing_value_are_each_reported_with_the_fix()
    {
        var bad = new CommandLineParameters(new[] { "--epochs", "two" });
        Assert.Equal(20, bad.Get("epochs", 20));
        Assert.Equal("--epochs takes an int (default 20); \"two\" is not one.", bad.Problem());

        var unknown = new CommandLineParameters(new[] { "--epoch", "3" });
        unknown.Get("epochs", 20);
        unknown.Get("rate", 0.01);
        Assert.Equal("unknown option --epoch. This chapter's options: --epochs, --rate, --help, --results, --charts.", unknown.Problem());

        Assert.Equal("--epochs needs a value.", new CommandLineParameters(new[] { "--epochs" }).Problem());
        Assert.Equal("\"3\" is not an option: options look like --name value.", new CommandLineParameters(new[] { "3" }).Problem());
        Assert.Throws<ArgumentException>(() => new CommandLineParameters(Array.Empty<string>()).Get("results", 1));
    }

    [Fact]
    public void The_apps_own_options_are_not_parameters_and_help_lists_both_kinds()
    {
        using var folder = new TempFolder();
        var commandLine = new CommandLineParameters(new[] { "--results", folder.File("r.json"), "--charts", folder.Path, "--topK", "5" });
        commandLine.Get("topK", 10);
        commandLine.Get("rate", 0.01);

        Assert.Null(commandLine.Problem());
        Assert.Equal(folder.File("r.json"), commandLine.ResultsPath);
        Assert.Equal(folder.Path, commandLine.ChartFolder);
        Assert.Equal(new[] { "topK" }, commandLine.Overrides.Keys);
        string help = commandLine.Help();
        Assert.Matches(@"--topK <int> +default 10\n", help);
        Assert.Matches(@"--rate <double> +default 0\.01\n", help);
        Assert.Contains("--results <file.json>", help);
        Assert.Contains("--charts <folder>", help);
    }

    [Fact]
    public void The_results_file_has_the_notebook_runners_layout()
    {
        string json = ResultsFile.ToJson("chapters/00-demo.cs", new Dictionary<string, string> { ["topK"] = "5" },
            new Dictionary<string, double> { ["popular.ndcg@5"] = 0.25, ["bias.rmse"] = 0.9538 }, 12.346, 456.7, null);

        JsonObject run = JsonNode.Parse(json)!["notebooks"]!.AsArray().Single()!.AsObject();
        Assert.Equal(new[] { "notebook", "parameters", "figures", "cells", "totalSeconds", "peakMemoryMegabytes", "error" }, run.Select(p => p.Key));
        Assert.Equal("chapters/00-demo.cs", (string?)run["notebook"]);
        Assert.Equal("5", (string?)run["parameters"]!["topK"]);
        Assert.Equal(0.9538, (double)run["figures"]!["bias.rmse"]!);
        Assert.Empty(run["cells"]!.AsArray());
        Assert.Equal(12.35, (double)run["totalSeconds"]!);
        Assert.Equal(457, (double)run["peakMemoryMegabytes"]!);
        Assert.Null(run["error"]);
    }
}
