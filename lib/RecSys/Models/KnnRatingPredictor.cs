using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/02-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>Whose ratings vote on a prediction: the most similar users, or the most similar films.</summary>
public enum Neighbours { Users, Items }

/// <summary>Cosine of raw stars, or Pearson-baseline (cosine of the residuals after the bias baseline).</summary>
public enum RatingSimilarity { Cosine, PearsonBaseline }

/// <summary>A kNN rating predictor's settings: who votes, by which similarity, how many (k), and the shrinkage λ.</summary>
public sealed record KnnOptions(Neighbours By, RatingSimilarity Similarity, int K, double Shrinkage);

/// <summary>
/// Neighbourhood rating prediction (Koren 2010): r̂_ui = b_ui + Σ s'·z / Σ s' over the k most similar neighbours
/// with a positive similarity that have rated (item-based: been rated by) the pair's other side; b_ui alone when
/// there is none. z = r − b are the residuals after the bias baseline, s' the shrunk similarities.
/// </summary>
public static class KnnRatingPredictor
{
    public static PairScorer Fit(IReadOnlyList<Rating> train, int userCount, int itemCount, KnnOptions options, Device? device = null)
    {
        var baseline = BiasBaseline.Fit(train, userCount, itemCount);
        float[] fitted = baseline.Predict(train.Select(r => r.UserIndex).ToArray(), train.Select(r => r.ItemIndex).ToArray());
        float[] residualValues = train.Select((r, n) => r.Value - fitted[n]).ToArray();
        bool byItems = options.By == Neighbours.Items;
        float[] s, z;
        int size;
        using (torch.NewDisposeScope())
        {
            // Dense (users × films) matrices: residuals, raw stars and the 0/1 mask of known ratings.
            RatingTensors ratings = RatingTensors.From(train, device);
            Tensor mask = ratings.Dense(torch.ones_like(ratings.Stars), userCount, itemCount);
            Tensor residuals = ratings.Dense(torch.tensor(residualValues, device: device), userCount, itemCount);
            Tensor values = options.Similarity == RatingSimilarity.PearsonBaseline ? residuals : ratings.Dense(ratings.Stars, userCount, itemCount);
            // Item-based compares the columns (films); user-based compares the rows (users), i.e. the columns of the transpose.
            if (!byItems) (values, mask) = (values.t(), mask.t());
            Tensor similarity = options.Similarity == RatingSimilarity.PearsonBaseline
                ? ColumnSimilarities.PearsonBaseline(values, mask, options.Shrinkage)
                : ColumnSimilarities.RatingCosine(values, mask, options.Shrinkage);
            size = (int)similarity.shape[0];
            s = similarity.cpu().data<float>().ToArray();
            z = residuals.cpu().data<float>().ToArray();
        }

        // Who can vote: for item-based, the films the user rated; for user-based, the users who rated the film.
        var voters = new List<int>[byItems ? userCount : itemCount];
        for (int k = 0; k < voters.Length; k++) voters[k] = new List<int>();
        foreach (Rating r in train) (byItems ? voters[r.UserIndex] : voters[r.ItemIndex]).Add(byItems ? r.ItemIndex : r.UserIndex);

        return (users, films) =>
        {
            float[] predictions = baseline.Predict(users, films);
            for (int p = 0; p < users.Length; p++)
            {
                int target = byItems ? films[p] : users[p];
                var votes = voters[byItems ? users[p] : films[p]]
                    .Select(v => (Similarity: s[target * size + v], Residual: byItems ? z[users[p] * itemCount + v] : z[v * itemCount + films[p]]))
                    .Where(v => v.Similarity > 0)
                    .OrderByDescending(v => v.Similarity)
                    .Take(options.K)
                    .ToArray();
                double weight = votes.Sum(v => v.Similarity);
                if (weight > 0) predictions[p] = Math.Clamp(predictions[p] + (float)(votes.Sum(v => v.Similarity * v.Residual) / weight), 1f, 5f);
            }
            return predictions;
        };
    }
}
