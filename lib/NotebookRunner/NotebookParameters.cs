using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NotebookRunner;

/// <summary>One default in a notebook's <c>parameters</c> cell, e.g. <c>var epochs = 20;</c> (an int).</summary>
public sealed record NotebookParameter(string Name, Type Type, string DefaultValue);

/// <summary>
/// Parameters as papermill has them: the cell tagged <c>parameters</c> holds defaults, and the runner injects
/// right after it a cell tagged <c>injected-parameters</c> that assigns the overrides, each written as a C#
/// literal of its default's type (int, long, double, float, bool, string).
/// </summary>
public static partial class NotebookParameters
{
    public const string ParametersTag = "parameters", InjectedTag = "injected-parameters";

    /// <summary>The declarations <c>var|int|… name = literal;</c> of a parameters cell, in order.</summary>
    public static IReadOnlyList<NotebookParameter> Parse(string parametersCell)
    {
        var found = new List<NotebookParameter>();
        foreach (Match m in Declaration().Matches(parametersCell))
        {
            Type? type = TypeOf(m.Groups["type"].Value, m.Groups["value"].Value.Trim());
            if (type != null) found.Add(new NotebookParameter(m.Groups["name"].Value, type, m.Groups["value"].Value.Trim()));
        }
        return found;
    }

    /// <summary>The code of the injected cell; an unknown name or a value of the wrong type is an error that says so.</summary>
    public static string InjectedCell(IReadOnlyList<NotebookParameter> declared, IReadOnlyDictionary<string, string> overrides, string notebook)
    {
        var code = new StringBuilder("// Parameters injected by the notebook runner\n");
        foreach (var (name, text) in overrides)
        {
            NotebookParameter parameter = declared.FirstOrDefault(p => p.Name == name)
                ?? throw new RunnerException(
                    $"{notebook} has no parameter \"{name}\". Its parameters cell declares: " +
                    (declared.Count == 0 ? "nothing" : string.Join(", ", declared.Select(p => $"{p.Name} ({p.Type.Name}, default {p.DefaultValue})"))) + ".");
            code.Append($"{name} = {Literal(parameter, text)};\n");
        }
        return code.ToString().TrimEnd('\n');
    }

    static string Literal(NotebookParameter parameter, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        string? literal = parameter.Type switch
        {
            var t when t == typeof(int) => int.TryParse(text, NumberStyles.Integer, invariant, out int i) ? i.ToString(invariant) : null,
            var t when t == typeof(long) => long.TryParse(text, NumberStyles.Integer, invariant, out long l) ? l.ToString(invariant) + "L" : null,
            var t when t == typeof(double) => double.TryParse(text, NumberStyles.Float, invariant, out double d) && double.IsFinite(d) ? d.ToString("R", invariant) + "d" : null,
            var t when t == typeof(float) => float.TryParse(text, NumberStyles.Float, invariant, out float f) && float.IsFinite(f) ? f.ToString("R", invariant) + "f" : null,
            var t when t == typeof(bool) => bool.TryParse(text, out bool b) ? (b ? "true" : "false") : null,
            _ => StringLiteral(text),
        };
        return literal ?? throw new RunnerException($"Parameter \"{parameter.Name}\" is {Article(parameter.Type)} (default {parameter.DefaultValue}); \"{text}\" is not.");
    }

    static string StringLiteral(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"";

    static string Article(Type type) => type == typeof(int) ? "an int" : $"a {type.Name.ToLowerInvariant()}";

    /// <summary>The declared type, or for <c>var</c> the type of the literal; null when it is not a literal we can override.</summary>
    static Type? TypeOf(string declaredType, string value) => declaredType switch
    {
        "int" => typeof(int),
        "long" => typeof(long),
        "double" => typeof(double),
        "float" => typeof(float),
        "bool" => typeof(bool),
        "string" => typeof(string),
        _ when value is "true" or "false" => typeof(bool),
        _ when value.StartsWith('"') && value.EndsWith('"') => typeof(string),
        _ when IntegerLiteral().IsMatch(value) => typeof(int),
        _ when LongLiteral().IsMatch(value) => typeof(long),
        _ when FloatLiteral().IsMatch(value) => typeof(float),
        _ when DoubleLiteral().IsMatch(value) => typeof(double),
        _ => null,
    };

    [GeneratedRegex(@"^\s*(?<type>var|int|long|double|float|bool|string)\s+(?<name>[A-Za-z_]\w*)\s*=\s*(?<value>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^-?\d[\d_]*$")]
    private static partial Regex IntegerLiteral();

    [GeneratedRegex(@"^-?\d[\d_]*[lL]$")]
    private static partial Regex LongLiteral();

    [GeneratedRegex(@"^-?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?[fF]$")]
    private static partial Regex FloatLiteral();

    [GeneratedRegex(@"^-?((\d[\d_]*)?\.\d+([eE][-+]?\d+)?|\d[\d_]*[eE][-+]?\d+|\d[\d_]*(\.\d+)?[dD])$")]
    private static partial Regex DoubleLiteral();
}
