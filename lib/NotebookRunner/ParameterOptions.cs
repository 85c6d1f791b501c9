using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NotebookRunner;

/// <summary>
/// The parameters cell of an exported app: each default the runner can override (<see cref="NotebookParameters"/>)
/// is read from the command line instead, <c>var mfEpochs = 30;</c> → <c>var mfEpochs = commandLine.Get("mfEpochs", 30);</c>,
/// between the line that reads the command line and the line that checks it (lib/RecSys/Apps/CommandLineParameters.cs).
/// </summary>
public static partial class ParameterOptions
{
    const string Variable = AppExporter.CommandLineVariable;

    /// <summary>What an app of a notebook without a parameters cell does with its command line.</summary>
    public static readonly string NoParameters =
        $"// This chapter has no parameters; its command line takes --results, --charts and --help.\nvar {Variable} = new CommandLineParameters(args);\n{Variable}.Check();";

    /// <summary>The cell's statements between reading the command line and checking it.</summary>
    public static string Wrap(string statements) =>
        $"// The notebook's parameters: each is a command-line option with this default (e.g. --topK 5); --help lists them.\n" +
        $"var {Variable} = new CommandLineParameters(args);\n" +
        AlignComments(statements) + "\n" +
        $"{Variable}.Check();   // stops here for --help, an unknown option or a bad value";

    /// <summary>A statement rewrite for <see cref="CodeCellSplitter.Split"/>: each declared parameter's literal becomes a read of its option.</summary>
    public static Func<MemberDeclarationSyntax, string?> Rewriter(IReadOnlyList<NotebookParameter> declared)
    {
        var names = declared.Select(p => p.Name).ToHashSet();
        foreach (string name in names.Where(n => RecSysAppOptions.Contains(n)))
            throw new RunnerException($"The parameter \"{name}\" has the name of an option every app has ({string.Join(", ", RecSysAppOptions)}): rename it in the notebook.");
        return member => new OptionRewriter(names).Visit(member)!.ToFullString();
    }

    /// <summary>The app's own options (lib/RecSys/Apps/CommandLineParameters.cs, AppOptions): no parameter may take their names.</summary>
    static readonly string[] RecSysAppOptions = { "help", "results", "charts" };

    sealed class OptionRewriter(HashSet<string> names) : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitVariableDeclarator(VariableDeclaratorSyntax node)
        {
            if (!names.Contains(node.Identifier.ValueText) || node.Initializer == null || node.Parent is not VariableDeclarationSyntax declaration)
                return node;
            string type = declaration.Type.IsVar ? "" : $"<{declaration.Type}>";
            ExpressionSyntax value = node.Initializer.Value;
            ExpressionSyntax read = SyntaxFactory.ParseExpression($"{Variable}.Get{type}(\"{node.Identifier.ValueText}\", {value.WithoutTrivia()})").WithTriviaFrom(value);
            return node.WithInitializer(node.Initializer.WithValue(read));
        }
    }

    /// <summary>Trailing comments of the option lines, aligned again after the lines grew.</summary>
    static string AlignComments(string statements)
    {
        string[] lines = statements.Split('\n');
        var commented = lines.Select(l => OptionWithComment().Match(l)).Where(m => m.Success).ToList();
        if (commented.Count == 0) return statements;
        int column = commented.Max(m => m.Groups["code"].Value.TrimEnd().Length) + 3;
        return string.Join("\n", lines.Select(line => OptionWithComment().Match(line) is { Success: true } m
            ? m.Groups["code"].Value.TrimEnd().PadRight(column) + m.Groups["comment"].Value
            : line));
    }

    [GeneratedRegex($@"^(?<code>\w[^/""]*= {Variable}\.Get(<\w+>)?\(""\w+"", [^/]*\);\s*)(?<comment>//.*)$")]
    private static partial Regex OptionWithComment();
}
