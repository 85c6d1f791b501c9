using RecSys.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Tests.Models;

/// <summary>Each similarity on a 4 users × 3 films matrix, against values worked out by hand.</summary>
public class ColumnSimilaritiesTests
{
    static float[] Values(Tensor similarity) => similarity.data<float>().ToArray();

    static double At(float[] matrix, int i, int j) => matrix[i * 3 + j];

    // Who has which film:    film 0  1  2
    static readonly float[,] Interactions = { { 1, 1, 0 },    // user 0
                                              { 1, 0, 1 },    // user 1
                                              { 1, 1, 1 },    // user 2
                                              { 0, 1, 0 } };  // user 3
    // n_0 = 3, n_1 = 3, n_2 = 2; n_01 = 2 (users 0, 2), n_02 = 2 (users 1, 2), n_12 = 1 (user 2).

    [Fact]
    public void Implicit_cosine_is_n_ij_over_the_root_of_n_i_n_j()
    {
        float[] s = Values(ColumnSimilarities.ImplicitCosine(torch.tensor(Interactions), shrinkage: 0));
        Assert.Equal(2 / Math.Sqrt(3 * 3), At(s, 0, 1), 5);
        Assert.Equal(2 / Math.Sqrt(3 * 2), At(s, 0, 2), 5);
        Assert.Equal(1 / Math.Sqrt(3 * 2), At(s, 1, 2), 5);
        Assert.Equal(At(s, 1, 2), At(s, 2, 1), 6);                  // symmetric
        Assert.Equal(1, At(s, 2, 2), 5);                            // n_2 / √(n_2 n_2)
    }

    [Fact]
    public void Implicit_cosine_is_shrunk_by_n_ij_over_n_ij_plus_lambda()
    {
        float[] s = Values(ColumnSimilarities.ImplicitCosine(torch.tensor(Interactions), shrinkage: 2));
        // The co-rated-only "cosine" on 0/1 data is 1 for every pair that shares a user; these are not.
        Assert.Equal(2 / 3.0 * (2 / 4.0), At(s, 0, 1), 5);
        Assert.Equal(2 / Math.Sqrt(6) * (2 / 4.0), At(s, 0, 2), 5);
        Assert.Equal(1 / Math.Sqrt(6) * (1 / 3.0), At(s, 1, 2), 5);
    }

    [Fact]
    public void Films_nobody_shares_have_similarity_zero_even_without_shrinkage()
    {
        float[,] apart = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 0 } };   // film 2 has no user at all
        float[] s = Values(ColumnSimilarities.ImplicitCosine(torch.tensor(apart), shrinkage: 0));
        Assert.Equal(0, At(s, 0, 1));
        Assert.Equal(0, At(s, 0, 2));
        Assert.DoesNotContain(s, float.IsNaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnSimilarities.ImplicitCosine(torch.tensor(apart), shrinkage: -1));
    }

    // Stars, 0 where unknown:  film 0  1  2
    static readonly float[,] Stars = { { 5, 3, 0 },
                                       { 4, 0, 2 },
                                       { 1, 2, 4 },
                                       { 0, 5, 3 } };

    static Tensor MaskOf(float[,] stars) => torch.tensor(stars).ne(0).to_type(ScalarType.Float32);

    [Fact]
    public void Rating_cosine_takes_sums_and_norms_over_co_rated_users_only()
    {
        float[] s = Values(ColumnSimilarities.RatingCosine(torch.tensor(Stars), MaskOf(Stars), shrinkage: 0));
        Assert.Equal((5 * 3 + 1 * 2) / (Math.Sqrt(25 + 1) * Math.Sqrt(9 + 4)), At(s, 0, 1), 5);    // users 0, 2: 0.9247
        Assert.Equal((4 * 2 + 1 * 4) / (Math.Sqrt(16 + 1) * Math.Sqrt(4 + 16)), At(s, 0, 2), 5);   // users 1, 2: 0.6508
        Assert.Equal((2 * 4 + 5 * 3) / (Math.Sqrt(4 + 25) * Math.Sqrt(16 + 9)), At(s, 1, 2), 5);   // users 2, 3: 0.8542

        float[] shrunk = Values(ColumnSimilarities.RatingCosine(torch.tensor(Stars), MaskOf(Stars), shrinkage: 1));
        Assert.Equal(At(s, 0, 1) * 2 / 3, At(shrunk, 0, 1), 5);   // n_01 = 2: × 2 / (2 + 1)
    }

    [Fact]
    public void Pearson_baseline_is_the_co_rated_cosine_of_residuals()
    {
        float[,] residuals = { { 1f, -1f, 0f },
                               { 0.5f, 0f, -0.5f },
                               { -2f, -1f, 1f },
                               { 0f, 1.5f, 0.5f } };
        // Known entries are those of Stars above (a residual can be 0 and still be known; the mask says which).
        float[] s = Values(ColumnSimilarities.PearsonBaseline(torch.tensor(residuals), MaskOf(Stars), shrinkage: 0));
        Assert.Equal((1 * -1 + -2 * -1) / (Math.Sqrt(1 + 4) * Math.Sqrt(1 + 1)), At(s, 0, 1), 5);             // 0.3162
        Assert.Equal((0.5 * -0.5 + -2 * 1) / (Math.Sqrt(0.25 + 4) * Math.Sqrt(0.25 + 1)), At(s, 0, 2), 5);    // −0.9762
        Assert.Equal((-1 * 1 + 1.5 * 0.5) / (Math.Sqrt(1 + 2.25) * Math.Sqrt(1 + 0.25)), At(s, 1, 2), 5);     // −0.1240
    }
}
