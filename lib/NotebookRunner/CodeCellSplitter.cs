using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NotebookRunner;

/// <summary>One code cell taken apart for a file-based app: what goes to the top, what stays in place, what goes last.</summary>
public sealed record CellParts(
    IReadOnlyList<string> Packages,
    IReadOnlyList<string> Libraries,
    IReadOnlyList<string> Usings,
    string Statements,
    IReadOnlyList<string> Types,
    DeclaredNames Names);

/// <summary>
/// Splits a notebook's C# cell with Roslyn, parsed as the kernel parses it (a script submission), into the parts a
/// C# program must order differently: <c>#r</c> directives and <c>using</c> directives (first in a file), statements
/// (top-level statements, in the cell's order; a script's methods become local functions, its variables locals) and
/// type declarations (which must follow all top-level statements). Also: the value a cell's last bare expression
/// shows becomes an explicit <c>Terminal.Show(…)</c>, and so do <c>display(x)</c> and <c>x.Display()</c>.
/// </summary>
public static partial class CodeCellSplitter
{
    /// <summary>The call that prints what a notebook would display; the exporter imports its namespace.</summary>
    public const string ShowCall = "Terminal.Show";

    static readonly CSharpParseOptions ScriptOptions = CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Preview);

    /// <param name="cell">The cell's source.</param>
    /// <param name="where">How errors name the cell, e.g. "02-collaborative-filtering.ipynb, code cell 3".</param>
    /// <param name="libraryChecks">Paths of libraries the notebook loads with <c>#r</c>: a statement that checks one exists is dropped.</param>
    /// <param name="rewriteStatement">Applied to each statement kept (the parameters cell's rewrite); identity when null.</param>
    public static CellParts Split(string cell, string where, IReadOnlyCollection<string> libraryChecks, Func<MemberDeclarationSyntax, string?>? rewriteStatement = null)
    {
        var packages = new List<string>();
        var libraries = new List<string>();
        var usings = new List<string>();
        var statements = new StringBuilder();
        var types = new List<string>();
        var declaring = new List<MemberDeclarationSyntax>();
        // Where types stood, one note naming those moved to the end of the file.
        var moved = new List<string>();
        void MoveNote()
        {
            if (moved.Count == 0) return;
            statements.Append($"\n// Moved to the end of the file, where C# requires a program's types: {string.Join(", ", moved)}.\n");
            moved.Clear();
        }

        foreach (CompilationUnitSyntax root in Parse(cell, where))
        {
            foreach (var (isPackage, target) in ReferencesIn(root, where))
                (isPackage ? packages : libraries).Add(target);
            if (root.GetLoadDirectives().Any())
                throw new RunnerException($"{where} uses #load, which a file-based app has no equivalent for: move that code into lib/ or into the notebook.");
            if (root.Externs.Any() || root.AttributeLists.Any())
                throw new RunnerException($"{where} declares an extern alias or an assembly attribute, which the exporter does not carry over.");
            usings.AddRange(root.Usings.Select(u => Tidy(WithoutReferences(u).ToFullString())));

            MemberDeclarationSyntax? last = root.Members.LastOrDefault();
            foreach (MemberDeclarationSyntax member in root.Members)
            {
                if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
                {
                    types.Add(Tidy(WithoutReferences(member).ToFullString()));
                    moved.Add(TypeNote(member));
                    continue;
                }
                MoveNote();
                CheckStatement(member, where);
                if (IsLibraryCheck(member, libraryChecks)) continue;
                declaring.Add(member);
                var kept = (MemberDeclarationSyntax)new DisplayRewriter().Visit(WithoutReferences(member))!;
                string text = rewriteStatement?.Invoke(kept) ?? kept.ToFullString();
                if (member == last && ShowsItsValue(kept)) text = Shown((GlobalStatementSyntax)kept);
                statements.Append(text);
            }
            MoveNote();
            statements.Append(string.Concat(root.EndOfFileToken.LeadingTrivia.Where(t => !IsReference(t)).Select(t => t.ToFullString()))).Append('\n');
        }
        return new CellParts(packages, libraries, usings, Tidy(BlankRuns().Replace(statements.ToString().ReplaceLineEndings("\n"), "\n\n")), types, DeclaredNames.Of(declaring));
    }

    /// <summary>The cell's <c>#r</c> directives: a package name (<see cref="Reference.IsPackage"/>) or a library path each.</summary>
    public static IReadOnlyList<Reference> References(string cell, string where) =>
        Parse(cell, where).SelectMany(root => ReferencesIn(root, where)).ToList();

    /// <summary>Every identifier the cell's code uses or declares.</summary>
    public static IReadOnlySet<string> Identifiers(string cell, string where) =>
        Parse(cell, where).SelectMany(root => root.DescendantTokens()).Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToHashSet();

    /// <summary>One <c>#r</c>: <c>#r "nuget: X, 1.2"</c> is package X (central package management supplies the version), <c>#r "path.dll"</c> a library.</summary>
    public sealed record Reference(bool IsPackage, string Target);

    /// <summary>The cell's submissions, each parsed as the kernel parses it; a syntax error is reported with its place.</summary>
    static IEnumerable<CompilationUnitSyntax> Parse(string cell, string where)
    {
        foreach (var (submission, firstLine) in Submissions(cell, where))
        {
            var tree = CSharpSyntaxTree.ParseText(submission, ScriptOptions);
            if (tree.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is Diagnostic error)
            {
                var line = error.Location.GetLineSpan().StartLinePosition;
                throw new RunnerException($"{where} does not parse as C#: line {firstLine + line.Line + 1}, column {line.Character + 1}: {error.GetMessage()}");
            }
            yield return (CompilationUnitSyntax)tree.GetRoot();
        }
    }

    /// <summary>The cell's submissions: <c>#!csharp</c> starts a new one; any other magic command has no C# equivalent.</summary>
    static IEnumerable<(string Text, int FirstLine)> Submissions(string cell, string where)
    {
        var current = new List<string>();
        int firstLine = 0;
        string[] lines = cell.ReplaceLineEndings("\n").Split('\n');
        for (int number = 0; number < lines.Length; number++)
        {
            string line = lines[number];
            Match magic = MagicCommand().Match(line);
            if (!magic.Success)
            {
                if (line.TrimStart().StartsWith("#i ", StringComparison.Ordinal))
                    throw new RunnerException($"{where} adds a package source ({line.Trim()}); a file-based app takes its sources from NuGet.config.");
                current.Add(line);
                continue;
            }
            if (magic.Groups[1].Value is not ("csharp" or "c#" or "C#"))
                throw new RunnerException($"{where} uses the magic command {line.Trim()}, which a C# program has no equivalent for: remove it from the notebook, or do it in C#.");
            yield return (string.Join("\n", current), firstLine);
            current.Clear();
            firstLine = number + 1;
        }
        yield return (string.Join("\n", current), firstLine);
    }

    static IEnumerable<Reference> ReferencesIn(CompilationUnitSyntax root, string where)
    {
        foreach (ReferenceDirectiveTriviaSyntax directive in root.GetReferenceDirectives())
        {
            string target = directive.File.ValueText;
            if (!target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
            {
                yield return new Reference(false, target);
                continue;
            }
            string name = target["nuget:".Length..].Split(',')[0].Trim();
            if (name.Length == 0) throw new RunnerException($"{where} has #r \"{target}\" without a package name.");
            yield return new Reference(true, name);
        }
    }

    /// <summary>Top-level members a program's top-level statements can hold: statements, locals, local functions.</summary>
    static void CheckStatement(MemberDeclarationSyntax member, string where)
    {
        string first = member.ToString().Split('\n')[0].Trim();
        switch (member)
        {
            case GlobalStatementSyntax:
                return;
            case FieldDeclarationSyntax field when field.Modifiers.All(m => m.IsKind(SyntaxKind.ConstKeyword)):
                return;
            case FieldDeclarationSyntax field:
                throw new RunnerException($"{where} declares `{first}` with modifiers ({field.Modifiers}) that a local variable cannot have: remove them in the notebook.");
            case MethodDeclarationSyntax method when method.Modifiers.All(m => m.Kind() is SyntaxKind.StaticKeyword or SyntaxKind.AsyncKeyword or SyntaxKind.UnsafeKeyword or SyntaxKind.ExternKeyword):
                return;
            case MethodDeclarationSyntax method:
                throw new RunnerException($"{where} declares the method `{first}` with modifiers ({method.Modifiers}) that a local function cannot have: remove them in the notebook.");
            default:
                throw new RunnerException($"{where} declares `{first}` ({member.Kind()}), which top-level statements cannot hold: use a variable or a method in the notebook.");
        }
    }

    /// <summary>A statement such as <c>if (!File.Exists("../lib/RecSys/bin/notebook/RecSys.dll")) throw …</c>: an app builds the library itself.</summary>
    static bool IsLibraryCheck(MemberDeclarationSyntax member, IReadOnlyCollection<string> libraries) =>
        member is GlobalStatementSyntax { Statement: IfStatementSyntax check }
        && check.Condition.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().Any(l => l.IsKind(SyntaxKind.StringLiteralExpression) && libraries.Contains(l.Token.ValueText));

    /// <summary>A cell's last statement is an expression without a semicolon: the notebook shows its value.</summary>
    static bool ShowsItsValue(MemberDeclarationSyntax member) =>
        member is GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement } && statement.SemicolonToken.IsMissing;

    /// <summary><c>expression</c> → <c>Terminal.Show(expression);</c>, or just a semicolon when it is a call that returns nothing to show.</summary>
    static string Shown(GlobalStatementSyntax global)
    {
        var statement = (ExpressionStatementSyntax)global.Statement;
        ExpressionSyntax expression = statement.Expression;
        // A comment after the expression is its trailing trivia (the semicolon it lacks has none): keep it after the call.
        string leading = global.GetLeadingTrivia().ToFullString(), trailing = expression.GetTrailingTrivia().ToFullString() + statement.SemicolonToken.TrailingTrivia.ToFullString();
        string code = expression.WithoutTrivia().ToFullString();
        bool printsItself = expression is InvocationExpressionSyntax call
            && (call.Expression.ToString().StartsWith("Console.Write", StringComparison.Ordinal) || call.Expression.ToString() == ShowCall);
        return leading + (printsItself ? code : $"{ShowCall}({code})") + ";" + trailing;
    }

    /// <summary><c>display(x)</c> and <c>x.Display()</c> (the kernel's) → <c>Terminal.Show(x)</c>.</summary>
    sealed class DisplayRewriter : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
            ExpressionSyntax? shown = visited switch
            {
                { Expression: IdentifierNameSyntax { Identifier.ValueText: "display" }, ArgumentList.Arguments.Count: >= 1 } => visited.ArgumentList.Arguments[0].Expression,
                { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Display" } access } => access.Expression,
                _ => null,
            };
            return shown == null ? visited : SyntaxFactory.ParseExpression($"{ShowCall}({shown.WithoutTrivia().ToFullString()})").WithTriviaFrom(visited);
        }
    }

    static string TypeNote(MemberDeclarationSyntax type) => type switch
    {
        TypeDeclarationSyntax declared => $"{declared.Keyword.ValueText} {declared.Identifier.ValueText}",
        EnumDeclarationSyntax declared => $"enum {declared.Identifier.ValueText}",
        DelegateDeclarationSyntax declared => $"delegate {declared.Identifier.ValueText}",
        _ => type.Kind().ToString(),
    };

    static bool IsReference(SyntaxTrivia trivia) => trivia.IsKind(SyntaxKind.ReferenceDirectiveTrivia);

    static T WithoutReferences<T>(T node) where T : SyntaxNode =>
        node.GetLeadingTrivia().Any(IsReference) ? node.WithLeadingTrivia(node.GetLeadingTrivia().Where(t => !IsReference(t))) : node;

    /// <summary>Line endings normalised, trailing spaces and blank lines at either end removed.</summary>
    internal static string Tidy(string text)
    {
        string[] lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).ToArray();
        return string.Join("\n", lines.SkipWhile(l => l.Length == 0).Reverse().SkipWhile(l => l.Length == 0).Reverse());
    }

    /// <summary>Two or more blank lines (where a dropped statement or a moved type stood): one is enough.</summary>
    [GeneratedRegex(@"\n([ \t]*\n){2,}")]
    private static partial Regex BlankRuns();

    [GeneratedRegex(@"^#!(\S+)")]
    private static partial Regex MagicCommand();
}
