using RecSys.Data;

// Taught in notebooks/04-hybrid-side-features.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Features;

/// <summary>
/// The fields a MovieLens (user, film) pair offers: the two ids, four user features (age bucket, gender,
/// occupation, first digit of the zip code) and two film features (genres, release-year bucket).
/// </summary>
public static class MovieLensFields
{
    public static readonly string[] Ids = { "user", "item" };
    public static readonly string[] UserFeatures = { "age", "gender", "occupation", "zip" };
    public static readonly string[] ItemFeatures = { "genres", "year" };
    public static readonly string[] All = Ids.Concat(UserFeatures).Concat(ItemFeatures).ToArray();

    /// <summary>ML-1M's age brackets (under 18, 18–24, 25–34, 35–44, 45–49, 50–55, 56+), applied to ML-100K's ages in years.</summary>
    public static readonly double[] AgeBoundaries = { 18, 25, 35, 45, 50, 56 };

    /// <summary>Release years: old films in wide buckets, the 1990s (most of ML-100K's films) in narrow ones.</summary>
    public static readonly double[] YearBoundaries = { 1960, 1980, 1990, 1994, 1996, 1997, 1998 };

    /// <summary>The table of the named fields, in the order given; names come from <see cref="All"/>.</summary>
    public static FieldTable Table(MovieLensDataset data, IEnumerable<string> names) =>
        new(names.Select(name => FieldNamed(data, name)));

    /// <summary>One field by name: "user", "item", "age", "gender", "occupation", "zip", "genres" or "year".</summary>
    public static Field FieldNamed(MovieLensDataset data, string name)
    {
        IReadOnlyList<User> users = data.Users;
        IReadOnlyList<Movie> items = data.Items;
        switch (name)
        {
            case "user":
                return Field.OneHot(name, users.Select(u => u.Id.ToString()).ToArray(), (user, _) => user);
            case "item":
                return Field.OneHot(name, items.Select(m => m.Id.ToString()).ToArray(), (_, item) => item);
            case "age":
                return Field.Bucketed(name, AgeBoundaries, (user, _) => users[user].Age);
            case "gender":
                return Categorical(name, users.Select(u => u.Gender).ToArray());
            case "occupation":
                return Categorical(name, users.Select(u => u.Occupation).ToArray());
            case "zip":
                // The first digit of a US zip code is a broad region (0 = north-east … 9 = west coast); a few are Canadian postcodes.
                return Categorical(name, users.Select(u => u.ZipCode.Length > 0 && char.IsAsciiDigit(u.ZipCode[0]) ? u.ZipCode[..1] : "other").ToArray());
            case "genres":
                var genreIndex = data.Genres.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i);
                int[][] genresOf = items.Select(m => m.Genres.Select(g => genreIndex[g]).ToArray()).ToArray();
                return Field.MultiHot(name, data.Genres, (_, item) => genresOf[item], genresOf.Max(g => g.Length));
            case "year":
                return Field.Bucketed(name, YearBoundaries, (_, item) => items[item].Year);
            default:
                throw new ArgumentException($"No MovieLens field is called \"{name}\"; choose from {string.Join(", ", All)}.", nameof(name));
        }
    }

    /// <summary>A one-hot field over the distinct values of a user attribute, in sorted order.</summary>
    static Field Categorical(string name, string[] valueOfUser)
    {
        string[] values = valueOfUser.Distinct().Order(StringComparer.Ordinal).ToArray();
        var position = values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
        int[] positionOfUser = valueOfUser.Select(v => position[v]).ToArray();
        return Field.OneHot(name, values, (user, _) => positionOfUser[user]);
    }
}
