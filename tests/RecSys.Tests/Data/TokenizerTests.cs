using RecSys.Text;

namespace RecSys.Tests.Data;

public class TokenizerTests
{
    [Fact]
    public void Keeps_lower_case_content_words_without_accents()
    {
        Assert.Equal(new[] { "lion", "king", "uncles" }, Tokenizer.Words("The Lion King's 2 uncles (1994)"));
        Assert.Equal(new[] { "miserables", "les" }, Tokenizer.Words("Misérables, Les"));
        Assert.Empty(Tokenizer.Words("a an the -- !"));
    }
}
