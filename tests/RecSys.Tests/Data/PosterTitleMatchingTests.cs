using RecSys.Data;

namespace RecSys.Tests.Data;

/// <summary>Matching ML-100K films to ML-1M movies by title and year, by hand and against the archive's mapping.csv.</summary>
[Collection(PosterCollection.Name)]
public class PosterTitleMatchingTests(ExtractedPosters extracted)
{
    [Theory]
    [InlineData("Toy Story (1995)", "toy story")]
    [InlineData("Usual Suspects, The (1995)", "the usual suspects")]
    [InlineData("Misérables, Les (1995)", "les miserables")]
    [InlineData("Postino, Il (The Postman) (1994)", "il postino")]
    [InlineData("White Balloon, The (Badkonake Sefid ) (1995)", "the white balloon")]
    [InlineData("Shanghai Triad (Yao a yao yao dao waipo qiao) (1995)", "shanghai triad")]
    [InlineData("Paris, Texas (1984)", "paris, texas")] // "Texas" is no article
    [InlineData("What's Love Got to Do with It? (1993)", "what's love got to do with it?")] // punctuation is kept
    [InlineData("Land Before Time III: The Time of the Great Giving (1995) (V)", null)] // no year at the end
    [InlineData("unknown", null)]
    public void Normalises_names_by_hand(string title, string? expected) =>
        Assert.Equal(expected, TitleMatching.NormalisedName(title));

    static Movie Film(int id, string title) => new(id, title, TitleMatching.Year(title), Array.Empty<string>());

    [Fact]
    public void Matches_across_case_accents_articles_and_aliases()
    {
        Movie[] ml1m = { Film(10, "Misérables, Les (1995)"), Film(11, "Postino, Il (The Postman) (1994)"), Film(12, "The Usual Suspects (1995)") };
        Movie[] ml100k = { Film(1, "MISERABLES, LES (1995)"), Film(2, "Postino, Il (1994)"), Film(3, "Usual Suspects, The (1995)") };
        Assert.Equal(new int?[] { 10, 11, 12 }, TitleMatching.MatchIds(ml100k, ml1m));
    }

    [Fact]
    public void Allows_the_year_to_differ_by_one_and_prefers_the_exact_year()
    {
        Movie[] ml1m = { Film(20, "Hamlet (1990)"), Film(21, "Hamlet (1996)"), Film(22, "Hamlet (1997)"), Film(23, "Crash (1996)") };
        Movie[] ml100k = { Film(1, "Hamlet (1996)"), Film(2, "Hamlet (1991)"), Film(3, "Crash (1994)"), Film(4, "Crash (1997)") };
        Assert.Equal(new int?[] { 21, 20, null, 23 }, TitleMatching.MatchIds(ml100k, ml1m));
    }

    [Fact]
    public void The_first_listed_film_wins_among_equals() =>
        Assert.Equal(new int?[] { 30 }, TitleMatching.MatchIds(new[] { Film(1, "Twins (1988)") }, new[] { Film(30, "Twins (1988)"), Film(31, "Twins (1988)") }));

    [Fact]
    public void The_library_mapping_equals_the_archive_mapping_csv()
    {
        MovieLensDataset data = SharedData.MovieLens100K;
        int?[] own = TitleMatching.MatchIds(data.Items, PosterTestData.Ml1mMovies);
        int?[] archive = Enumerable.Range(0, data.ItemCount).Select(extracted.Posters.Ml1mId).ToArray();

        Assert.Equal(1_645, own.Count(id => id != null));
        Assert.Equal(1_645, extracted.Posters.MatchedCount);
        Assert.Equal(1_420, extracted.Posters.Count);
        string[] differences = Enumerable.Range(0, data.ItemCount).Where(i => own[i] != archive[i])
            .Select(i => $"{data.Items[i].Title}: library {own[i]}, archive {archive[i]}").ToArray();
        Assert.Empty(differences);
        // Every film with a poster was matched, so the poster set follows from the mapping.
        Assert.All(Enumerable.Range(0, data.ItemCount).Where(extracted.Posters.HasPoster), i => Assert.NotNull(own[i]));
    }
}
