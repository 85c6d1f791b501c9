using System.Globalization;
using RecSys.Training;

namespace RecSys.Apps;

/// <summary>
/// A chapter's parameters as command-line options, for the chapter exported as a file-based app
/// (<c>chapters/NN-name.cs</c>): each line of the notebook's parameters cell becomes
/// <code>var mfEpochs = commandLine.Get("mfEpochs", 30);</code>
/// so <c>dotnet run chapters/02-collaborative-filtering.cs -- --mfEpochs 2</c> overrides the default, as the notebook
/// runner's <c>--param mfEpochs=2</c> does. <see cref="Check"/>, after the last parameter, answers <c>--help</c> and
/// stops with a message on an unknown option or a bad value. The app's own options: <c>--results file.json</c>
/// (the recorded figures in the notebook runner's format, <see cref="ResultsFile"/>) and <c>--charts folder</c>.
/// </summary>
public sealed class CommandLineParameters
{
    /// <summary>Options of the app itself, never the name of a notebook parameter.</summary>
    public static readonly IReadOnlyList<string> AppOptions = new[] { "help", "results", "charts" };

    readonly Dictionary<string, string> given = new();
    readonly List<(string Name, string Type, string Default)> declared = new();
    readonly List<string> problems = new();
    readonly bool help;

    /// <param name="args">The app's command line: <c>--name value</c> or <c>--name=value</c> pairs, and <c>--help</c>.</param>
    public CommandLineParameters(string[] args)
    {
        // The app's first statement: libtorch reads its thread settings once, when it loads, so set them now.
        TorchRuntime.Configure();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "--help" or "-h" or "-?") { help = true; continue; }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                problems.Add($"\"{arg}\" is not an option: options look like --name value.");
                continue;
            }
            int equals = arg.IndexOf('=');
            string name = equals > 0 ? arg[2..equals] : arg[2..];
            if (equals > 0) given[name] = arg[(equals + 1)..];
            else if (i + 1 < args.Length) given[name] = args[++i];
            else problems.Add($"--{name} needs a value.");
        }
        ResultsPath = given.TryGetValue("results", out string? results) ? Path.GetFullPath(results) : null;
        ChartFolder = given.TryGetValue("charts", out string? charts) ? Path.GetFullPath(charts) : null;
    }

    /// <summary>Where <c>--results</c> asks for the recorded figures; null when it was not given.</summary>
    public string? ResultsPath { get; }

    /// <summary>Where <c>--charts</c> asks for the charts; null for the default (see <see cref="Terminal"/>).</summary>
    public string? ChartFolder { get; }

    /// <summary>The notebook parameters given on the command line, by name, as typed (what the results file lists).</summary>
    public IReadOnlyDictionary<string, string> Overrides =>
        given.Where(p => !AppOptions.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>
    /// The value of the parameter <paramref name="name"/>: the option's value read as the default's type (int, long,
    /// double, float, bool, string), or the default when the option is not given. A bad value is reported by
    /// <see cref="Check"/>, which stops the app; until then the default stands in.
    /// </summary>
    public T Get<T>(string name, T defaultValue)
    {
        if (AppOptions.Contains(name)) throw new ArgumentException($"\"{name}\" is one of the app's own options ({string.Join(", ", AppOptions)}); rename the parameter.", nameof(name));
        string defaultText = Text(defaultValue);
        declared.Add((name, TypeName(typeof(T)), defaultText));
        if (!given.TryGetValue(name, out string? text)) return defaultValue;
        if (TryRead(text, out T value)) return value;
        problems.Add($"--{name} takes {Article(typeof(T))} (default {defaultText}); \"{text}\" is not one.");
        return defaultValue;
    }

    /// <summary>
    /// After the last <see cref="Get"/>: with <c>--help</c>, prints the options and ends the app; on an unknown
    /// option or a bad value, prints what was wrong and the options there are, and ends it with exit code 2.
    /// Otherwise applies <c>--charts</c> and, with <c>--results</c>, writes the results file when the app ends.
    /// </summary>
    public void Check()
    {
        if (help)
        {
            Console.WriteLine(Help());
            Environment.Exit(0);
        }
        if (Problem() is string problem)
        {
            Console.Error.WriteLine($"error: {problem}");
            Console.Error.WriteLine($"Run with --help to see the options and their defaults.");
            Environment.Exit(2);
        }
        if (ChartFolder != null) Terminal.ChartFolder = ChartFolder;
        if (ResultsPath != null) ResultsFile.WriteWhenTheAppEnds(ResultsPath, Overrides);
    }

    /// <summary>What is wrong with the command line, or null: unknown options, bad values, missing values.</summary>
    public string? Problem()
    {
        var all = problems.ToList();
        string[] unknown = given.Keys.Where(name => !AppOptions.Contains(name) && declared.All(d => d.Name != name)).ToArray();
        if (unknown.Length > 0)
            all.Add($"unknown option{(unknown.Length > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "--" + u))}. " +
                $"This chapter's options: {string.Join(", ", declared.Select(d => "--" + d.Name).Concat(AppOptions.Select(o => "--" + o)))}.");
        return all.Count == 0 ? null : string.Join("\n", all);
    }

    /// <summary>The usage text: every parameter with its type and default, then the app's own options.</summary>
    public string Help()
    {
        string app = EntryPoint() is string file ? Terminal.Shown(file) : "<chapter>.cs";
        var lines = new List<string>
        {
            $"usage: dotnet run {app} -- [--name value]...",
            "",
            "The chapter's parameters (its notebook's cell tagged \"parameters\"), with their defaults:",
        };
        int width = Math.Max(24, declared.Select(d => d.Name.Length + d.Type.Length + 5).DefaultIfEmpty(0).Max());
        lines.AddRange(declared.Select(d => $"  {$"--{d.Name} <{d.Type}>".PadRight(width)}  default {d.Default}"));
        if (declared.Count == 0) lines.Add("  (none)");
        lines.Add("");
        lines.Add("The app's own options:");
        lines.Add($"  {"--results <file.json>".PadRight(width)}  writes the recorded figures, parameters, seconds and peak memory as JSON");
        lines.Add($"  {"".PadRight(width)}  (the notebook runner's --results format)");
        lines.Add($"  {"--charts <folder>".PadRight(width)}  where charts are written as PNG and HTML (default {Terminal.DefaultChartFolderText})");
        lines.Add($"  {"--help".PadRight(width)}  shows this text");
        return string.Join('\n', lines);
    }

    /// <summary>The .cs file a file-based app was started from (.NET 10 sets it); null in any other program.</summary>
    internal static string? EntryPoint() => AppContext.GetData("EntryPointFilePath") as string;

    static bool TryRead<T>(string text, out T value)
    {
        var invariant = CultureInfo.InvariantCulture;
        object? read = typeof(T) switch
        {
            var t when t == typeof(int) => int.TryParse(text, NumberStyles.Integer, invariant, out int i) ? i : null,
            var t when t == typeof(long) => long.TryParse(text, NumberStyles.Integer, invariant, out long l) ? l : null,
            var t when t == typeof(double) => double.TryParse(text, NumberStyles.Float, invariant, out double d) && double.IsFinite(d) ? d : null,
            var t when t == typeof(float) => float.TryParse(text, NumberStyles.Float, invariant, out float f) && float.IsFinite(f) ? f : null,
            var t when t == typeof(bool) => bool.TryParse(text, out bool b) ? b : null,
            var t when t == typeof(string) => text,
            _ => throw new ArgumentException($"A parameter is an int, long, double, float, bool or string; {typeof(T).Name} is none of them."),
        };
        value = read is T typed ? typed : default!;
        return read != null;
    }

    static string Text<T>(T value) => value is string s ? $"\"{s}\"" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    static string TypeName(Type type) => type == typeof(int) ? "int" : type.Name.ToLowerInvariant() switch
    {
        "int64" => "long",
        "single" => "float",
        "boolean" => "bool",
        var name => name,
    };

    static string Article(Type type) => TypeName(type) is var name && name == "int" ? "an int" : $"a {name}";
}
