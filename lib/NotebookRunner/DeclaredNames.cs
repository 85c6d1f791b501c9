using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NotebookRunner;

/// <summary>
/// The local names a cell declares, for the one rule of C# that a notebook does not follow: a script's top-level
/// variables are fields of one submission each, so a later cell may declare a name again, or use it inside a loop,
/// while a program's top-level statements are one method, where both are errors (CS0128, CS0136). Lambdas and
/// local functions may reuse names (C# 8 and later), so what is inside them is not counted.
/// </summary>
public sealed record DeclaredNames(IReadOnlyList<string> TopLevel, IReadOnlyList<string> Nested)
{
    public static DeclaredNames Of(IEnumerable<MemberDeclarationSyntax> statements)
    {
        var topLevel = new List<string>();
        var nested = new List<string>();
        foreach (MemberDeclarationSyntax member in statements)
        {
            switch (member)
            {
                case FieldDeclarationSyntax field:
                    topLevel.AddRange(field.Declaration.Variables.Select(v => v.Identifier.ValueText));
                    Collect(field.Declaration.Variables.Select(v => v.Initializer), topLevel, nested);
                    break;
                case MethodDeclarationSyntax method:
                    topLevel.Add(method.Identifier.ValueText);
                    break;
                case GlobalStatementSyntax { Statement: var statement }:
                    Statement(statement, topLevel, nested);
                    break;
            }
        }
        return new DeclaredNames(topLevel, nested);
    }

    /// <summary>
    /// Names whose scope is the whole program: locals of a declaration statement, and variables an expression
    /// statement or an <c>if</c> condition declares (<c>var (a, b) = …</c>, <c>out var x</c>, <c>is T t</c>).
    /// Everything in a loop, block, <c>using</c>, <c>try</c> and the branches of an <c>if</c> is nested.
    /// </summary>
    static void Statement(StatementSyntax statement, List<string> topLevel, List<string> nested)
    {
        switch (statement)
        {
            case LocalDeclarationStatementSyntax declaration:
                topLevel.AddRange(declaration.Declaration.Variables.Select(v => v.Identifier.ValueText));
                Collect(declaration.Declaration.Variables.Select(v => v.Initializer), topLevel, nested);
                break;
            case LocalFunctionStatementSyntax function:
                topLevel.Add(function.Identifier.ValueText);
                break;
            case ExpressionStatementSyntax expression:
                Collect(new[] { expression.Expression }, topLevel, nested);
                break;
            case IfStatementSyntax branch:
                Collect(new[] { branch.Condition }, topLevel, nested);
                Collect(new SyntaxNode?[] { branch.Statement, branch.Else }, nested, nested);
                break;
            default:
                Collect(new[] { statement }, nested, nested);
                break;
        }
    }

    /// <summary>Declarations under the nodes, outside lambdas and local functions: designations go to <paramref name="here"/>, declarations inside statements below to <paramref name="below"/>.</summary>
    static void Collect(IEnumerable<SyntaxNode?> nodes, List<string> here, List<string> below)
    {
        foreach (SyntaxNode? node in nodes)
        {
            if (node == null) continue;
            var stack = new Stack<(SyntaxNode Node, bool Nested)>();
            stack.Push((node, false));
            while (stack.Count > 0)
            {
                var (current, inStatement) = stack.Pop();
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) continue;
                List<string> into = inStatement || (current is StatementSyntax && current != node) ? below : here;
                switch (current)
                {
                    case VariableDeclaratorSyntax variable: into.Add(variable.Identifier.ValueText); break;
                    case SingleVariableDesignationSyntax designation: into.Add(designation.Identifier.ValueText); break;
                    case ForEachStatementSyntax loop: below.Add(loop.Identifier.ValueText); break;
                    case CatchDeclarationSyntax caught when caught.Identifier.IsKind(SyntaxKind.IdentifierToken): below.Add(caught.Identifier.ValueText); break;
                }
                bool childrenNested = inStatement || (current is StatementSyntax && current != node);
                foreach (SyntaxNode child in current.ChildNodes()) stack.Push((child, childrenNested));
            }
        }
    }

    /// <summary>
    /// The first name two cells' declarations would clash on in one program, as an error message that names both
    /// cells and the fix; null when there is none. <paramref name="cells"/> are in the notebook's order.
    /// </summary>
    public static string? Conflict(IReadOnlyList<(string Where, DeclaredNames Names)> cells)
    {
        var firstTopLevel = new Dictionary<string, string>();
        foreach (var (where, names) in cells)
            foreach (string name in names.TopLevel.Distinct())
            {
                if (firstTopLevel.TryGetValue(name, out string? earlier))
                    return $"{where} declares `{name}`, which {earlier} has declared already. A notebook may declare a name again in a later cell; " +
                        "a program's top-level statements are one method, where that is error CS0128: give one of them another name in the notebook.";
                firstTopLevel[name] = where;
            }
        foreach (var (where, names) in cells)
            foreach (string name in names.Nested.Distinct())
                if (firstTopLevel.TryGetValue(name, out string? topLevel))
                    return $"{where} declares `{name}` inside a block, and {topLevel} declares `{name}` at the top level. In a notebook they are " +
                        "different variables; in a program's top-level statements (one method) that is error CS0136: give one of them another name in the notebook.";
        return null;
    }
}
