using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>
/// The exporter on small hand-written notebooks: what goes where in the app, and the clear error a notebook that
/// cannot become a C# program gets. The chapters themselves: <see cref="ChapterAppTests"/>.
/// </summary>
public sealed class AppExporterTests : IDisposable
{
    // A repository in miniature: notebooks/, chapters/ and a library at lib/Demo/Demo.csproj.
    readonly string root = Directory.CreateTempSubdirectory("app-export-").FullName;

    public AppExporterTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "notebooks"));
        Directory.CreateDirectory(Path.Combine(root, "lib", "Demo"));
        File.WriteAllText(Path.Combine(root, "lib", "Demo", "Demo.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        File.WriteAllText(Path.Combine(root, "tutorial.sln"), "");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    static (string Type, string Source, string? Tag) Markdown(string source) => ("markdown", source, null);

    static (string Type, string Source, string? Tag) Code(string source, string? tag = null) => ("csharp", source, tag);

    /// <summary>Writes a Polyglot notebook with these cells and returns its path.</summary>
    string Notebook(string name, params (string Type, string Source, string? Tag)[] cells)
    {
        var json = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode)(c.Type == "markdown"
                ? new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = c.Source }
                : new JsonObject
                {
                    ["cell_type"] = "code",
                    ["execution_count"] = null,
                    ["metadata"] = new JsonObject
                    {
                        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = c.Type },
                        ["tags"] = c.Tag == null ? new JsonArray() : new JsonArray(c.Tag),
                    },
                    ["outputs"] = new JsonArray(),
                    ["source"] = c.Source,
                })).ToArray()),
            ["metadata"] = JsonNode.Parse("""
                {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
                 "language_info": {"name": "polyglot-notebook"},
                 "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}, {"aliases": [], "name": "fsharp"}]}}}
                """),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        string path = Path.Combine(root, "notebooks", name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    string Export(string notebook) => AppExporter.Export(notebook, Path.Combine(root, "chapters"));

    const string References = """
        #r "nuget: Foo.Bar, 1.2.3"
        // Checks that the library is built (a notebook cannot build it).
        if (!System.IO.File.Exists("../lib/Demo/bin/notebook/Demo.dll"))
            throw new System.IO.FileNotFoundException("Build the library first.");
        #!csharp
        #r "../lib/Demo/bin/notebook/Demo.dll"
        """;

    [Fact]
    public void Directives_and_usings_come_first_statements_keep_their_order_types_move_last_markdown_stays_in_place()
    {
        string notebook = Notebook("05-demo.ipynb",
            Markdown("# 05 — Demo\n\nThe idea, with $x^2$."),
            Code(References),
            Code("var epochs = 20;   // training epochs\ndouble rate = 1;\nvar name = \"mf\";\nvar derived = epochs * 2;", "parameters"),
            Code("using System.Diagnostics;\n\nvar clock = Stopwatch.StartNew();\n// A point, as a record.\nrecord Point(int X, int Y);\nvar p = new Point(1, 2);\np"),
            Markdown("## 2. Math\n\n$$\\hat{r}_{ui} = \\mu + b_u$$"),
            Code("#r \"nuget: Other.Package, 2.0.0\"\nusing Other;\nenum Kind { A, B }\nConsole.WriteLine(p)"),
            Code("Results.Table()"));

        string expected = """
            // notebooks/05-demo.ipynb as a .NET 10 file-based app. Run it from the repository's folder:
            //   dotnet run chapters/05-demo.cs
            // and add `-- --help` to list its options.
            // Generated, do not edit: change the notebook, then run
            //   dotnet run --project lib/NotebookRunner -- export notebooks/05-demo.ipynb --to cs

            // # 05 — Demo
            //
            // The idea, with $x^2$.

            #:package Foo.Bar
            #:package Other.Package
            #:project ../lib/Demo/Demo.csproj

            using System.Diagnostics;
            using Other;
            // Imported by the notebook kernel itself, and the console display and command line of this app:
            using System.Collections;
            using System.Text;
            using RecSys.Apps;

            // The notebook's parameters: each is a command-line option with this default (e.g. --topK 5); --help lists them.
            var commandLine = new CommandLineParameters(args);
            var epochs = commandLine.Get("epochs", 20);   // training epochs
            double rate = commandLine.Get<double>("rate", 1);
            var name = commandLine.Get("name", "mf");
            var derived = epochs * 2;
            commandLine.Check();   // stops here for --help, an unknown option or a bad value

            var clock = Stopwatch.StartNew();

            // Moved to the end of the file, where C# requires a program's types: record Point.
            var p = new Point(1, 2);
            Terminal.Show(p);

            // ## 2. Math
            //
            // $$\hat{r}_{ui} = \mu + b_u$$

            // Moved to the end of the file, where C# requires a program's types: enum Kind.
            Console.WriteLine(p);

            Terminal.Show(Results.Table());

            // The types the notebook's cells declare, moved here from their cells (each left a note where it stood).

            // A point, as a record.
            record Point(int X, int Y);

            enum Kind { A, B }

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Export(notebook));
    }

    [Fact]
    public void A_notebook_without_parameters_still_reads_its_command_line_before_its_first_statement()
    {
        string app = Export(Notebook("06-plain.ipynb", Code(References), Code("var x = 1;")));
        int reads = app.IndexOf("var commandLine = new CommandLineParameters(args);\ncommandLine.Check();", StringComparison.Ordinal);
        Assert.True(reads > 0 && reads < app.IndexOf("var x = 1;", StringComparison.Ordinal), app);
    }

    [Fact]
    public void What_the_kernel_would_display_is_shown_explicitly()
    {
        string app = Export(Notebook("07-display.ipynb", Code(References),
            Code("var table = new[] { 1, 2 };\ndisplay(table);\ntable.Display();\nif (table.Length > 1) { display(table[0]); }"),
            Code("// the last line has a semicolon: nothing is shown\ntable.Count();"),
            Code("Console.Write(\"no value to show\")"),
            Code("table\n    .Select(t => t * 2)   // doubled\n")));

        Assert.Contains("Terminal.Show(table);\nTerminal.Show(table);\nif (table.Length > 1) { Terminal.Show(table[0]); }", app);
        Assert.Contains("// the last line has a semicolon: nothing is shown\ntable.Count();\n", app);
        Assert.Contains("\nConsole.Write(\"no value to show\");\n", app);
        Assert.Contains("\nTerminal.Show(table\n    .Select(t => t * 2));   // doubled\n", app);
    }

    [Fact]
    public void A_notebook_that_cannot_become_a_program_gets_an_error_naming_the_cell_and_the_fix()
    {
        string Problem(params (string Type, string Source, string? Tag)[] cells) =>
            Assert.Throws<RunnerException>(() => Export(Notebook("09-bad.ipynb", cells))).Message;

        Assert.Contains("code cell 2 (`#!time`) uses the magic command #!time, which a C# program has no equivalent for",
            Problem(Code(References), Code("#!time\nvar x = 1;")));
        Assert.Contains("code cell 2 (`var x = ;`) does not parse as C#: line 1, column 9",
            Problem(Code(References), Code("var x = ;")));
        Assert.Contains("code cell 2 (`var x = 1;`) does not parse as C#: line 3, column 9",
            Problem(Code(References), Code("var x = 1;\n#!csharp\nvar y = ;")));
        Assert.Contains("has a fsharp cell (`let x = 1`); only C# cells can be exported",
            Problem(Code(References), ("fsharp", "let x = 1", null)));
        Assert.Contains("code cell 3 (`var total = 2;`) declares `total`, which 09-bad.ipynb, code cell 2 (`var total = 1;`) has declared already",
            Problem(Code(References), Code("var total = 1;"), Code("var total = 2;")));
        Assert.Contains("code cell 2 (`foreach (int k in new[] { 1 })`) declares `clock` inside a block, and 09-bad.ipynb, code cell 3 (`var clock = 0;`) declares `clock` at the top level",
            Problem(Code(References), Code("foreach (int k in new[] { 1 })\n{\n    var clock = k;\n}"), Code("var clock = 0;")));
        Assert.Contains("uses the name \"commandLine\", which the exported app needs",
            Problem(Code(References), Code("var commandLine = 1;")));
        Assert.Contains("The parameter \"results\" has the name of an option every app has",
            Problem(Code(References), Code("var results = 1;", "parameters")));
        Assert.Contains("loads ../elsewhere/Other.dll; a file-based app can reference only the series' own libraries",
            Problem(Code("#r \"../elsewhere/Other.dll\"")));
        Assert.Contains("declares `int Count => 3;` (PropertyDeclaration), which top-level statements cannot hold",
            Problem(Code(References), Code("int Count => 3;")));
    }

    [Fact]
    public void Names_reused_inside_lambdas_local_functions_and_separate_loops_are_no_conflict()
    {
        string app = Export(Notebook("08-scopes.ipynb", Code(References),
            Code("var x = 1;\nint Twice(int y) { var x = y * 2; return x; }\nFunc<int, int> f = x => x + 1;"),
            Code("for (int i = 0; i < 2; i++) { var tmp = i; }"),
            Code("foreach (var i in new[] { 1 }) { var tmp = i; }")));
        Assert.Contains("foreach (var i in new[] { 1 }) { var tmp = i; }", app);
    }

    [Fact]
    public void The_export_command_writes_one_app_per_notebook_and_needs_a_format()
    {
        Notebook("05-a.ipynb", Code(References), Code("var a = 1;"));
        Notebook("06-b.ipynb", Code(References), Code("var b = 2;"));
        string folder = Path.Combine(root, "notebooks");

        IReadOnlyList<string> written = AppExporter.ExportAll(new[] { folder }, null);

        Assert.Equal(new[] { "05-a.cs", "06-b.cs" }, written.Select(Path.GetFileName));
        Assert.All(written, path => Assert.Equal(Path.Combine(root, "chapters"), Path.GetDirectoryName(path)));
        Assert.Contains("var b = 2;", File.ReadAllText(written[1]));
        Assert.Equal("Say what to export to: --to cs (a C# file-based app).", Assert.Throws<RunnerException>(() => ExportCommandLine.Parse(new[] { folder })).Message);
        Assert.Equal("export --to py: the only format is cs.", Assert.Throws<RunnerException>(() => ExportCommandLine.Parse(new[] { folder, "--to", "py" })).Message);
    }
}
