using RecSys.Data;
using RecSys.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/01-content-based-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// Content-based scoring: a user's profile is the rating-weighted average of the item profiles of the films they
/// liked in training, and ŝ(u, i) = Σ over parts of weight × cos(p_u, x_i).
/// </summary>
public static class ContentBased
{
    /// <summary>Rows scaled to unit length (all-zero rows stay zero): a dot product of unit rows is a cosine.</summary>
    public static Tensor UnitRows(Tensor m) => m / m.norm(1, keepdim: true).clamp_min(1e-12);

    /// <summary>p_u = Σ r_ui x_i / Σ r_ui over the films u rated at least <paramref name="likedRating"/> in <paramref name="train"/>.</summary>
    public static Tensor UserProfiles(IEnumerable<Rating> train, Tensor items, int userCount, int likedRating)
    {
        var weights = new float[userCount, items.shape[0]];
        foreach (Rating r in train)
            if (r.Value >= likedRating) weights[r.UserIndex, r.ItemIndex] = r.Value;
        Tensor w = torch.tensor(weights);
        return w.mm(items) / w.sum(1, keepdim: true).clamp_min(1e-12);
    }

    /// <summary>ŝ(u, i) = Σ over parts of weight × cos(p_u, x_i): for each user in a batch, a score for every film.</summary>
    public static Scorer Scorer(IEnumerable<Rating> train, int userCount, int likedRating, params (Tensor Items, double Weight)[] parts)
    {
        Rating[] liked = train.ToArray();
        var prepared = parts.Select(p => (Users: UnitRows(UserProfiles(liked, p.Items, userCount, likedRating)), Films: UnitRows(p.Items), p.Weight)).ToArray();
        long itemCount = parts[0].Items.shape[0];
        return Scorers.ForUsers(users =>
        {
            Tensor scores = torch.zeros(users.shape[0], itemCount);
            foreach (var part in prepared) scores += part.Weight * part.Users[users].mm(part.Films.t());
            return scores;
        });
    }
}
