using System.IO;
using RecSys.Data;
using RecSys.Sampling;
using RecSys.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/05-convolutional-content.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// One hybrid training run: BPR-MF's settings (chapter 02: factors, λ, epochs, Adam's rate and decay, batch, seed)
/// plus the share of triples also trained with the collaborative part dropped, the patience of early stopping, and
/// Adam's rate for the content projections (null: <see cref="LearningRate"/>, the rate of the collaborative part).
/// </summary>
public sealed record HybridOptions(int Factors, double Lambda, int Epochs, double LearningRate, double Decay, int BatchSize, int Seed,
    double CollaborativeDropout, int Patience = 5, double? ContentRate = null);

/// <summary>A trained hybrid tower and its per-epoch history.</summary>
public sealed record HybridRun(HybridItemTower Model, TrainingHistory History);

/// <summary>
/// Trains <see cref="HybridItemTower"/> with BPR as <see cref="BprTraining"/> trains BPR-MF: triples (u, i, j) of a
/// rated film i and an unrated film j, one fresh negative per pair each epoch, loss −ln σ(x_ui − x_uj) + λ·penalty.
/// DropoutNet-style (Volkovs et al. 2017), a share <see cref="HybridOptions.CollaborativeDropout"/> of the triples,
/// drawn afresh in every batch, is used a second time with both films' collaborative parts dropped (m = 0): on those
/// copies only the content can place a film, so it learns to stand alone, while the collaborative part still sees
/// every triple, as in BPR-MF. Negatives come only from <c>negativeFilms</c> when given (e.g. the films with training
/// data: a film the model must later rank cold should not be taught as "disliked by everyone").
/// </summary>
public static class HybridTraining
{
    public static HybridRun Train(IReadOnlyList<Rating> train, int userCount, int itemCount, IReadOnlyList<Tensor> contentVectors,
        HybridOptions options, Device? device = null, Func<HybridItemTower, double>? validate = null, IReadOnlyList<int>? negativeFilms = null,
        TextWriter? log = null)
    {
        if (train.Count == 0) throw new ArgumentException("The training part is empty: there is nothing to learn from.", nameof(train));
        torch.random.manual_seed(options.Seed);
        if (options.CollaborativeDropout is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.CollaborativeDropout, "CollaborativeDropout is a probability: use a value between 0 and 1.");
        if (options.ContentRate is < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.ContentRate, "ContentRate is a learning rate: use 0 or more (0 keeps the content projections at zero), or null for LearningRate.");
        var model = new HybridItemTower(userCount, itemCount, options.Factors, contentVectors, device: device);
        // The content projections may learn at their own rate (ContentRate): unlike a film's q_i, they get a gradient in every batch.
        var collaborative = new[] { model.UserFactors.weight!, model.ItemFactors.weight!, model.ItemBias.weight! };
        double contentRate = options.ContentRate ?? options.LearningRate;
        Adam.ParamGroup Group(IEnumerable<Parameter> parameters, double rate) =>
            new() { Parameters = parameters, Options = new Adam.Options { LearningRate = rate, InitialLearningRate = rate } };
        using var optimizer = optim.Adam(new[] { Group(collaborative, options.LearningRate), Group(model.ContentProjections.parameters(), contentRate) }, lr: options.LearningRate);
        var rated = new Interactions(userCount, itemCount, train);
        int[] drawable = (negativeFilms ?? Enumerable.Range(0, itemCount).ToArray()).ToArray();
        var drawableSet = drawable.ToHashSet();
        foreach (int user in train.Select(r => r.UserIndex).Distinct())
            if (rated.ItemsOf(user).Count(drawableSet.Contains) == drawable.Length)
                throw new ArgumentException($"User {user} rated every film negatives may be drawn from: there is no negative to draw. Allow more films in negativeFilms.", nameof(negativeFilms));
        var random = new Random(options.Seed);
        RatingTensors pairs = RatingTensors.From(train, device);
        Tensor negatives = torch.empty(0);

        // One negative per training pair, uniform over the drawable films the user has not rated (redrawn while rated).
        void DrawNegatives(int epoch)
        {
            negatives.Dispose();
            var drawn = new long[train.Count];
            for (int k = 0; k < train.Count; k++)
            {
                IReadOnlySet<int> seen = rated.ItemsOf(train[k].UserIndex);
                int j;
                do j = drawable[random.Next(drawable.Length)]; while (seen.Contains(j));
                drawn[k] = j;
            }
            negatives = torch.tensor(drawn, device: device);
        }

        // BPR's loss for each triple from the user's vector and the films' [v ; b], and the penalty of the vectors it
        // used: the user's only when the collaborative parts are kept, so a copy does not shrink the user vector twice.
        Tensor TripleLoss(Tensor user, Tensor positive, Tensor negative, float keep)
        {
            Tensor difference = model.Score(user, positive) - model.Score(user, negative);
            return -nn.functional.logsigmoid(difference) + options.Lambda * HybridItemTower.Penalty(keep * user, positive, negative);
        }

        // The content projections are most of a step's cost, so each distinct film of the batch is projected once, and
        // its content part serves both the kept triple (content + collaborative, m = 1) and its copy (content alone, m = 0).
        Tensor BatchLoss(Tensor batch)
        {
            Tensor u = pairs.Users[batch], i = pairs.Items[batch], j = negatives[batch];
            Tensor user = model.UserFactors.forward(u);
            var (films, position, _) = torch.unique(torch.cat(new[] { i, j }), return_inverse: true);
            Tensor content = model.ContentPart(films)[position!];
            Tensor contentI = content[..(int)u.shape[0]], contentJ = content[(int)u.shape[0]..];
            Tensor kept = TripleLoss(user, contentI + model.CollaborativePart(i), contentJ + model.CollaborativePart(j), keep: 1);
            if (options.CollaborativeDropout == 0) return kept.mean();
            Tensor dropped = torch.bernoulli(torch.full(new[] { u.shape[0] }, options.CollaborativeDropout, device: device));
            return (kept + dropped * TripleLoss(user, contentI, contentJ, keep: 0)).mean();
        }

        TrainingHistory history = TrainingLoop.Run(model, optimizer, new Minibatches(train.Count, options.BatchSize, options.Seed), BatchLoss, options.Epochs,
            validate == null ? null : () => validate(model), validationMetric: "validation",
            earlyStopping: validate == null ? null : new EarlyStopping(options.Patience, HigherIsBetter: true),
            schedule: optim.lr_scheduler.ExponentialLR(optimizer, options.Decay),
            beforeEpoch: DrawNegatives,
            log: log ?? TextWriter.Null);
        negatives.Dispose();
        return new HybridRun(model, history);
    }
}
