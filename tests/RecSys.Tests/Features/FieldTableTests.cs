using RecSys.Data;
using RecSys.Features;

namespace RecSys.Tests.Features;

/// <summary>Chapter 04's feature encoding: offsets, slots, weights and buckets, by hand and on ML-100K.</summary>
public class FieldTableTests
{
    // Three users, two films; film 0 has genres {0, 2}, film 1 has genre {1}.
    static FieldTable SmallTable() => new(new[]
    {
        Field.OneHot("user", new[] { "u0", "u1", "u2" }, (user, _) => user),
        Field.MultiHot("genres", new[] { "g0", "g1", "g2", "g3" }, (_, item) => item == 0 ? new[] { 0, 2 } : new[] { 1 }, maxValues: 2),
        Field.Bucketed("age", new double[] { 18, 25 }, (user, _) => user == 2 ? null : 20 + user * 10),
    });

    [Fact]
    public void Fields_sit_side_by_side_after_the_padding_position()
    {
        FieldTable table = SmallTable();
        Assert.Equal(new[] { 1, 4, 8 }, table.Offsets);      // 0 is padding; user 1–3, genres 4–7, age 8–11
        Assert.Equal(new[] { 0, 1, 3 }, table.FirstSlots);   // one slot, two slots, one slot
        Assert.Equal(12, table.FeatureCount);
        Assert.Equal(4, table.SlotCount);
        Assert.Equal(new[] { 0, 1, 1, 2 }, table.SlotFields());
        Assert.Equal(new[] { "< 18", "18–24", "≥ 25", "unknown" }, table.Fields[2].Values);
        FieldRow genres = table.Describe()[1];
        Assert.Equal(("genres", 4, 4, 2, "mean"), (genres.Field, genres.Values, genres.Offset, genres.Slots, genres.Pooling));
    }

    [Fact]
    public void A_pair_becomes_positions_and_weights_with_multi_hot_values_averaged()
    {
        FieldTable table = SmallTable();
        // User 1 (age 30 → bucket "≥ 25"), film 0 (genres 0 and 2): each genre weighs ½.
        var (indices, weights) = table.EncodeOne(1, 0);
        Assert.Equal(new long[] { 1 + 1, 4 + 0, 4 + 2, 8 + 2 }, indices);
        Assert.Equal(new[] { 1f, 0.5f, 0.5f, 1f }, weights);
        // User 2 (age unknown), film 1 (one genre): the unused genre slot is padding with weight 0.
        (indices, weights) = table.EncodeOne(2, 1);
        Assert.Equal(new long[] { 1 + 2, 4 + 1, FieldTable.Padding, 8 + 3 }, indices);
        Assert.Equal(new[] { 1f, 1f, 0f, 1f }, weights);

        using FieldExamples examples = table.Encode(new[] { 1, 2 }, new[] { 0, 1 }, new[] { 1f, 0f });
        Assert.Equal(new long[] { 2, 4 }, examples.Indices.shape);
        Assert.Equal(new long[] { 3, 5, FieldTable.Padding, 11 }, examples.Indices[1].data<long>().ToArray());
        Assert.Equal(new[] { 1f, 0f }, examples.Labels.data<float>().ToArray());
    }

    [Fact]
    public void Buckets_include_their_lower_boundary()
    {
        double[] boundaries = { 18, 25 };
        Assert.Equal(0, Field.BucketOf(17.9, boundaries));
        Assert.Equal(1, Field.BucketOf(18, boundaries));
        Assert.Equal(1, Field.BucketOf(24, boundaries));
        Assert.Equal(2, Field.BucketOf(25, boundaries));
        Assert.Equal(3, Field.BucketOf(null, boundaries));
        Assert.Throws<ArgumentException>(() => Field.Bucketed("age", new double[] { 25, 18 }, (_, _) => 1));
    }

    [Fact]
    public void Bad_fields_and_values_get_a_clear_error()
    {
        var user = Field.OneHot("user", new[] { "a", "b" }, (u, _) => u);
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => new FieldTable(new[] { user, user })).Message);
        Assert.Contains("its values are 0…1", Assert.Throws<InvalidOperationException>(() => new FieldTable(new[] { user }).EncodeOne(5, 0)).Message);
        var genres = Field.MultiHot("genres", new[] { "x", "y", "z" }, (_, _) => new[] { 0, 1, 2 }, maxValues: 2);
        Assert.Contains("at most 2", Assert.Throws<InvalidOperationException>(() => new FieldTable(new[] { genres }).EncodeOne(0, 0)).Message);
        Assert.Throws<ArgumentException>(() => new FieldTable(new[] { user }).Encode(new[] { 0 }, new[] { 0, 1 }, new[] { 1f }));
    }

    [Fact]
    public void MovieLens_fields_encode_the_first_user_and_toy_story()
    {
        MovieLensDataset data = SharedData.MovieLens100K;
        FieldTable table = MovieLensFields.Table(data, MovieLensFields.All);
        Assert.Equal(MovieLensFields.All, table.Fields.Select(f => f.Name));
        // User id 1: 24 years, M, technician, zip 85711. Toy Story: Animation, Children's, Comedy (1995).
        Assert.Equal((24, "M", "technician", "85711"), (data.Users[0].Age, data.Users[0].Gender, data.Users[0].Occupation, data.Users[0].ZipCode));
        var (indices, weights) = table.EncodeOne(0, 0);
        string[] labels = indices.Select((position, slot) => weights[slot] == 0 ? "-" : LabelOf(table, (int)position)).ToArray();
        Assert.Equal(new[] { "user=1", "item=1", "age=18–24", "gender=M", "occupation=technician", "zip=8", "genres=Animation", "genres=Children's", "genres=Comedy", "year=1994–1995" },
            labels.Where(l => l != "-").ToArray());
        Assert.Equal(1f / 3, weights[table.FirstSlots[6]]);
        Assert.Throws<ArgumentException>(() => MovieLensFields.Table(data, new[] { "shoe size" }));
    }

    static string LabelOf(FieldTable table, int position)
    {
        int f = table.Offsets.Select((offset, i) => (offset, i)).Last(p => p.offset <= position).i;
        return $"{table.Fields[f].Name}={table.Fields[f].Values[position - table.Offsets[f]]}";
    }
}
