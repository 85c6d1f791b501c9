// notebooks/02-collaborative-filtering.ipynb as a .NET 10 file-based app. Run it from the repository's folder:
//   dotnet run chapters/02-collaborative-filtering.cs
// and add `-- --help` to list its options.
// Generated, do not edit: change the notebook, then run
//   dotnet run --project lib/NotebookRunner -- export notebooks/02-collaborative-filtering.ipynb --to cs

// # 02 — Collaborative filtering: neighbourhoods and matrix factorisation
//
// **What you will learn**
//
// - collaborative filtering (协同过滤): recommending from *who liked what*, with no description of the items;
// - neighbourhood methods (邻域方法): user-based and item-based k-nearest neighbours with cosine and Pearson similarity and shrinkage, for rating prediction and for top-K ranking;
// - matrix factorisation (矩阵分解) written in TorchSharp: biased MF trained on the squared error with regularisation, its learning curves, the effect of the number of factors, and a hyperparameter search on validation data carved from each fold's own training part;
// - implicit feedback and BPR (Bayesian Personalised Ranking): learning to rank from pairs of a liked and a sampled film;
// - how to look inside a trained model: embeddings projected to 2-D, and a film's nearest neighbours.
//
// Rating results use the official ML-100K folds u1…u5 (mean of five); ranking results use chapter 00's benchmark protocol, Microsoft Recommenders' 75/25 split stratified by film with their cut rule, so they can stand beside their published table.

#:package TorchSharp-cpu
#:package Microsoft.Data.Analysis
#:package XPlot.Plotly
#:package ScottPlot
#:project ../lib/RecSys/RecSys.csproj

using System.Diagnostics;
using System.IO;
using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Models;
using RecSys.Notebooks;
using RecSys.Plots;
using RecSys.Sampling;
using RecSys.Splitting;
using RecSys.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
// Imported by the notebook kernel itself, and the console display and command line of this app:
using System.Collections;
using System.Text;
using RecSys.Apps;

// The notebook's parameters: each is a command-line option with this default (e.g. --topK 5); --help lists them.
var commandLine = new CommandLineParameters(args);
var seed = commandLine.Get("seed", 42);
var topK = commandLine.Get("topK", 10);
// Neighbourhood methods
var neighbours = commandLine.Get("neighbours", 40);             // k for rating prediction (fixed beforehand; the ranking k is chosen on validation)
var shrinkage = commandLine.Get("shrinkage", 100.0);            // λ: similarities from few co-ratings are shrunk towards 0
// Matrix factorisation (ratings)
var mfEpochs = commandLine.Get("mfEpochs", 30);
var mfLearningRate = commandLine.Get("mfLearningRate", 0.01);   // per rating: the loss is summed over a batch
var mfBatchSize = commandLine.Get("mfBatchSize", 1024);
var mfBiasRegularization = commandLine.Get("mfBiasRegularization", 0.01);
var mfPatience = commandLine.Get("mfPatience", 3);              // early stopping: epochs without a better validation RMSE before a run stops
// BPR (ranking)
var bprFactors = commandLine.Get("bprFactors", 256);            // fixed beforehand, like the learning rates and decay; λ and epochs are tuned
var bprEpochs = commandLine.Get("bprEpochs", 40);
var bprLearningRate = commandLine.Get("bprLearningRate", 0.005);
var bprDecay = commandLine.Get("bprDecay", 0.95);               // the learning rate is multiplied by this after every epoch
var bprBatchSize = commandLine.Get("bprBatchSize", 1024);
var bprPatience = commandLine.Get("bprPatience", 5);
commandLine.Check();   // stops here for --help, an unknown option or a bad value

MovieLensDataset data = MovieLens100K.Load();
Split[] folds = Enumerable.Range(1, 5).Select(fold => Splitters.OfficialFold(data, fold)).ToArray();
// Chapter 00's benchmark split: Microsoft Recommenders' rule, so our ranking numbers can stand beside their table.
Split benchmarkSplit = Splitters.StratifiedLikeMsRecommenders(data.Ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed);
// A GPU build of TorchSharp (TorchSharp-cuda-*) runs the same cells on the GPU; this package runs on the CPU.
Device device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;
Console.WriteLine(data);
Console.WriteLine(benchmarkSplit.Report);

// ## 1. The idea
//
// Collaborative filtering fills the empty cells of the user × film rating matrix $R$ from its filled cells alone. Two families:
//
// - **Neighbourhood methods** predict from the most similar users (user-based: "people who rate like you liked this") or the most similar films (item-based: "you liked films like this one").
// - **Latent factor models** learn a short vector for every user and film so that their dot product reproduces the known ratings; films and users that behave alike get nearby vectors.
//
// Both start from the **baseline** of chapter 00, $b_{ui} = \mu + b_u + b_i$, and model what is left: the residual $z_{ui} = r_{ui} - b_{ui}$.

// ## 2. Neighbourhood methods
//
// ### Similarity
//
// Item-based: how alike are films $i$ and $j$? Over the users $U_{ij}$ who rated both,
//
// $$\text{cosine:}\quad s_{ij} = \frac{\sum_{u \in U_{ij}} r_{ui} r_{uj}}{\sqrt{\sum_{u \in U_{ij}} r_{ui}^2}\sqrt{\sum_{u \in U_{ij}} r_{uj}^2}} \qquad \text{Pearson (baseline):}\quad s_{ij} = \frac{\sum_{u \in U_{ij}} z_{ui} z_{uj}}{\sqrt{\sum_{u \in U_{ij}} z_{ui}^2}\sqrt{\sum_{u \in U_{ij}} z_{uj}^2}}$$
//
// Pearson on residuals removes the user's generosity and the film's reputation first, so it measures agreement in *taste*. A similarity computed from two common ratings is mostly noise, so it is **shrunk** towards zero by the number of co-ratings $n_{ij} = |U_{ij}|$:
//
// $$s'_{ij} = \frac{n_{ij}}{n_{ij} + \lambda}\, s_{ij}$$
//
// All the sums are matrix products. With $M$ the 0/1 matrix of known ratings and $Z$ the residuals (0 where unknown): numerators $Z^\top Z$, co-rating counts $M^\top M$, and the per-pair norms $(Z \odot Z)^\top M$. User-based similarity is the same on $R^\top$.
//
// ### Prediction
//
// Item-based: among the films $u$ rated, take the $k$ most similar to $i$ with positive similarity, $N_k(i; u)$:
//
// $$\hat{r}_{ui} = b_{ui} + \frac{\sum_{j \in N_k(i;u)} s'_{ij}\, z_{uj}}{\sum_{j \in N_k(i;u)} s'_{ij}}$$
//
// and $\hat{r}_{ui} = b_{ui}$ when there is no such neighbour. User-based swaps the roles (Koren, 2010).

// Moved to the end of the file, where C# requires a program's types: class ColumnSimilarities.

// Moved to the end of the file, where C# requires a program's types: enum Neighbours, enum RatingSimilarity, record KnnOptions, class KnnRatingPredictor.

// Four variants on the five official folds. Each prints its per-fold RMSE; the table gives the mean over the folds.

var ratingResults = new List<(string Model, double Rmse, double Mae)>();
void EvaluateOnFolds(string name, Func<Rating[], PairScorer> fit)
{
    var clock = Stopwatch.StartNew();
    var perFold = folds.Select(fold => Protocols.Ratings(name, fit(fold.Train), fold.Test, fold.Description)).ToArray();
    ratingResults.Add((name, perFold.Average(r => r["rmse"]), perFold.Average(r => r["mae"])));
    Console.WriteLine($"{name,-28} RMSE per fold {string.Join(" ", perFold.Select(r => r["rmse"].ToString("F4")))}  mean {ratingResults[^1].Rmse:F4}  ({clock.Elapsed.TotalSeconds:F1} s)");
}

EvaluateOnFolds("global mean", train => BiasBaseline.GlobalMeanOnly(train, data.UserCount, data.ItemCount).Predict);
EvaluateOnFolds("baseline μ + b_u + b_i", train => BiasBaseline.Fit(train, data.UserCount, data.ItemCount).Predict);
PairScorer Knn(Rating[] train, Neighbours by, RatingSimilarity similarity) =>
    KnnRatingPredictor.Fit(train, data.UserCount, data.ItemCount, new KnnOptions(by, similarity, neighbours, shrinkage));
EvaluateOnFolds("user-kNN, cosine", train => Knn(train, Neighbours.Users, RatingSimilarity.Cosine));
EvaluateOnFolds("user-kNN, Pearson", train => Knn(train, Neighbours.Users, RatingSimilarity.PearsonBaseline));
EvaluateOnFolds("item-kNN, cosine", train => Knn(train, Neighbours.Items, RatingSimilarity.Cosine));
EvaluateOnFolds("item-kNN, Pearson", train => Knn(train, Neighbours.Items, RatingSimilarity.PearsonBaseline));
Terminal.Show(ratingResults.Select(r => new { r.Model, Rmse = Math.Round(r.Rmse, 4), Mae = Math.Round(r.Mae, 4), Protocol = "ML-100K official folds u1..u5, mean" }));

// Similarity on residuals (Pearson-baseline) is clearly better than cosine on raw stars: raw stars are mostly "everyone rates 3–4", so raw cosine finds everyone similar. With residuals, user-based and item-based neighbours end up close to each other here, both well ahead of the baseline.
//
// ### Item-kNN for ranking
//
// For top-K ranking we only need *which* films a user rated: the 0/1 matrix $X$. The similarity of two films is now the cosine of their columns of $X$, over **all** users: with $n_i$ the users who rated film $i$ and $n_{ij}$ those who rated both,
//
// $$s_{ij} = \frac{n_{ij}}{\sqrt{n_i\, n_j}} \cdot \frac{n_{ij}}{n_{ij} + \lambda}$$
//
// (shrunk as before). Note the norms: the rating cosine above sums over co-raters only, which on 0/1 data would make every pair of films that share a single user exactly similar (1), and the score would only count co-raters. The item-based score of film $i$ for user $u$ is the sum of its similarities to the films the user has (Deshpande & Karypis, 2004), keeping for each film only its $k$ most similar films:
//
// $$\hat{s}(u, i) = \sum_{j \in I(u)} s^{(k)}_{ji} \qquad \Longleftrightarrow \qquad \hat{S} = X \, S^{(k)}$$
//
// The number of neighbours $k$ is chosen on a validation part carved from the benchmark's training part by the same rule (90/10 stratified by film, Microsoft Recommenders' cut); the test part is used once.

// Moved to the end of the file, where C# requires a program's types: class ItemKnnRanker.

// Validation for every ranking choice in this chapter: 10% of the benchmark's training part, carved by the benchmark's own rule.
Split rankingTuning = Splitters.WithValidation(benchmarkSplit,
    train => Splitters.StratifiedLikeMsRecommenders(train, new[] { 0.9, 0.1 }, StratifyBy.Item, seed));
Console.WriteLine(rankingTuning.Report);

var knnSearch = new List<(int K, double Ndcg)>();
foreach (int k in new[] { 10, 20, 40, 80, 160, 320 })
{
    Scorer candidate = ItemKnnRanker.Fit(rankingTuning.Train, data.UserCount, data.ItemCount, k, shrinkage, device);
    knnSearch.Add((k, Protocols.FullRanking("item-kNN", candidate, rankingTuning.Train, rankingTuning.Validation, data.ItemCount, topK, "validation")[$"ndcg@{topK}"]));
}
int knnK = knnSearch.MaxBy(s => s.Ndcg).K;
Console.WriteLine($"validation NDCG@{topK} by k: {string.Join(", ", knnSearch.Select(s => $"k={s.K} {s.Ndcg:F4}"))}; chosen k = {knnK}");

EvaluationResult popular = Protocols.FullRanking("most popular", RankingBaselines.MostPopular(benchmarkSplit.Train, data.ItemCount), benchmarkSplit, data.ItemCount, topK);
EvaluationResult itemKnn = Protocols.FullRanking($"item-kNN (k={knnK})", ItemKnnRanker.Fit(benchmarkSplit.Train, data.UserCount, data.ItemCount, knnK, shrinkage, device), benchmarkSplit, data.ItemCount, topK);
Terminal.Show(EvaluationResult.Table(popular, itemKnn));

// ## 3. Matrix factorisation
//
// ### The model
//
// Every user gets a vector $p_u \in \mathbb{R}^f$ and every film a vector $q_i \in \mathbb{R}^f$, their **embeddings (嵌入)**; the predicted rating is the baseline plus their dot product (Koren, Bell & Volinsky, 2009):
//
// $$\hat{r}_{ui} = \mu + b_u + b_i + p_u^\top q_i$$
//
// Training minimises the squared error on the known ratings plus an L2 penalty that keeps the vectors small — without it, $f$ free numbers per user fit noise perfectly:
//
// $$\mathcal{L} = \sum_{(u,i) \in \mathcal{K}} \Big[\left(r_{ui} - \hat{r}_{ui}\right)^2 + \lambda \left(\lVert p_u \rVert^2 + \lVert q_i \rVert^2\right) + \lambda_b \left(b_u^2 + b_i^2\right)\Big]$$
//
// (the penalty sits inside the sum, once per rating, so a user or film with many ratings is held back more — as in Funk's SGD and in the code below)
//
// We minimise it by minibatch stochastic gradient descent. The loss is *summed* over a batch, so the learning rate $\eta$ acts per rating, as in Funk's original SGD: each rating moves its user's and film's vectors by $\eta$ times its gradient.
//
// The model is a TorchSharp module: four embedding tables and a `forward` that computes $\hat{r}$ for a batch of (user, film) pairs.

// Moved to the end of the file, where C# requires a program's types: class BiasedMatrixFactorization.

// ### The training loop, written out
//
// Every neural chapter trains this way; here it is in full once. Each epoch visits the training ratings in a new seeded order (`Minibatches` hands out index tensors). Each step runs inside a dispose scope — TorchSharp tensors hold native memory that the .NET garbage collector does not see, and the scope frees every tensor the step created. Evaluation runs in `eval()` mode without gradients.

// Moved to the end of the file, where C# requires a program's types: record MfOptions, record MfRun, class MatrixFactorizationTraining.

// ### Learning curves
//
// Hyperparameters are chosen on a **validation** part — never on a test part — and for the five folds that needs care: `u1.base` is exactly `u2.test ∪ u3.test ∪ u4.test ∪ u5.test`, so a validation part carved from fold u1 and reused for all folds would let the test ratings of four reported folds choose the settings. Each fold therefore carves its validation part (5%, random, seeded) from **its own** training part, and every choice for that fold is made there.
//
// First one run on fold u1 with 200 factors and weak regularisation, $\lambda = 0.05$, for all `mfEpochs` epochs without stopping, to see what training does (the progress line updates in place):

Split[] tuningFolds = folds.Select(fold => Splitters.WithValidation(fold, 0.05, seed)).ToArray();
Console.WriteLine(tuningFolds[0].Report);
var mfOptions = new MfOptions(Factors: 200, Lambda: 0.05, BiasLambda: mfBiasRegularization, Epochs: mfEpochs,
                             LearningRate: mfLearningRate, BatchSize: mfBatchSize, Seed: seed);
MfRun curve = MatrixFactorizationTraining.Train(tuningFolds[0].Train, tuningFolds[0].Validation, data.UserCount, data.ItemCount,
                                                mfOptions, device, log: new ProgressLine());
Console.WriteLine($"best validation RMSE {curve.ValidationRmse.Min():F4} at epoch {curve.ValidationRmse.IndexOf(curve.ValidationRmse.Min()) + 1} of {curve.ValidationRmse.Count}");

double[] epochAxis = Enumerable.Range(1, curve.TrainRmse.Count).Select(e => (double)e).ToArray();
Terminal.Show(Chart.Line("Biased MF learning curves (200 factors, λ = 0.05; fold u1's own 95/5 validation)", "epoch", "RMSE",
    new Series("train", epochAxis, curve.TrainRmse.ToArray()),
    new Series("validation", epochAxis, curve.ValidationRmse.ToArray())));

// The training error keeps falling while the validation error levels off: past that point the model learns the training ratings' noise. Regularisation sets where that happens; the number of epochs is a hyperparameter too.
//
// ### The search
//
// On every fold, a small grid over the number of factors $f$ and the regularisation $\lambda$. Each run stops early once its validation RMSE has not improved for `mfPatience` epochs and keeps the weights of its best epoch; the fold's best run is then tested once on the fold's test part. The chosen settings may differ from fold to fold: that is the price of never letting a test part choose.

var grid = new[] { (Factors: 50, Lambda: 0.05), (50, 0.1), (200, 0.05), (200, 0.1) };
var search = new List<(int Fold, int Factors, double Lambda, double BestRmse, int BestEpoch)>();
var mfFolds = new List<EvaluationResult>();
var progress = new ProgressLine();
var mfClock = Stopwatch.StartNew();
for (int f = 0; f < tuningFolds.Length; f++)
{
    Split fold = tuningFolds[f];
    MfRun? chosenRun = null;
    foreach (var (factors, lambda) in grid)
    {
        progress.WriteLine($"u{f + 1}: {factors} factors, λ {lambda}");
        MfRun run = MatrixFactorizationTraining.Train(fold.Train, fold.Validation, data.UserCount, data.ItemCount,
            mfOptions with { Factors = factors, Lambda = lambda, Patience = mfPatience }, device, log: progress);
        search.Add((f + 1, factors, lambda, run.ValidationRmse.Min(), run.KeptEpoch));
        if (chosenRun == null || run.ValidationRmse.Min() < chosenRun.ValidationRmse.Min()) { chosenRun?.Model.Dispose(); chosenRun = run; }
        else run.Model.Dispose();
    }
    var chosen = search.Where(s => s.Fold == f + 1).MinBy(s => s.BestRmse);
    mfFolds.Add(Protocols.Ratings($"MF, u{f + 1}", Scorers.ForPairs(chosenRun!.Model.Predict, chosenRun.Model), fold.Test, fold.Description));
    Console.WriteLine($"u{f + 1}: chose {chosen.Factors} factors, λ = {chosen.Lambda}, epoch {chosen.BestEpoch} (validation RMSE {chosen.BestRmse:F4})"
        + $"  →  test RMSE {mfFolds[^1]["rmse"]:F4}, MAE {mfFolds[^1]["mae"]:F4}  ({mfClock.Elapsed.TotalSeconds:F0} s)");
    chosenRun.Model.Dispose();
}
double mfRmse = mfFolds.Average(r => r["rmse"]), mfMae = mfFolds.Average(r => r["mae"]);
ratingResults.Add(("biased MF (tuned per fold)", mfRmse, mfMae));
Console.WriteLine($"biased MF, mean over u1..u5: RMSE {mfRmse:F4}, MAE {mfMae:F4}");

// Every run of the search: the fold, the setting, its best validation RMSE and the epoch it was reached at.
Console.WriteLine(string.Join("\n", search.Select(s => $"u{s.Fold}  {s.Factors,3} factors  λ {s.Lambda:F2}  best validation RMSE {s.BestRmse:F4} at epoch {s.BestEpoch}")));
// Mean over the five folds of each setting's best validation RMSE (validation parts only).
double[] lambdas = search.Select(s => s.Lambda).Distinct().ToArray();
double[] factorCounts = search.Select(s => (double)s.Factors).Distinct().ToArray();
Terminal.Show(Chart.Line("Validation RMSE against the number of factors (mean over the folds' own validation parts)", "factors", "best validation RMSE",
    lambdas.Select(l => new Series($"λ = {l}", factorCounts,
        factorCounts.Select(f => search.Where(s => s.Lambda == l && s.Factors == f).Average(s => s.BestRmse)).ToArray())).ToArray()));

// With weak regularisation more factors overfit sooner (their best epoch comes earlier); with enough regularisation more factors help a little. Each fold's test RMSE above comes from the model its own validation part chose, at its best epoch — trained on 95% of the fold's training part.

// How this compares with our other models and with the published numbers of the Surprise library's ML-100K benchmark table (its SVD is biased MF trained by SGD; SVD++ adds implicit feedback). Surprise averages its own five random folds rather than u1…u5 and uses default settings without a search, so its numbers are **for orientation** only, not a like-for-like comparison.

var published = new (string Model, double Rmse, double Mae)[] { ("Surprise SVD (published, for orientation)", 0.934, 0.737), ("Surprise SVD++ (published, for orientation)", 0.919, 0.721) };
var ratingTable = ratingResults.Concat(published).Select(r => new { r.Model, Rmse = Math.Round(r.Rmse, 4), Mae = Math.Round(r.Mae, 4) }).ToArray();
Terminal.Show(Chart.Bar("Rating prediction on ML-100K u1..u5 (mean RMSE, lower is better)", "model", "RMSE",
    ratingTable.Select(r => r.Model).ToArray(), new Series("RMSE", ratingTable.Select(r => r.Rmse).ToArray())) with { Width = 900 });

Terminal.Show(ratingTable);

// ## 4. Implicit feedback: BPR
//
// For ranking we treat "rated" as a positive signal and everything else as unknown. Squared error on 0/1 targets would treat every unrated film as disliked; **Bayesian Personalised Ranking** (Rendle et al., 2009) instead asks only that a user's rated film $i$ score above an unrated film $j$:
//
// $$x_{ui} = p_u^\top q_i + b_i, \qquad \mathcal{L}_{\text{BPR}} = \frac{1}{|B|}\sum_{(u, i, j) \in B} \Big[-\ln \sigma\!\left(x_{ui} - x_{uj}\right) + \lambda\left(\lVert p_u\rVert^2 + \lVert q_i\rVert^2 + \lVert q_j\rVert^2 + b_i^2 + b_j^2\right)\Big]$$
//
// averaged over the triples of a minibatch $B$.
//
// Each epoch takes every positive $(u, i)$ once and draws a fresh negative $j$ for each, a film the user did not rate: negative sampling (负采样), done by the library's `NegativeSampler`. The scores are only ever compared, so no sigmoid is applied when ranking. This time the library's `TrainingLoop` runs the loop we wrote out above, with validation NDCG after every epoch, early stopping, and a learning rate that decays by `bprDecay` per epoch.

// Moved to the end of the file, where C# requires a program's types: class BprMatrixFactorization.

// Moved to the end of the file, where C# requires a program's types: record BprOptions, record BprRun, class BprTraining.

// BPR is tuned on the same validation part as item-kNN (`rankingTuning`: 90/10 of the benchmark's training part, stratified by film with the benchmark's own rule). One training run with progress, then a search over $\lambda$; every run stops early once validation NDCG@10 has not improved for `bprPatience` epochs.

var bprOptions = new BprOptions(Factors: bprFactors, Lambda: 0.005, Epochs: bprEpochs, LearningRate: bprLearningRate,
                                Decay: bprDecay, BatchSize: bprBatchSize, Seed: seed, TopK: topK, Patience: bprPatience);
var (_, bprCurve) = BprTraining.Train(rankingTuning.Train, rankingTuning.Validation, data.UserCount, data.ItemCount, bprOptions, device, log: new ProgressLine());
Console.WriteLine($"best validation NDCG@{topK} {bprCurve.ValidationValues.Max():F4} at epoch {bprCurve.BestEpoch} of {bprCurve.Epochs.Count}"
    + (bprCurve.StoppedEarly ? " (stopped early)" : "") + $", {bprCurve.Epochs.Sum(e => e.Seconds):F1} s");

Terminal.Show(Chart.Line($"BPR training (λ = 0.005, {bprFactors} factors): loss and validation NDCG@{topK}", "epoch", "value",
    new Series("training loss (BPR)", bprCurve.EpochNumbers, bprCurve.Losses),
    new Series($"validation NDCG@{topK}", bprCurve.EpochNumbers, bprCurve.ValidationValues)));

var bprSearch = new List<(double Lambda, double BestNdcg, int BestEpoch)> { (0.005, bprCurve.ValidationValues.Max(), bprCurve.BestEpoch ?? bprEpochs) };
foreach (double lambda in new[] { 0.002, 0.01, 0.02 })
{
    var clock = Stopwatch.StartNew();
    var (_, history) = BprTraining.Train(rankingTuning.Train, rankingTuning.Validation, data.UserCount, data.ItemCount, bprOptions with { Lambda = lambda }, device);
    bprSearch.Add((lambda, history.ValidationValues.Max(), history.BestEpoch ?? bprEpochs));
    Console.WriteLine($"λ {lambda}: best validation NDCG@{topK} {bprSearch[^1].BestNdcg:F4} at epoch {bprSearch[^1].BestEpoch}  ({clock.Elapsed.TotalSeconds:F1} s)");
}
var bprChosen = bprSearch.MaxBy(s => s.BestNdcg);
Console.WriteLine($"chosen: λ = {bprChosen.Lambda}, {bprChosen.BestEpoch} epochs");

// The final model trains on the whole benchmark training part for the chosen number of epochs and is tested once, under the Microsoft Recommenders protocol: 75/25 split stratified by film with their cut rule (a film's ratings in a seeded random order; a rating trains iff its rank / count ≤ 0.75) and seed 42, all films ranked, films seen in training removed, every test film relevant, K = 10. Ties in the scores are broken in a seeded random order, never by film id.

var bprClock = Stopwatch.StartNew();
var (bpr, _) = BprTraining.Train(benchmarkSplit.Train, null, data.UserCount, data.ItemCount,
    bprOptions with { Lambda = bprChosen.Lambda, Epochs = bprChosen.BestEpoch }, device);
Console.WriteLine($"trained {bprChosen.BestEpoch} epochs on {benchmarkSplit.Train.Length:N0} ratings in {bprClock.Elapsed.TotalSeconds:F1} s");
EvaluationResult bprResult = Protocols.FullRanking($"BPR-MF ({bprFactors} factors)", Scorers.ForUsers(bpr.ScoreAll, bpr), benchmarkSplit, data.ItemCount, topK);
Terminal.Show(EvaluationResult.Table(popular, itemKnn, bprResult));

// Published numbers from Microsoft Recommenders' README ("Algorithm Comparison" table, ML-100K, K = 10; their MAP there divides each user's sum by the number of relevant films, as our `map` column does), next to ours, all four metrics. How like for like is it? The metrics, K, the relevance rule (every test film), removing films seen in training and the 75/25 stratification by film with seed 42 are theirs. Three things are not exactly theirs: random-number generators differ between Python and .NET, so the rows in each part differ; that table was produced with an earlier version of their splitter, which rounds each film's cut (our `Splitters.Stratified`) rather than the rank / count rule of their current code that we follow, so it had no cold test films; and their cornac models rank only the films present in training, where we rank all 1,682. With differences this small and these protocol differences, read the comparison as "on par", not as a win or a loss; how much another shuffle of the split moves our own numbers is exercise 7.

// Moved to the end of the file, where C# requires a program's types: record RankingRow.
RankingRow Ours(EvaluationResult r) => new($"{r.Model} (ours)", r[$"ndcg@{topK}"], r[$"precision@{topK}"], r[$"recall@{topK}"], r["map"]);
var rankingTable = new[]
{
    Ours(popular), Ours(itemKnn), Ours(bprResult),
    // Microsoft Recommenders' README, "Algorithm Comparison" table (ML-100K, K = 10): NDCG, precision, recall, MAP.
    new RankingRow("BPR (MS Recommenders, published)", 0.441997, 0.388229, 0.212522, 0.132478),
    new RankingRow("BiVAE (MS Recommenders, published)", 0.475077, 0.411771, 0.219145, 0.146126),
};
foreach (RankingRow theirs in rankingTable.Where(r => r.Model.Contains("published")))
    Console.WriteLine($"our BPR-MF minus {theirs.Model}: NDCG@10 {bprResult[$"ndcg@{topK}"] - theirs.Ndcg:+0.000;-0.000}, precision@10 {bprResult[$"precision@{topK}"] - theirs.Precision:+0.000;-0.000}, "
        + $"recall@10 {bprResult[$"recall@{topK}"] - theirs.Recall:+0.000;-0.000}, MAP {bprResult["map"] - theirs.Map:+0.000;-0.000}");
Terminal.Show(rankingTable.Select(r => new { r.Model, Ndcg = Math.Round(r.Ndcg, 4), Precision = double.IsNaN(r.Precision) ? (double?)null : Math.Round(r.Precision, 4), Recall = r.Recall is double recall ? Math.Round(recall, 4) : (double?)null, Map = r.Map is double map ? Math.Round(map, 4) : (double?)null }));

RankingRow[] withPrecision = rankingTable.Where(r => !double.IsNaN(r.Precision)).ToArray();
Terminal.Show(Chart.Bar("Top-10 ranking on ML-100K (MS Recommenders protocol: 75/25 by item, seed 42, full ranking)", "model", "value",
    withPrecision.Select(r => r.Model).ToArray(),
    new Series($"NDCG@{topK}", withPrecision.Select(r => r.Ndcg).ToArray()),
    new Series($"precision@{topK}", withPrecision.Select(r => r.Precision).ToArray())) with { Width = 900 });

// ## 5. Looking inside
//
// The film embeddings $q_i$ place films that the same users like near each other, although the model never saw a genre or a title. Projected onto their two principal components (PCA, via the SVD of the centred embedding matrix) — hover over a point to see its title; films with at least 100 training ratings:

// Detached from the autograd graph: nothing below is trained. Centre the film vectors first: the average direction mostly says "popular", which every film shares a little.
Tensor embeddings = bpr.ItemFactors.weight!.detach();
Tensor centred = embeddings - embeddings.mean(new long[] { 0 }, keepdim: true);
var (_, _, vh) = torch.linalg.svd(centred, fullMatrices: false);
float[] projected = centred.mm(vh[..2].t()).data<float>().ToArray();
int[] trainCounts = new Interactions(data.UserCount, data.ItemCount, benchmarkSplit.Train).ItemCounts();
int[] plotted = Enumerable.Range(0, data.ItemCount).Where(i => trainCounts[i] >= 100).ToArray();

Series Group(string name, Func<Movie, bool> member)
{
    int[] films = plotted.Where(i => member(data.Items[i])).ToArray();
    return new Series(name, films.Select(i => (double)projected[2 * i]).ToArray(), films.Select(i => (double)projected[2 * i + 1]).ToArray(), films.Select(data.Title).ToArray());
}
bool ForChildren(Movie m) => m.Genres.Contains("Children's") || m.Genres.Contains("Animation");
bool Scary(Movie m) => !ForChildren(m) && (m.Genres.Contains("Horror") || m.Genres.Contains("Thriller"));
Terminal.Show(Chart.Scatter("BPR film embeddings, first two principal components (films with ≥ 100 ratings)", "component 1", "component 2",
    Group("children's / animation", ForChildren), Group("horror / thriller", Scary), Group("other", m => !ForChildren(m) && !Scary(m))));

// Nearest neighbours by cosine similarity of the centred embeddings — "users who liked this also liked":

Tensor unitFilms = centred / centred.norm(1, keepdim: true);
Terminal.Show(new[] { "Star Wars (1977)", "Toy Story (1995)", "Fargo (1996)", "Scream (1996)", "Sense and Sensibility (1995)" }.Select(title =>
{
    int film = data.ItemIndexOf(title);
    float[] similarity = unitFilms.mv(unitFilms[film]).data<float>().ToArray();
    var nearest = Enumerable.Range(0, data.ItemCount).Where(i => i != film).OrderByDescending(i => similarity[i]).Take(5);
    return new { Film = title, NearestNeighbours = string.Join("; ", nearest.Select(i => $"{data.Title(i)} ({similarity[i]:F2})")) };
}));

// Sequels and films of one kind do come together (*Return of the Jedi* next to *Star Wars*, *Emma* next to *Sense and Sensibility*), but famous films also sit close to other famous films whatever their genre: BPR's vectors carry popularity as well as taste. That is part of why its accuracy is high — and a reason to expect its lists to be less novel than their accuracy suggests (exercise 3 measures it).
//
// ## 6. What goes wrong, and why
//
// - **Overfitting without regularisation.** The learning curves show it: 200 free numbers per user fit the training ratings far better than the validation ratings. Regularisation and early stopping are not optional.
// - **The baseline does most of the work for RMSE.** Matrix factorisation improves on $\mu + b_u + b_i$ by a few hundredths of a star; improvements in RMSE are small by nature.
// - **Tuning on the test part.** Every tuned choice above (MF's factors, $\lambda$ and epochs; item-kNN's $k$; BPR's $\lambda$ and epochs) was made on validation data carved from the training part of the very split it is reported on; the test parts were touched once per model. With cross-validation folds that is easy to get wrong: tuning once on fold u1 and reporting u1…u5 would have let the test ratings of u2…u5 (which make up `u1.base`) choose the settings.
// - **Settings fixed beforehand.** Some settings were not tuned at all: BPR's 256 factors, the learning rates and decay, the shrinkage $\lambda = 100$ and the rating kNN's $k = 40$. They were set before any run of this chapter; tuning them on validation (exercise 6) may move the numbers.
// - **Cold start.** Neither kNN nor MF can say anything about a film or user with no ratings; chapter 01's content profiles can.
// - **Sampled negatives can be positives in disguise.** A film the user did not rate may be one they would love; BPR treats it as a negative all the same. With a 6% dense matrix this is rare, but it caps what implicit-feedback models can learn.
//
// ## 7. Exercises
//
// 1. Set `shrinkage = 0` and rerun the neighbourhood section. Which method suffers most, and why?
// 2. Replace SGD by Adam in `MatrixFactorizationTraining.Train` (edit the marked cell in section 3) (`optim.Adam(model.parameters(), lr: 0.001)`, and take the mean of the loss instead of the sum). Which needs more regularisation? Explain with the size of each update for a rarely rated film.
// 3. Train BPR without the item bias $b_i$. What happens to NDCG@10 and to catalog coverage (chapter 00's `BeyondAccuracyMetrics`)?
// 4. Evaluate BPR under chapter 00's sampled protocol (leave-last-out, 99 negatives). How much higher is HR@10 than under full ranking?
// 5. Draw BPR's negatives in proportion to popularity (`NegativeDistribution.Popularity`). Does it help NDCG? What does it do to novelty?
// 6. Tune BPR's number of factors (say 64, 128, 256) on `rankingTuning` as the chapter tunes $\lambda$. How much does the chosen value change the test NDCG@10?
// 7. Rerun section 4 with the benchmark split drawn with seeds 1 to 5 instead of 42 (the whole protocol, validation included). How far apart are the five BPR-MF NDCG@10 values? Is the gap to the published BPR larger than that spread?
//
// ## References
//
// - Y. Koren. *Factor in the Neighbors: Scalable and Accurate Collaborative Filtering.* ACM TKDD 4(1), 2010.
// - Y. Koren, R. Bell, C. Volinsky. *Matrix Factorization Techniques for Recommender Systems.* IEEE Computer 42(8), 2009.
// - S. Funk. *Netflix Update: Try This at Home.* Blog post, 2006.
// - S. Rendle, C. Freudenthaler, Z. Gantner, L. Schmidt-Thieme. *BPR: Bayesian Personalized Ranking from Implicit Feedback.* UAI 2009.
// - M. Deshpande and G. Karypis. *Item-based top-N recommendation algorithms.* ACM TOIS 22(1), 2004.
// - N. Hug. *Surprise: A Python library for recommender systems.* JOSS 5(52), 2020 (the published SVD / SVD++ RMSE on ML-100K).
// - Microsoft Recommenders (recommenders-team/recommenders): README "Algorithm Comparison" table (published BPR and BiVAE numbers on ML-100K); `recommenders/datasets/python_splitters.py` (`python_stratified_split`).

// ## Recorded figures

double RatingRmse(string model) => ratingResults.Single(r => r.Model == model).Rmse;
Results.Record("baseline.rmse", RatingRmse("baseline μ + b_u + b_i"));
Results.Record("user_knn.rmse", RatingRmse("user-kNN, Pearson"));
Results.Record("item_knn.rmse", RatingRmse("item-kNN, Pearson"));
Results.Record("item_knn_cosine.rmse", RatingRmse("item-kNN, cosine"));
Results.Record("mf.rmse", mfRmse);
Results.Record("mf.mae", mfMae);
Results.Record($"item_knn.ndcg@{topK}", itemKnn[$"ndcg@{topK}"]);
Results.Record($"item_knn.precision@{topK}", itemKnn[$"precision@{topK}"]);
Results.Record($"popular.ndcg@{topK}", popular[$"ndcg@{topK}"]);
Results.Record($"bpr.ndcg@{topK}", bprResult[$"ndcg@{topK}"]);
Results.Record($"bpr.precision@{topK}", bprResult[$"precision@{topK}"]);
Results.Record($"bpr.recall@{topK}", bprResult[$"recall@{topK}"]);
Results.Record($"bpr.map@{topK}", bprResult[$"map@{topK}"]);
Results.Record("bpr.map", bprResult["map"]);
Terminal.Show(Results.Table());

// The types the notebook's cells declare, moved here from their cells (each left a note where it stood).

// @save lib/RecSys/Models/ColumnSimilarities.cs
/// <summary>
/// Similarity of every pair of columns of a (rows × columns) matrix, shrunk towards 0 by how many rows support it:
/// films when the rows are users (item-based), users when the matrix is transposed (user-based).
/// </summary>
public static class ColumnSimilarities
{
    /// <summary>
    /// Implicit feedback (0/1): the cosine of two columns, n_ij / √(n_i·n_j), where n_i counts the rows that have
    /// column i and n_ij the rows that have both; times n_ij / (n_ij + λ).
    /// </summary>
    public static Tensor ImplicitCosine(Tensor interactions, double shrinkage)
    {
        CheckShrinkage(shrinkage);
        using var scope = torch.NewDisposeScope();                    // frees the intermediate (columns × columns) matrices
        using var noGrad = torch.no_grad();
        Tensor together = interactions.t().mm(interactions);         // n_ij; the diagonal holds n_i
        Tensor counts = interactions.sum(dim: 0);                     // n_i
        Tensor norms = counts.outer(counts).sqrt().clamp_min(1e-9);   // √(n_i·n_j)
        return (together / norms * Shrink(together, shrinkage)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Explicit ratings: the cosine of raw stars over the rows that rated both columns (the norms, too, only over
    /// those rows), shrunk by the co-rating count. <paramref name="mask"/> marks the known entries with 1.
    /// </summary>
    public static Tensor RatingCosine(Tensor stars, Tensor mask, double shrinkage) => CoRatedCosine(stars, mask, shrinkage);

    /// <summary>
    /// Pearson-baseline (Koren 2010): the same co-rated cosine, of the residuals z = r − b_ui left after the
    /// baseline, so it measures agreement in taste rather than in generosity or reputation.
    /// </summary>
    public static Tensor PearsonBaseline(Tensor residuals, Tensor mask, double shrinkage) => CoRatedCosine(residuals, mask, shrinkage);

    /// <summary>Σ v_i v_j / (√Σ v_i² · √Σ v_j²), every sum over the rows that know both columns; times n_ij / (n_ij + λ).</summary>
    static Tensor CoRatedCosine(Tensor values, Tensor mask, double shrinkage)
    {
        CheckShrinkage(shrinkage);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor dot = values.t().mm(values);
        Tensor squares = (values * values).t().mm(mask);             // [i, j] = Σ over rows that know both of values[·, i]²
        Tensor norms = (squares * squares.t()).sqrt().clamp_min(1e-9);
        Tensor together = mask.t().mm(mask);                          // n_ij
        return (dot / norms * Shrink(together, shrinkage)).MoveToOuterDisposeScope();
    }

    /// <summary>n / (n + λ), and 0 where n = 0 (also when λ = 0).</summary>
    static Tensor Shrink(Tensor together, double shrinkage) => together / (together + shrinkage).clamp_min(1e-9);

    static void CheckShrinkage(double shrinkage)
    {
        if (shrinkage < 0 || double.IsNaN(shrinkage))
            throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, "Shrinkage λ must be 0 or more.");
    }
}

// @save lib/RecSys/Models/KnnRatingPredictor.cs
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

// @save lib/RecSys/Models/ItemKnnRanker.cs
/// <summary>
/// Item-based top-K ranking from implicit feedback (Deshpande &amp; Karypis 2004): ŝ(u, i) = Σ_{j∈I(u)} s⁽ᵏ⁾_ji, the
/// sum of film i's similarities to the films u has, where each film keeps only its k most similar films
/// (<see cref="ColumnSimilarities.ImplicitCosine"/>, shrunk). In matrix form Ŝ = X S⁽ᵏ⁾ with X the 0/1 matrix.
/// </summary>
public static class ItemKnnRanker
{
    public static Scorer Fit(IReadOnlyList<Rating> train, int userCount, int itemCount, int neighbours, double shrinkage, Device? device = null)
    {
        if (neighbours <= 0 || neighbours > itemCount)
            throw new ArgumentOutOfRangeException(nameof(neighbours), neighbours, $"k must be between 1 and the number of films, {itemCount}.");
        Tensor scores;
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            RatingTensors ratings = RatingTensors.From(train, device);
            Tensor x = ratings.Dense(torch.ones_like(ratings.Stars), userCount, itemCount);
            Tensor similarity = ColumnSimilarities.ImplicitCosine(x, shrinkage);
            similarity = similarity * (1 - torch.eye(itemCount, device: x.device));   // a film is not its own neighbour
            var (top, index) = similarity.topk(neighbours, dim: 0);        // the k most similar films in every column
            Tensor pruned = torch.zeros_like(similarity).scatter(0, index, top);
            // Every user's scores, computed once; the scorer only picks rows. Kept beyond this scope.
            scores = x.mm(pruned).DetachFromDisposeScope();
        }
        return Scorers.ForUsers(users => scores[users], device: scores.device);
    }
}

// @save lib/RecSys/Models/BiasedMatrixFactorization.cs
/// <summary>
/// Biased matrix factorisation (Koren, Bell &amp; Volinsky 2009): r̂(u,i) = μ + b_u + b_i + p_u · q_i,
/// trained on the squared error plus <see cref="Penalty"/>.
/// </summary>
public sealed class BiasedMatrixFactorization : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding UserFactors, ItemFactors, UserBias, ItemBias;
    readonly float globalMean;

    public BiasedMatrixFactorization(int userCount, int itemCount, int factors, float globalMean, double initStd = 0.05, Device? device = null)
        : base(nameof(BiasedMatrixFactorization))
    {
        UserFactors = nn.Embedding(userCount, factors);
        ItemFactors = nn.Embedding(itemCount, factors);
        UserBias = nn.Embedding(userCount, 1);
        ItemBias = nn.Embedding(itemCount, 1);
        this.globalMean = globalMean;
        using (torch.no_grad())
        {
            // Small random vectors, zero biases: the model starts as the global mean.
            nn.init.normal_(UserFactors.weight!, std: initStd);
            nn.init.normal_(ItemFactors.weight!, std: initStd);
            nn.init.zeros_(UserBias.weight!);
            nn.init.zeros_(ItemBias.weight!);
        }
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>r̂ = μ + b_u + b_i + p_u · q_i for each pair (users[k], items[k]) in the batch.</summary>
    public override Tensor forward(Tensor users, Tensor items) =>
        (UserFactors.forward(users) * ItemFactors.forward(items)).sum(1)
        + UserBias.forward(users).squeeze(1) + ItemBias.forward(items).squeeze(1) + globalMean;

    /// <summary>The predicted ratings clamped to the 1–5 star scale: what evaluation compares with the truth.</summary>
    public Tensor Predict(Tensor users, Tensor items) => forward(users, items).clamp(1, 5);

    /// <summary>λ(‖p_u‖² + ‖q_i‖²) + λ_b(b_u² + b_i²), summed over the batch.</summary>
    public Tensor Penalty(Tensor users, Tensor items, double lambda, double lambdaBias) =>
        lambda * (UserFactors.forward(users).pow(2).sum() + ItemFactors.forward(items).pow(2).sum())
        + lambdaBias * (UserBias.forward(users).pow(2).sum() + ItemBias.forward(items).pow(2).sum());
}

// @save lib/RecSys/Models/MatrixFactorizationTraining.cs
/// <summary>
/// One biased-MF training run: factors f, regularisation λ (factors) and λ_b (biases), epochs, the SGD learning
/// rate (per rating: the loss is summed over a batch), batch size and seed; with <see cref="Patience"/> and validation
/// data, stop when the validation RMSE has not improved for that many epochs and keep the best epoch's weights.
/// </summary>
public sealed record MfOptions(int Factors, double Lambda, double BiasLambda, int Epochs, double LearningRate, int BatchSize, int Seed,
    int? Patience = null);

/// <summary>
/// A trained model, its RMSE on the training ratings (and on validation, when given) after every epoch, and the epoch
/// whose weights the model holds: the best validation epoch under early stopping, otherwise the last.
/// </summary>
public sealed record MfRun(BiasedMatrixFactorization Model, List<double> TrainRmse, List<double> ValidationRmse)
{
    public int KeptEpoch { get; set; }
}

/// <summary>Minibatch SGD for <see cref="BiasedMatrixFactorization"/>, the training loop written out in full.</summary>
public static class MatrixFactorizationTraining
{
    /// <summary>
    /// Trains on <paramref name="train"/> on <paramref name="device"/> (CPU by default) for the given epochs, recording
    /// the RMSE on <paramref name="validation"/> when given. One line per epoch goes to <paramref name="log"/> when given.
    /// </summary>
    public static MfRun Train(IReadOnlyList<Rating> train, IReadOnlyList<Rating>? validation, int userCount, int itemCount,
        MfOptions options, Device? device = null, TextWriter? log = null)
    {
        torch.random.manual_seed(options.Seed);
        var model = new BiasedMatrixFactorization(userCount, itemCount, options.Factors, train.Average(r => r.Value), device: device);
        using var optimizer = optim.SGD(model.parameters(), options.LearningRate);
        RatingTensors ratings = RatingTensors.From(train, device);
        RatingTensors? held = validation == null ? null : RatingTensors.From(validation, device);
        var batches = new Minibatches(train.Count, options.BatchSize, options.Seed);
        var run = new MfRun(model, new List<double>(), new List<double>());
        var clock = Stopwatch.StartNew();
        ModelWeights? best = null;

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            model.train();
            foreach (Tensor batch in batches.Epoch())
            {
                using var scope = torch.NewDisposeScope();
                Tensor u = ratings.Users[batch], i = ratings.Items[batch];
                optimizer.zero_grad();
                Tensor loss = (model.forward(u, i) - ratings.Stars[batch]).pow(2).sum() + model.Penalty(u, i, options.Lambda, options.BiasLambda);
                loss.backward();
                optimizer.step();
            }
            run.TrainRmse.Add(Rmse(model, ratings));
            if (held != null) run.ValidationRmse.Add(Rmse(model, held));
            log?.WriteLine($"epoch {epoch,3}/{options.Epochs}  train RMSE {run.TrainRmse[^1]:F4}"
                + (held != null ? $"  validation RMSE {run.ValidationRmse[^1]:F4}" : "") + $"  {clock.Elapsed.TotalSeconds:F1} s");
            run.KeptEpoch = epoch;

            // Early stopping: remember the best epoch's weights; stop once `Patience` epochs have not beaten it.
            if (options.Patience is not int patience || held == null) continue;
            int bestEpoch = run.ValidationRmse.IndexOf(run.ValidationRmse.Min()) + 1;
            if (bestEpoch == epoch)
            {
                best?.Dispose();
                best = ModelWeights.Copy(model);
            }
            else if (epoch - bestEpoch >= patience) break;
        }
        if (best != null)
        {
            best.RestoreInto(model);
            best.Dispose();
            run.KeptEpoch = run.ValidationRmse.IndexOf(run.ValidationRmse.Min()) + 1;
        }
        return run;
    }

    /// <summary>RMSE of the clamped predictions, as the rating protocol computes it: eval() mode, no gradients.</summary>
    public static double Rmse(BiasedMatrixFactorization model, RatingTensors ratings)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        return (model.Predict(ratings.Users, ratings.Items) - ratings.Stars).pow(2).mean().sqrt().item<float>();
    }
}

// @save lib/RecSys/Models/BprMatrixFactorization.cs
/// <summary>
/// Matrix factorisation for implicit feedback, trained with BPR (Rendle et al. 2009): x_ui = p_u · q_i + b_i, a
/// score whose only meaning is its order. Users need no bias: it would shift all of a user's scores alike.
/// </summary>
public sealed class BprMatrixFactorization : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding UserFactors, ItemFactors, ItemBias;

    public BprMatrixFactorization(int userCount, int itemCount, int factors, double initStd = 0.1, Device? device = null)
        : base(nameof(BprMatrixFactorization))
    {
        UserFactors = nn.Embedding(userCount, factors);
        ItemFactors = nn.Embedding(itemCount, factors);
        ItemBias = nn.Embedding(itemCount, 1);
        using (torch.no_grad())
        {
            nn.init.normal_(UserFactors.weight!, std: initStd);
            nn.init.normal_(ItemFactors.weight!, std: initStd);
            nn.init.zeros_(ItemBias.weight!);
        }
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>x_ui = p_u · q_i + b_i for each pair (users[k], items[k]).</summary>
    public override Tensor forward(Tensor users, Tensor items) =>
        (UserFactors.forward(users) * ItemFactors.forward(items)).sum(1) + ItemBias.forward(items).squeeze(1);

    /// <summary>Every film's score for each user in the batch: P_batch Qᵀ + bᵀ, a (users × films) matrix.</summary>
    public Tensor ScoreAll(Tensor users) => UserFactors.forward(users).mm(ItemFactors.weight!.t()) + ItemBias.weight!.t();

    /// <summary>‖p_u‖² + ‖q_i‖² + ‖q_j‖² + b_i² + b_j² for each triple (user, positive i, negative j).</summary>
    public Tensor Penalty(Tensor users, Tensor positives, Tensor negatives) =>
        UserFactors.forward(users).pow(2).sum(1) + ItemFactors.forward(positives).pow(2).sum(1) + ItemFactors.forward(negatives).pow(2).sum(1)
        + ItemBias.forward(positives).squeeze(1).pow(2) + ItemBias.forward(negatives).squeeze(1).pow(2);
}

// @save lib/RecSys/Models/BprTraining.cs
/// <summary>
/// One BPR training run: factors, regularisation λ, epochs, Adam's learning rate and its decay per epoch, batch
/// size and seed; with validation data, NDCG@<see cref="TopK"/> after each epoch and early stopping after
/// <see cref="Patience"/> epochs without improvement.
/// </summary>
public sealed record BprOptions(int Factors, double Lambda, int Epochs, double LearningRate, double Decay, int BatchSize, int Seed,
    int TopK = 10, int Patience = 10);

/// <summary>A trained BPR model and its per-epoch history.</summary>
public sealed record BprRun(BprMatrixFactorization Model, TrainingHistory History);

/// <summary>
/// Trains <see cref="BprMatrixFactorization"/> on triples (u, i, j): a film i the user rated against a film j
/// drawn uniformly from those the user has not, with loss −ln σ(x_ui − x_uj) + λ·penalty.
/// </summary>
public static class BprTraining
{
    /// <summary>
    /// Trains on <paramref name="train"/> on <paramref name="device"/> (CPU by default); with <paramref name="validation"/>,
    /// stops early on its full-ranking NDCG@K and keeps the best epoch — or on <paramref name="validate"/>, another
    /// metric where higher is better (e.g. a sampled-ranking protocol's). Progress lines go to <paramref name="log"/> when given.
    /// </summary>
    public static BprRun Train(IReadOnlyList<Rating> train, IReadOnlyList<Rating>? validation, int userCount, int itemCount,
        BprOptions options, Device? device = null, TextWriter? log = null, Func<BprMatrixFactorization, double>? validate = null)
    {
        torch.random.manual_seed(options.Seed);
        var model = new BprMatrixFactorization(userCount, itemCount, options.Factors, device: device);
        using var optimizer = optim.Adam(model.parameters(), lr: options.LearningRate);
        var sampler = new NegativeSampler(new Interactions(userCount, itemCount, train), options.Seed);
        RatingTensors pairs = RatingTensors.From(train, device);
        Tensor negatives = torch.empty(0);

        // One negative per training pair, drawn for the whole epoch at once and moved to the device as one tensor.
        void DrawNegatives(int epoch)
        {
            negatives.Dispose();
            int[] drawn = sampler.PairwiseExamples(train).Negatives;
            negatives = torch.tensor(Array.ConvertAll(drawn, j => (long)j), device: device);
        }

        Tensor BatchLoss(Tensor batch)
        {
            Tensor u = pairs.Users[batch], i = pairs.Items[batch], j = negatives[batch];
            Tensor difference = model.forward(u, i) - model.forward(u, j);
            return (-nn.functional.logsigmoid(difference) + options.Lambda * model.Penalty(u, i, j)).mean();
        }

        Func<double>? metric = validate != null ? () => validate(model)
            : validation == null ? null
            : () => Protocols.FullRanking("bpr", Scorers.ForUsers(model.ScoreAll, model), train, validation, itemCount, options.TopK, "validation")[$"ndcg@{options.TopK}"];
        TrainingHistory history = TrainingLoop.Run(model, optimizer, new Minibatches(train.Count, options.BatchSize, options.Seed), BatchLoss, options.Epochs,
            metric, validationMetric: validate != null ? "validation" : $"validation NDCG@{options.TopK}",
            earlyStopping: metric == null ? null : new EarlyStopping(options.Patience, HigherIsBetter: true),
            schedule: optim.lr_scheduler.ExponentialLR(optimizer, options.Decay),
            beforeEpoch: DrawNegatives,
            log: log ?? TextWriter.Null);
        negatives.Dispose();
        return new BprRun(model, history);
    }
}

record RankingRow(string Model, double Ndcg, double Precision, double? Recall, double? Map);
