// notebooks/00-data-and-yardsticks.ipynb as a .NET 10 file-based app. Run it from the repository's folder:
//   dotnet run chapters/00-data-and-yardsticks.cs
// and add `-- --help` to list its options.
// Generated, do not edit: change the notebook, then run
//   dotnet run --project lib/NotebookRunner -- export notebooks/00-data-and-yardsticks.ipynb --to cs

// # 00 — Recommender systems, MovieLens, and how we measure
//
// **What you will learn**
//
// - what a recommender system (推荐系统) does, and the three families this series builds: content-based filtering (内容过滤), collaborative filtering (协同过滤) and hybrid recommenders (混合推荐);
// - the difference between explicit feedback (显式反馈, star ratings) and implicit feedback (隐式反馈, clicks and views);
// - what MovieLens 100K looks like: its long tail (长尾), its sparsity (稀疏性), its users and films;
// - four ways to split ratings into training and test data, and the data leakage (数据泄漏) each one guards against;
// - the metrics every later chapter reports, worked by hand on a tiny example;
// - the yardsticks, or baselines (基线), every model in this series must beat, measured under stated protocols.
//
// Run the cells from top to bottom. The first cell loads the packages and the series' helper library (`lib/RecSys`); the second holds the parameters you may change.

#:package TorchSharp-cpu
#:package Microsoft.Data.Analysis
#:package XPlot.Plotly
#:package ScottPlot
#:project ../lib/RecSys/RecSys.csproj

using Microsoft.Data.Analysis;
using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Metrics;
using RecSys.Notebooks;
using RecSys.Plots;
using RecSys.Sampling;
using RecSys.Splitting;
// Imported by the notebook kernel itself, and the console display and command line of this app:
using System.Collections;
using System.Text;
using RecSys.Apps;

// The notebook's parameters: each is a command-line option with this default (e.g. --topK 5); --help lists them.
var commandLine = new CommandLineParameters(args);
var seed = commandLine.Get("seed", 42);   // every split and sampler below takes this seed (ties use their own, fixed seed): a rerun prints the same numbers
var topK = commandLine.Get("topK", 10);   // the length of a recommendation list
commandLine.Check();   // stops here for --help, an unknown option or a bad value

// ## 1. What a recommender does
//
// A recommender system ranks items a user has not seen yet, so that the first few are ones the user will like. Everything in this series is a way of computing a score $\hat{s}(u, i)$ for a user $u$ and an item $i$, then recommending the items with the highest scores.
//
// - **Content-based filtering (内容过滤)** scores an item by how much it resembles what the user liked before, using the items' own descriptions: genres, plot text, cast. It needs no other users, so it can recommend a brand-new film, but it only ever recommends more of the same.
// - **Collaborative filtering (协同过滤)** ignores what items *are* and looks at *who liked what*: users who agreed in the past tend to agree again. It finds surprising recommendations, but it knows nothing about an item nobody has rated yet — the cold-start problem (冷启动).
// - **Hybrid recommenders (混合推荐)** combine both, and most deployed systems are hybrids.
//
// The feedback a system learns from comes in two kinds. **Explicit feedback (显式反馈)** is a statement of taste, such as 1–5 stars; we can predict the number and measure the error. **Implicit feedback (隐式反馈)** is behaviour — watched, clicked, bought — which says what a user engaged with but not whether they liked it, and never says what they disliked; there we rank items and measure whether the held-out ones come first. MovieLens gives explicit ratings, and we use it both ways: as ratings (chapter 02's matrix factorisation) and as "rated or not" (every ranking chapter).

// ## 2. MovieLens 100K
//
// MovieLens 100K (Harper & Konstan, 2015) holds 100,000 ratings of 1,682 films by 943 users of the MovieLens website, collected in 1997–98. Every user rated at least 20 films. The library downloads it from GroupLens on first use, checks it, and keeps it in `data/cache/` (see `data/README.md`; its licence forbids redistribution, so the repository never contains it).

MovieLensDataset data = MovieLens100K.Load();
Console.WriteLine(data);
Terminal.Show(data.RatingsFrame().Head(5));

// Users and films keep their MovieLens ids (`user_id`, `item_id`) in the DataFrames, while models work with contiguous indices $0 \ldots n-1$ — the rows of an embedding table. `data.UserIds` and `data.ItemIds` map between the two, so every index can be turned back into a title.

Terminal.Show(data.ItemsFrame().Head(5));

// ### 2.1 How people rate
//
// Most ratings are 3 or 4 stars: people watch, and rate, what they expected to like. That is one reason the average rating alone is a strong predictor.

var starCounts = Enumerable.Range(1, 5).Select(stars => (double)data.Ratings.Count(r => r.Value == stars)).ToArray();
Terminal.Show(Chart.Bar("How often each rating is given (ML-100K)", "stars", "ratings",
    new[] { "1", "2", "3", "4", "5" }, new Series("ratings", starCounts)));

// ### 2.2 The long tail (长尾)
//
// Sort the films by how many ratings they have. A few blockbusters collect most of the ratings; most films have only a handful. A model trained on this data sees the popular films far more often — and a recommender that only recommends popular films looks surprisingly good by accuracy metrics, while being of little use to anyone. The y axis is logarithmic.

int[] ratingsPerItem = new int[data.ItemCount];
foreach (Rating r in data.Ratings) ratingsPerItem[r.ItemIndex]++;
double[] sortedCounts = ratingsPerItem.OrderDescending().Select(c => (double)c).ToArray();

int topTenPercent = data.ItemCount / 10;
double shareOfTop = sortedCounts.Take(topTenPercent).Sum() / data.Ratings.Length;
Console.WriteLine($"The {topTenPercent} most rated films (10% of the catalogue) receive {shareOfTop:P0} of all ratings.");
Console.WriteLine($"{ratingsPerItem.Count(c => c < 5)} films have fewer than 5 ratings.");

Terminal.Show(Chart.Line("Ratings per film, most rated first (the long tail)", "film rank", "ratings",
    new Series("ratings per film", Enumerable.Range(1, sortedCounts.Length).Select(i => (double)i).ToArray(), sortedCounts)) with { LogY = true });

// ### 2.3 How active users are
//
// Every user has at least 20 ratings (GroupLens kept only those), and a few have hundreds. Per-user metrics average over users, so the many light users weigh as much as the few heavy ones.

double[] ratingsPerUser = data.Ratings.GroupBy(r => r.UserIndex).Select(g => (double)g.Count()).ToArray();
Console.WriteLine($"ratings per user: min {ratingsPerUser.Min()}, median {ratingsPerUser.Order().ElementAt(ratingsPerUser.Length / 2)}, max {ratingsPerUser.Max()}");
Terminal.Show(Chart.Histogram("Ratings per user", "ratings by one user", 40, ("users", ratingsPerUser)));

// ### 2.4 Sparsity (稀疏性)
//
// Picture the ratings as a matrix $R$ with one row per user and one column per film. Its **density** is the share of cells that hold a rating:
//
// $$\text{density} = \frac{|\{(u, i) : r_{ui} \text{ known}\}|}{|U| \cdot |I|} = \frac{100\,000}{943 \times 1682}$$
//
// Everything a recommender does is filling in the other cells.

Console.WriteLine($"density {data.Density:P2}: {1 - data.Density:P1} of the user × film matrix is empty");

// ### 2.5 Genres
//
// Each film has one or more of 19 genres: the simplest item description, and chapter 01's first content feature.

var genreCounts = data.Genres.Select(g => (double)data.Items.Count(m => m.Genres.Contains(g))).ToArray();
Terminal.Show(Chart.Bar("Films per genre (a film can have several)", "genre", "films", data.Genres.ToArray(), new Series("films", genreCounts)) with { Width = 900 });

// ### 2.6 Ratings over time
//
// The ratings span seven months. Time matters for evaluation: a deployed recommender is trained on the past and judged on the future, so a split that lets the model see a user's later ratings while testing on earlier ones is more optimistic than reality.

// The Sunday that starts the week of a Unix timestamp.
static DateTime WeekOf(long timestamp)
{
    DateTime day = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.Date;
    return day.AddDays(-(int)day.DayOfWeek);
}

var byWeek = data.Ratings.GroupBy(r => WeekOf(r.Timestamp)).OrderBy(g => g.Key).ToArray();
var firstWeek = byWeek[0].Key;
Console.WriteLine($"from {firstWeek:yyyy-MM-dd} to {byWeek[^1].Key:yyyy-MM-dd}");
Terminal.Show(Chart.Line("Ratings per week", $"weeks since {firstWeek:yyyy-MM-dd}", "ratings",
    new Series("ratings", byWeek.Select(g => (g.Key - firstWeek).TotalDays / 7).ToArray(), byWeek.Select(g => (double)g.Count()).ToArray())));

// ## 3. Splitting the data
//
// A model must be judged on ratings it never saw. How we choose those ratings decides what the number means. The library's `Splitters` implement the four splits this series uses; each returns a `Split` whose report counts the parts and the **cold** users and items of the test part — those with no rating in training, which a collaborative model cannot score.
//
// | split | how | when |
// |---|---|---|
// | random | shuffle all ratings, cut by ratio | rating prediction; quick experiments |
// | stratified (by user or item) | shuffle each user's (or item's) ratings, cut them by ratio | each user or item keeps about the same share in both parts; Microsoft Recommenders' benchmark uses 75/25 by item, seed 42, with its own cut rule (3.1) |
// | chronological per user | each user's earliest ratings train, latest test | closest to deployment: no peeking at the future |
// | leave-last-out | each user's last rating tests, the one before validates | sequential models; the NCF and SASRec papers |
//
// **Data leakage (数据泄漏)** is any way test information reaches training. Two common ones: tuning hyperparameters on the test part (use a validation part carved from training instead — every chapter does), and random splits of time-ordered data, where the model learns from a user's future. Note also what the official ML-100K folds `u1…u5` are: five disjoint 20,000-rating test sets (each fold's training part is the other 80,000 ratings), used by published rating benchmarks. They are not random splits of all users: `u1.test` holds only users 1–462, so the folds' test sets cover 459 to 927 users and their RMSEs differ noticeably from fold to fold.

var splits = new[]
{
    Splitters.Random(data.Ratings, new[] { 0.8, 0.2 }, seed),
    Splitters.Stratified(data.Ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed),
    Splitters.StratifiedLikeMsRecommenders(data.Ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed),
    Splitters.Chronological(data.Ratings, new[] { 0.8, 0.2 }),
    Splitters.LeaveLastOut(data.Ratings, withValidation: true),
    Splitters.OfficialFold(data, 1),
};
Terminal.Show(splits.Select(s => s.Report));

// The random split leaves a few films only in the test part (cold items). Leave-last-out tests exactly one rating per user — 943 test ratings.
//
// ### 3.1 One name, two rules
//
// The second and third rows both begin "stratified by item 75/25, seed 42", yet they differ. A stratified split must still decide how to cut a film with $n$ ratings. `Splitters.Stratified` keeps $\operatorname{round}(0.75\,n)$ of them in training, rounding half to even as Python's `round` does, so a film with a single rating stays in training. Microsoft Recommenders' `python_stratified_split`, as their current code has it, shuffles each film's ratings, ranks them $1 \ldots n$ and puts a rating in training if and only if $\text{rank}/n \le 0.75$: it keeps the largest $k$ with $k/n \le 0.75$, so a film with a single rating ($1/1 > 0.75$) goes wholly to test. `Splitters.StratifiedLikeMsRecommenders` follows that rule. (Their splitter has changed over the years: earlier versions rounded each film's cut like `Splitters.Stratified`, and the numbers in their README's comparison table come from such a version — chapter 02 says what that means for comparing with it.) How many of a film's ratings each rule keeps in training:

// Ratings per film in each split's training part; every film with the same number of ratings is cut alike.
Split roundedRule = splits[1], msRule = splits[2];
int[] TrainRatingsPerItem(Split split)
{
    var counts = new int[data.ItemCount];
    foreach (Rating r in split.Train) counts[r.ItemIndex]++;
    return counts;
}
int[] keptByRounding = TrainRatingsPerItem(roundedRule), keptByMsRule = TrainRatingsPerItem(msRule);
int KeptFromFilmsOf(int[] kept, int n) =>
    Enumerable.Range(0, data.ItemCount).Where(i => ratingsPerItem[i] == n).Select(i => kept[i]).Distinct().Single();

int coldUnderMsRule = keptByMsRule.Count(k => k == 0), coldUnderRounding = keptByRounding.Count(k => k == 0);
Console.WriteLine($"test ratings: {msRule.Test.Length:N0} with the MS rule, {roundedRule.Test.Length:N0} with rounding " +
    $"({msRule.Test.Length - roundedRule.Test.Length:N0} more)");
Console.WriteLine($"films with no training rating: {coldUnderMsRule} with the MS rule, {coldUnderRounding} with rounding; " +
    $"films with a single rating: {ratingsPerItem.Count(c => c == 1)}");
Terminal.Show(Enumerable.Range(1, 10).Select(n => new
{
    RatingsOfFilm = n,
    Films = ratingsPerItem.Count(c => c == n),
    InTrainRounded = KeptFromFilmsOf(keptByRounding, n),
    InTrainMsRule = KeptFromFilmsOf(keptByMsRule, n),
}));

// Rounding to the nearest whole number keeps one rating more than the MS rule whenever $0.75\,n$ lies past a half (films of 1, 5 or 9 ratings) and, rounding half to even, for some exact halves (2 and 10); the MS rule always rounds down. Over the catalogue the MS rule puts 735 more ratings in test — 74,331 train and 25,669 test against 75,066 and 24,934 — and its test part holds 141 films with no rating in training: every film with a single rating, which no collaborative model can score.
//
// Neither rule is wrong, but they are different experiments. A number set beside Microsoft Recommenders' table must come from their rule, ratio, grouping and seed. Which ratings our split draws still differs from theirs, because NumPy's random-number generator is not .NET's; how many of each film's ratings go where does not, so the part sizes and the cold films are the same as theirs. Wherever a number in this series stands for their benchmark protocol, the split is `StratifiedLikeMsRecommenders`, and its description names the rule.

// ## 4. Metrics, worked by hand
//
// **Rating metrics.** For $n$ test ratings $r_k$ with predictions $\hat{r}_k$:
//
// $$\text{RMSE} = \sqrt{\frac{1}{n}\sum_k (\hat{r}_k - r_k)^2} \qquad \text{MAE} = \frac{1}{n}\sum_k |\hat{r}_k - r_k|$$
//
// RMSE punishes large errors more. Both are in stars.
//
// **Top-K metrics.** A user gets a ranked list; $\text{rel}_i = 1$ if the item at rank $i$ is relevant (in the user's test ratings), $R$ is the set of relevant items. Per user, the precision (精确率) P@K, the recall (召回率) R@K, their harmonic mean F1@K, NDCG@K and the average precision AP@K:
//
// $$\text{P@K} = \frac{1}{K}\sum_{i=1}^{K}\text{rel}_i \qquad \text{R@K} = \frac{1}{|R|}\sum_{i=1}^{K}\text{rel}_i \qquad \text{F1@K} = \frac{2\,\text{P@K}\,\text{R@K}}{\text{P@K} + \text{R@K}}$$
//
// $$\text{NDCG@K} = \frac{\sum_{i=1}^{K} \text{rel}_i / \log_2(i+1)}{\sum_{i=1}^{\min(|R|,K)} 1/\log_2(i+1)} \qquad \text{AP@K} = \frac{1}{\min(|R|, K)}\sum_{i=1}^{K} \text{rel}_i \,\text{P@}i$$
//
// HitRate@K is 1 if any relevant item is in the top $K$; the reciprocal rank (RR) is $1/\text{rank}$ of the first relevant item. AUC is the share of (relevant, non-relevant) pairs among the user's candidates that the scores put in the right order, a tie counting as half a pair. Each is averaged over users: MAP, MRR, mean AUC, and so on. Microsoft Recommenders' "MAP" divides by $|R|$ instead of $\min(|R|, K)$; the library reports both, as `map` and `map@K`.
//
// **An example.** The list is $[a, b, c, d, e]$ and the relevant items are $\{b, d, z\}$: hits at ranks 2 and 4, and $z$ was never recommended.
//
// - P@5 $= 2/5 = 0.4$; R@5 $= 2/3$; F1@5 $= 2 \cdot 0.4 \cdot \tfrac{2}{3} / (0.4 + \tfrac{2}{3}) = 0.5$
// - DCG $= 1/\log_2 3 + 1/\log_2 5 = 0.631 + 0.431 = 1.062$; the ideal list puts 3 hits first: IDCG $= 1 + 0.631 + 0.5 = 2.131$; NDCG@5 $= 0.498$
// - AP@5 $= (\tfrac{1}{2} + \tfrac{2}{4}) / \min(3, 5) = 0.333$; HR@5 $= 1$; RR $= 1/2$
//
// The library computes the same:

int[] ranked = { 1, 2, 3, 4, 5 };            // a=1, b=2, c=3, d=4, e=5
var relevant = new HashSet<int> { 2, 4, 99 }; // b, d and z=99
Terminal.Show(new[]
{
    new { Metric = "P@5", Value = RankingMetrics.PrecisionAtK(ranked, relevant, 5) },
    new { Metric = "R@5", Value = RankingMetrics.RecallAtK(ranked, relevant, 5) },
    new { Metric = "F1@5", Value = RankingMetrics.F1AtK(ranked, relevant, 5) },
    new { Metric = "NDCG@5", Value = RankingMetrics.NdcgAtK(ranked, relevant, 5) },
    new { Metric = "AP@5", Value = RankingMetrics.AveragePrecisionAtK(ranked, relevant, 5) },
    new { Metric = "HR@5", Value = RankingMetrics.HitAtK(ranked, relevant, 5) },
    new { Metric = "RR", Value = RankingMetrics.ReciprocalRank(ranked, relevant) },
}.Select(m => new { m.Metric, Value = Math.Round(m.Value, 3) }));

// **Beyond accuracy.** Accuracy alone rewards recommending the same blockbusters to everyone. Four more numbers describe a whole set of recommendation lists:
//
// - **catalog coverage (覆盖率)**: the share of the catalogue recommended to anyone;
// - **distributional coverage**: the entropy $-\sum_i p(i)\log_2 p(i)$ of how often each item is recommended — higher means recommendations spread over more items;
// - **novelty (新颖性)**: the mean of $-\log_2 \frac{\text{popularity}(i)}{|U|}$ over recommended items — recommending what few people know scores high;
// - **intra-list diversity**: within a list, the mean $1 - \cos(f_i, f_j)$ of item feature vectors.
//
// **Protocols.** A ranking metric is meaningless without saying *which items competed*. Under **full ranking** every film the user has not rated in training is a candidate (1,600-odd per user). Under **sampled ranking** the held-out film competes with only $N$ sampled films (99 in the NCF paper) — a far easier task with far higher numbers, which Krichene & Rendle (2020) showed can even reorder models. This series states the protocol beside every number.
//
// **Ties.** Two items with the same score still need an order, and that order is part of the protocol too. Most popular gives the same score to all films with the same number of ratings; a genre profile (chapter 01) to all films with the same genres. The library's protocols order equal scores at random, differently for each user and the same in every run (`TieBreak.Default`, seed 0), in full and in sampled ranking alike; AUC counts a tie as half a correct pair. Item-index order is available (`ties: TieBreak.ByIndex`), but on ML-100K it is not neutral: ids were given out roughly as films entered the site, and the first ones were films that were popular already. The same holds for splits by time: many users rated several films in the same second, and which of them counts as the "last" one is decided by the same seeded random order, not by id (`Splitters.LeaveLastOut` and `Splitters.Chronological` take `ties:` too).

// Mean number of ratings of the films in each quarter of the item indices: low ids are the popular films.
int quarter = (data.ItemCount + 3) / 4;
Terminal.Show(Enumerable.Range(0, 4).Select(q => ratingsPerItem.Skip(q * quarter).Take(quarter).ToArray()).Select((films, q) => new
{
    ItemIndices = $"{q * quarter}–{q * quarter + films.Length - 1}",
    MeanRatingsPerFilm = Math.Round(films.Average(), 1),
}));

// Ordered by index, every tie would quietly favour the popular films; chapter 01 measures how much that flatters a model.
//
// ## 5. The yardsticks
//
// Two ranking baselines: **random** scores, and **most popular** (every user gets the films with the most training ratings). First under the Microsoft Recommenders benchmark protocol — 75/25 split stratified by item with their cut rule (`StratifiedLikeMsRecommenders`), seed 42, full ranking of all items, items seen in training removed, every test item relevant, equal scores in random order, K = 10 — then under leave-last-out with 99 sampled negatives.

Split benchmarkSplit = Splitters.StratifiedLikeMsRecommenders(data.Ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed);
EvaluationResult random = Protocols.FullRanking("random", RankingBaselines.Random(data.ItemCount, seed), benchmarkSplit, data.ItemCount, topK);
EvaluationResult popular = Protocols.FullRanking("most popular", RankingBaselines.MostPopular(benchmarkSplit.Train, data.ItemCount), benchmarkSplit, data.ItemCount, topK);
Terminal.Show(EvaluationResult.Table(random, popular));

string[] shown = { $"hit@{topK}", $"precision@{topK}", $"recall@{topK}", $"ndcg@{topK}", "map" };   // tallest first: the legend sits top right
Terminal.Show(Chart.Bar("Random vs most popular, full ranking (ML-100K, 75/25 by item, MS rule, seed 42)", "metric", "value", shown,
    new Series("random", shown.Select(m => random[m]).ToArray()),
    new Series("most popular", shown.Select(m => popular[m]).ToArray())) with { Width = 900 });

// Recommending the most popular films is a bar that many published "improvements" barely clear:

Console.WriteLine($"Most popular finds on average {popular[$"precision@{topK}"] * topK:F1} of a user's {topK} recommendations among the user's test films; random finds {random[$"precision@{topK}"] * topK:F2}.");

// Does the cut rule change the result? The same baseline on the rounded rule's split, which is also "stratified by item 75/25, seed 42":

EvaluationResult popularRounded = Protocols.FullRanking("most popular, rounded rule",
    RankingBaselines.MostPopular(roundedRule.Train, data.ItemCount), roundedRule, data.ItemCount, topK);
Console.WriteLine($"most popular, NDCG@{topK}: {popular[$"ndcg@{topK}"]:F4} with the MS rule, {popularRounded[$"ndcg@{topK}"]:F4} with rounding");
Console.WriteLine($"most popular, precision@{topK}: {popular[$"precision@{topK}"]:F4} with the MS rule, {popularRounded[$"precision@{topK}"]:F4} with rounding");

// For this baseline hardly at all: the extra test ratings belong to rarely rated films, which most popular never recommends. A model that recommends rare films, or one that must skip the 141 cold ones, can be affected more. Either way, only the same rule makes the same experiment.

// Now the beyond-accuracy side of the same lists:

var popularity = new Interactions(data.UserCount, data.ItemCount, benchmarkSplit.Train).ItemCounts();
float[][] genreVectors = data.Items.Select(m => data.Genres.Select(g => m.Genres.Contains(g) ? 1f : 0f).ToArray()).ToArray();
Terminal.Show(new[] { random, popular }.Select(r => new
{
    Model = r.Model,
    CatalogCoverage = Math.Round(BeyondAccuracyMetrics.CatalogCoverage(r.Recommendations, data.ItemCount), 3),
    DistributionalCoverage = Math.Round(BeyondAccuracyMetrics.DistributionalCoverage(r.Recommendations), 2),
    Novelty = Math.Round(BeyondAccuracyMetrics.Novelty(r.Recommendations, popularity, data.UserCount), 2),
    GenreDiversity = Math.Round(BeyondAccuracyMetrics.IntraListDiversity(r.Recommendations, genreVectors), 3),
    AveragePopularity = Math.Round(BeyondAccuracyMetrics.AveragePopularity(r.Recommendations, popularity), 1),
}));

// Most popular recommends a few dozen films to all 943 users: low coverage, low novelty. Random covers everything and helps no one. Good models sit between.
//
// The same two baselines under **sampled ranking** (leave-last-out, the held-out film among 99 sampled films the user never rated, seed 42):

Split lastOut = Splitters.LeaveLastOut(data.Ratings, withValidation: false);
var candidates = EvaluationCandidates.Draw(lastOut.Test, new Interactions(data.UserCount, data.ItemCount, data.Ratings), negativeCount: 99, seed);
EvaluationResult randomSampled = Protocols.SampledRanking("random", RankingBaselines.Random(data.ItemCount, seed).ToPairScorer(data.ItemCount), candidates, topK);
EvaluationResult popularSampled = Protocols.SampledRanking("most popular", RankingBaselines.MostPopular(lastOut.Train, data.ItemCount).ToPairScorer(data.ItemCount), candidates, topK);
// The same held-out films ranked against every film the user has not rated: full ranking on the same split.
EvaluationResult randomLastOutFull = Protocols.FullRanking("random",
    RankingBaselines.Random(data.ItemCount, seed), lastOut, data.ItemCount, topK);
EvaluationResult popularLastOutFull = Protocols.FullRanking("most popular",
    RankingBaselines.MostPopular(lastOut.Train, data.ItemCount), lastOut, data.ItemCount, topK);
Console.WriteLine($"the same held-out films under full ranking: HR@{topK} random {randomLastOutFull[$"hit@{topK}"]:F4}, " +
    $"most popular {popularLastOutFull[$"hit@{topK}"]:F4}");
Terminal.Show(EvaluationResult.Table(randomSampled, popularSampled));

// Random's HR@10 is 0.1 in expectation (10 of 100 candidates); 0.0827 here, from one draw over 943 users. Ranked against every unseen film instead, the same held-out films come back far less often in the top 10: HR@10 0.0032 for random and 0.0827 for most popular, against 0.0827 and 0.4157 among 100 candidates. Neither number is wrong; they answer different questions, which is why the protocol travels with the number.
//
// Finally the **rating** yardsticks on the five official folds: the global mean $\mu$, and the bias baseline $\hat{r}_{ui} = \mu + b_u + b_i$, where $b_i$ is how much film $i$ is rated above average and $b_u$ how generous user $u$ is (both shrunk towards 0 for users and films with few ratings).

var ratingRows = new List<EvaluationResult>();
for (int fold = 1; fold <= 5; fold++)
{
    Split split = Splitters.OfficialFold(data, fold);
    ratingRows.Add(Protocols.Ratings($"global mean, u{fold}", BiasBaseline.GlobalMeanOnly(split.Train, data.UserCount, data.ItemCount).Predict, split.Test, split.Description));
    ratingRows.Add(Protocols.Ratings($"biases, u{fold}", BiasBaseline.Fit(split.Train, data.UserCount, data.ItemCount).Predict, split.Test, split.Description));
}
double meanRmse = ratingRows.Where(r => r.Model.StartsWith("global")).Average(r => r["rmse"]);
double biasRmse = ratingRows.Where(r => r.Model.StartsWith("biases")).Average(r => r["rmse"]);
double meanMae = ratingRows.Where(r => r.Model.StartsWith("global")).Average(r => r["mae"]);
double biasMae = ratingRows.Where(r => r.Model.StartsWith("biases")).Average(r => r["mae"]);
Console.WriteLine($"5-fold mean (ML-100K u1..u5): global mean RMSE {meanRmse:F4}, MAE {meanMae:F4}; biases RMSE {biasRmse:F4}, MAE {biasMae:F4}");
Terminal.Show(EvaluationResult.Table(ratingRows.ToArray()));

// ## 6. What goes wrong, and why
//
// - **Popularity is a strong baseline.** On MovieLens most test ratings are of popular films, so a model that merely learns popularity scores well. Every chapter reports most-popular beside its model.
// - **Sampled metrics flatter.** HR@10 among 100 candidates is far higher than among 1,682, and rankings of models under the two protocols need not agree. Compare numbers only under the same protocol, split and seed.
// - **One name, several protocols.** "Stratified 75/25 by item, seed 42" names two splits that differ by 735 test ratings and 141 cold films; the order of tied scores is part of the protocol too. Before setting a number beside a published one, copy the publisher's exact rule, ratio, grouping and seed, and say which rule you used.
// - **Test-set tuning leaks.** Choosing epochs or regularisation on the test part makes the test number a training number. Later chapters carve a validation part from the training part.
// - **The bias baseline is hard to beat for RMSE.** It already removes most of the variance that a "personalised" model can explain; chapter 02's matrix factorisation gains only a few hundredths of a star over it.
//
// ## 7. Exercises
//
// 1. Split with `Splitters.Random` instead of stratifying by item and count the cold test items. Why can no collaborative model score them?
// 2. Recompute the worked example by hand for K = 3, then check with `RankingMetrics`.
// 3. Evaluate most-popular under a chronological split (`Splitters.Chronological`, 80/20). Is it better or worse than under the stratified split? Why might that be?
// 4. Change the sampled protocol to 999 negatives. What happens to random's HR@10, and to most popular's?
// 5. Evaluate most popular with `ties: TieBreak.ByIndex` on the benchmark split. Does the number move? Which films tie under this baseline, and where in its ranking are they?
//
// ## References
//
// - F. M. Harper and J. A. Konstan. *The MovieLens Datasets: History and Context.* ACM TiiS 5(4), 2015.
// - W. Krichene and S. Rendle. *On Sampled Metrics for Item Recommendation.* KDD 2020.
// - Y. Koren. *Factor in the Neighbors: Scalable and Accurate Collaborative Filtering.* ACM TKDD 4(1), 2010 (the bias baseline).
// - Microsoft Recommenders, ML-100K benchmark notebook (`examples/06_benchmarks/movielens.ipynb`): the 75/25 stratified protocol; its split, `python_stratified_split` (`recommenders/datasets/python_splitters.py`), cuts by rank / n ≤ ratio.
// - X. He, L. Liao, H. Zhang, L. Nie, X. Hu, T.-S. Chua. *Neural Collaborative Filtering.* WWW 2017 (leave-one-out with 99 negatives).

// ## Recorded figures
//
// The notebook runner collects these into its results file; the tests check them.

Results.Record($"random.ndcg@{topK}", random[$"ndcg@{topK}"]);
Results.Record($"random.precision@{topK}", random[$"precision@{topK}"]);
Results.Record($"popular.ndcg@{topK}", popular[$"ndcg@{topK}"]);
Results.Record($"popular.precision@{topK}", popular[$"precision@{topK}"]);
Results.Record($"popular.recall@{topK}", popular[$"recall@{topK}"]);
Results.Record("popular.map", popular["map"]);
Results.Record($"random_sampled.hit@{topK}", randomSampled[$"hit@{topK}"]);
Results.Record($"popular_sampled.hit@{topK}", popularSampled[$"hit@{topK}"]);
Results.Record($"popular_sampled.ndcg@{topK}", popularSampled[$"ndcg@{topK}"]);
Results.Record("global_mean.rmse", meanRmse);
Results.Record("bias.rmse", biasRmse);
Results.Record("bias.mae", biasMae);
Terminal.Show(Results.Table());
