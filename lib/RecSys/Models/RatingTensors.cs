using RecSys.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Models;

/// <summary>
/// Ratings as three index-aligned tensors on one device, built once: user and item indices (int64, what
/// embeddings take) and the stars (float32). Minibatches pick rows with <c>Users[batch]</c>.
/// </summary>
public sealed record RatingTensors(Tensor Users, Tensor Items, Tensor Stars)
{
    public long Count => Users.shape[0];

    /// <summary>One C# array per column, then one tensor each, moved to <paramref name="device"/> (CPU by default).</summary>
    public static RatingTensors From(IReadOnlyList<Rating> ratings, Device? device = null)
    {
        var users = new long[ratings.Count];
        var items = new long[ratings.Count];
        var stars = new float[ratings.Count];
        for (int i = 0; i < ratings.Count; i++)
        {
            users[i] = ratings[i].UserIndex;
            items[i] = ratings[i].ItemIndex;
            stars[i] = ratings[i].Value;
        }
        return new RatingTensors(torch.tensor(users, device: device), torch.tensor(items, device: device), torch.tensor(stars, device: device));
    }

    /// <summary>
    /// A dense (users × items) matrix holding <paramref name="values"/> (one per rating) at the rated cells and 0
    /// elsewhere, on the ratings' device; e.g. <c>Dense(torch.ones_like(Stars), …)</c> is the 0/1 interaction matrix.
    /// </summary>
    public Tensor Dense(Tensor values, int userCount, int itemCount) =>
        torch.zeros(userCount, itemCount, device: Users.device).index_put_(values, Users, Items);
}
