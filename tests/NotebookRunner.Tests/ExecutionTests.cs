namespace NotebookRunner.Tests;

public sealed class ExecutionTests : IDisposable
{
    readonly string output = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"runner-test-{Guid.NewGuid():N}.ipynb");

    public void Dispose() => File.Delete(output);

    [Fact]
    public async Task Keeps_state_and_classes_across_cells_and_injects_parameters()
    {
        var options = new RunOptions { Parameters = new Dictionary<string, string> { ["epochs"] = "5", ["name"] = "injected" } };
        NotebookRun run = await Fixtures.RunAsync("state.ipynb", options, output);

        Assert.True(run.Succeeded, run.Error);
        var cells = Fixtures.CodeCells(Fixtures.ReadJson(output));
        Assert.Equal(5, cells.Count); // parameters, injected, class, use, value
        Assert.Equal("injected-parameters", (string?)cells[1]!["metadata"]!["tags"]![0]);
        Assert.Contains("epochs = 5;", Fixtures.OutputText(cells[1]!) + string.Concat(cells[1]!["source"]!.AsArray().Select(l => (string?)l)));
        Assert.Equal("injected: 5 after 5 epochs at rate 0.5, verbose False\n", Fixtures.OutputText(cells[3]!));
        Assert.Equal("10", Fixtures.OutputText(cells[4]!));                       // Counter.Count * 2, a class from an earlier cell
        Assert.Contains("<pre>10</pre>", Fixtures.OutputText(cells[4]!, "text/html"));
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, cells.Select(c => (int)c!["execution_count"]!));
    }

    [Fact]
    public async Task Trains_a_TorchSharp_module_declared_in_an_earlier_cell_and_records_figures()
    {
        string results = output + ".json";
        try
        {
            var options = new RunOptions { Parameters = new Dictionary<string, string> { ["steps"] = "40" }, ResultsPath = results };
            NotebookRun run = await Fixtures.RunAsync("torch.ipynb", options, output);

            Assert.True(run.Succeeded, run.Error);
            Assert.True(run.Figures["line.last_loss"] < run.Figures["line.first_loss"] / 10, $"{run.Figures["line.first_loss"]} → {run.Figures["line.last_loss"]}");
            var cells = Fixtures.CodeCells(Fixtures.ReadJson(output));
            Assert.Contains("after 40 steps", Fixtures.OutputText(cells[^1]!));
            Assert.Equal(cells.Count, run.Cells.Count);
            Assert.True(run.PeakMemoryMegabytes > 50);

            RunResults.Write(results, new[] { run });
            var json = Fixtures.ReadJson(results)["notebooks"]![0]!;
            Assert.Equal("40", (string?)json["parameters"]!["steps"]);
            Assert.Equal(run.Figures["line.last_loss"], (double)json["figures"]!["line.last_loss"]!);
            Assert.Equal(cells.Count, json["cells"]!.AsArray().Count);
            Assert.NotNull(json["totalSeconds"]);
            Assert.NotNull(json["peakMemoryMegabytes"]);
        }
        finally
        {
            File.Delete(results);
        }
    }

    [Fact]
    public async Task Formats_DataFrames_records_and_charts_with_a_text_form_for_every_output()
    {
        NotebookRun run = await Fixtures.RunAsync("formatting.ipynb", output: output);

        Assert.True(run.Succeeded, run.Error);
        Assert.Equal(42, run.Figures["fixture.answer"]);
        var cells = Fixtures.CodeCells(Fixtures.ReadJson(output));
        string frame = Fixtures.OutputText(cells[1]!, "text/html");
        Assert.Contains("<table", frame);
        Assert.Contains("<th>film</th>", frame);
        Assert.Contains("Toy Story (1995)", frame);
        Assert.DoesNotContain("<details", frame);                                   // the DataFrame extension's table, not the object tree
        string chart = Fixtures.OutputText(cells[2]!, "text/html");
        Assert.Contains("data:image/png;base64,", chart);
        Assert.Equal("[chart] Training loss", Fixtures.OutputText(cells[2]!));
        string records = Fixtures.OutputText(cells[3]!, "text/html");
        Assert.Contains("<th>Model</th><th>Ndcg</th>", records);
        Assert.Contains("<td>most popular</td><td style=\"text-align:right;white-space:nowrap\">0.25</td>", records);   // numbers right-aligned, never wrapped
        Assert.Contains("<td>fixture.answer</td><td style=\"text-align:right;white-space:nowrap\">42</td>", Fixtures.OutputText(cells[4]!, "text/html"));
        foreach (var cell in cells)
            foreach (var outputNode in cell!["outputs"]!.AsArray().Where(o => (string?)o!["output_type"] != "stream"))
                Assert.NotNull(outputNode!["data"]!["text/plain"]);
    }

    [Fact]
    public async Task Tables_of_records_tuples_and_DataFrames_have_an_aligned_text_form_and_other_values_keep_theirs()
    {
        NotebookRun run = await Fixtures.RunAsync("formatting.ipynb", output: output);

        Assert.True(run.Succeeded, run.Error);
        var cells = Fixtures.CodeCells(Fixtures.ReadJson(output));
        // Text columns to the left, numbers to the right, a rule under the names: what a terminal or a text diff shows.
        Assert.Equal("Model         Ndcg\n------------  ----\nrandom        0.02\nmost popular  0.25", Fixtures.OutputText(cells[3]!));
        Assert.Equal("Name            Value\n--------------  -----\nfixture.answer     42", Fixtures.OutputText(cells[4]!));
        Assert.Equal("Item1         Item2\n-----------  ------\nglobal mean  1.1256\nbiases       0.9538", Fixtures.OutputText(cells[5]!));
        Assert.Contains("<td>global mean</td><td style=\"text-align:right;white-space:nowrap\">1.1256</td>", Fixtures.OutputText(cells[5]!, "text/html"));
        Assert.Equal("Fold  Rmse  Seconds\n----  ----  -------\nu1    0.91     12.5\nu2    0.92       25", Fixtures.OutputText(cells[6]!));
        // Sequences that are not records, and strings (sequences of characters), look as the kernel shows them.
        Assert.Equal("[ 3, 1, 2 ]", Fixtures.OutputText(cells[7]!));
        Assert.Contains("<pre>[ 3, 1, 2 ]</pre>", Fixtures.OutputText(cells[7]!, "text/html"));
        Assert.Equal("plain words", Fixtures.OutputText(cells[8]!));
        Assert.Contains("<pre>plain words</pre>", Fixtures.OutputText(cells[8]!, "text/html"));
        Assert.Equal("film              score\n----------------  -----\nToy Story (1995)    4.5\nHeat (1995)        3.25", Fixtures.OutputText(cells[9]!));
        Assert.Contains("<th>film</th>", Fixtures.OutputText(cells[9]!, "text/html")); // the DataFrame extension's HTML stays
    }

    [Fact]
    public async Task A_progress_line_is_one_output_updated_in_place_also_from_a_later_cell()
    {
        NotebookRun run = await Fixtures.RunAsync("progress.ipynb", output: output);

        Assert.True(run.Succeeded, run.Error);
        var cells = Fixtures.CodeCells(Fixtures.ReadJson(output));
        var outputs = cells[1]!["outputs"]!.AsArray();
        // 50 lines written, one display kept: the line of the last update, which came from the next cell.
        Assert.Equal(new[] { "display_data", "stream" }, outputs.Select(o => (string?)o!["output_type"]));
        Assert.Equal("stopping: a later cell's line replaces the line above", Fixtures.DataText(outputs[0]!));
        Assert.Equal("trained 50 epochs\n", (string?)outputs[1]!["text"]![0]);
        Assert.DoesNotContain(cells[2]!["outputs"]!.AsArray(), o => (string?)o!["output_type"] == "display_data");
        Assert.Equal("stopping: a later cell's line replaces the line above", Fixtures.OutputText(cells[2]!));
        Assert.Equal("epoch 1\nepoch 2\n", Fixtures.OutputText(cells[3]!));
    }

    [Fact]
    public async Task Keeps_the_notebooks_metadata_and_cell_ids()
    {
        NotebookRun run = await Fixtures.RunAsync("state.ipynb", output: output);

        Assert.True(run.Succeeded, run.Error);
        var original = Fixtures.ReadJson(Fixtures.Path("state.ipynb"));
        var written = Fixtures.ReadJson(output);
        Assert.Equal(original["metadata"]!.ToJsonString(), written["metadata"]!.ToJsonString());
        Assert.Equal(
            original["cells"]!.AsArray().Select(c => (string?)c!["id"]),
            written["cells"]!.AsArray().Select(c => (string?)c!["id"]));
        Assert.Equal(
            original["cells"]!.AsArray().Select(c => c!["metadata"]!.ToJsonString()),
            written["cells"]!.AsArray().Select(c => c!["metadata"]!.ToJsonString()));
    }

    [Fact]
    public async Task Writes_no_machine_paths()
    {
        await Fixtures.RunAsync("torch.ipynb", output: output);
        string text = File.ReadAllText(output);
        Assert.DoesNotContain(Fixtures.RepositoryRoot, text);
        Assert.DoesNotContain(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + "/", text);
    }
}
