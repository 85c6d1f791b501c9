namespace NotebookRunner.Tests;

public class ParameterTests
{
    [Fact]
    public void Reads_the_type_of_each_default()
    {
        var parameters = NotebookParameters.Parse("""
            var epochs = 20;
            var rate = 1e-3;
            double decay = 0;
            var scale = 0.5f;
            var big = 10L;
            var fast = true;
            string name = "mf";
            var data = LoadSomething();   // not a literal: not a parameter
            """);
        Assert.Equal(
            new[] { ("epochs", typeof(int)), ("rate", typeof(double)), ("decay", typeof(double)), ("scale", typeof(float)), ("big", typeof(long)), ("fast", typeof(bool)), ("name", typeof(string)) },
            parameters.Select(p => (p.Name, p.Type)));
    }

    [Fact]
    public void Writes_overrides_as_literals_of_the_defaults_type()
    {
        var declared = NotebookParameters.Parse("var epochs = 20;\nvar rate = 0.01;\nvar fast = false;\nvar name = \"a\";\nvar scale = 1f;");
        var overrides = new Dictionary<string, string> { ["epochs"] = "2", ["rate"] = "0.5", ["fast"] = "True", ["name"] = "say \"hi\"", ["scale"] = "2" };
        Assert.Equal(
            "// Parameters injected by the notebook runner\nepochs = 2;\nrate = 0.5d;\nfast = true;\nname = \"say \\\"hi\\\"\";\nscale = 2f;",
            NotebookParameters.InjectedCell(declared, overrides, "n.ipynb"));
    }
}
