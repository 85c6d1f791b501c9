// notebooks/01-content-based-filtering.ipynb as a .NET 10 file-based app. Run it from the repository's folder:
//   dotnet run chapters/01-content-based-filtering.cs
// and add `-- --help` to list its options.
// Generated, do not edit: change the notebook, then run
//   dotnet run --project lib/NotebookRunner -- export notebooks/01-content-based-filtering.ipynb --to cs

// # 01 — Content-based filtering and user profiles
//
// **What you will learn**
//
// - how to describe a film as a vector: its genres, and the words of its title and plot weighted by TF-IDF — an item profile (物品画像);
// - how to describe a user as the weighted average of the films they liked — a user profile (用户画像);
// - how to recommend by cosine similarity between the two, and how to explain each recommendation;
// - where content-based filtering (内容过滤) wins — films nobody has rated yet, the item cold-start problem (物品冷启动) — and where it loses: accuracy against popularity, and over-specialisation (过度专业化), measured by diversity and novelty.
//
// The evaluation protocols, metrics and baselines are those of chapter 00.

#:package TorchSharp-cpu
#:package Microsoft.Data.Analysis
#:package XPlot.Plotly
#:package ScottPlot
#:project ../lib/RecSys/RecSys.csproj

using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Metrics;
using RecSys.Models;
using RecSys.Notebooks;
using RecSys.Plots;
using RecSys.Sampling;
using RecSys.Splitting;
using RecSys.Text;
using TorchSharp;
using static TorchSharp.torch;
// Imported by the notebook kernel itself, and the console display and command line of this app:
using System.Collections;
using System.Text;
using RecSys.Apps;

// The notebook's parameters: each is a command-line option with this default (e.g. --topK 5); --help lists them.
var commandLine = new CommandLineParameters(args);
var seed = commandLine.Get("seed", 42);
var topK = commandLine.Get("topK", 10);
var likedRating = commandLine.Get("likedRating", 4);                     // ratings at or above this count as "liked" when building user profiles
var minDocumentFrequency = commandLine.Get("minDocumentFrequency", 2);   // a word must appear in this many films to become a feature...
var maxDocumentShare = commandLine.Get("maxDocumentShare", 0.05);        // ...and in at most this share of them ("life", "young", "finds" describe nothing)
var textWeight = commandLine.Get("textWeight", 0.5);                     // α: how much the text similarity counts against the genre similarity
var coldItemShare = commandLine.Get("coldItemShare", 0.1);               // share of films held out entirely for the cold-start experiment
commandLine.Check();   // stops here for --help, an unknown option or a bad value

MovieLensDataset data = MovieLens100K.Load();
PlotDescriptions plots = PlotDescriptions.Load(data);
Console.WriteLine(data);
Console.WriteLine($"plot descriptions: {plots.Count} reliable of {plots.Entries} entries ({plots.Placeholders} placeholders and {plots.OtherFilm} about another title dropped)");

// ## 1. The idea
//
// Content-based filtering recommends films that resemble the ones a user liked. "Resemble" needs a description of every film as a vector $x_i$, its **item profile**, and a description of every user in the same space, the **user profile** $p_u$. Their agreement is the cosine similarity
//
// $$\cos(p_u, x_i) = \frac{p_u \cdot x_i}{\lVert p_u \rVert\,\lVert x_i \rVert}$$
//
// and the recommendations are the unseen films with the highest scores. Nothing here uses other users: a film gets a score as soon as it has a description.
//
// We describe films in two ways, by the words of their text and by their genres, and score with a weighted sum of the two similarities:
//
// $$\hat{s}(u, i) = \alpha \cos\!\big(p_u^{\text{text}}, x_i^{\text{text}}\big) + (1 - \alpha) \cos\!\big(p_u^{\text{genre}}, x_i^{\text{genre}}\big)$$
//
// Keeping the two apart matters: a single joined vector would let the dense genre part drown the sparse text part, and films with no text would look like perfect genre matches.
//
// ### Item profiles from text: TF-IDF
//
// A film's text (title and plot outline) becomes a bag of words. Not all words are equally telling: "alien" says more about a film than "story". TF-IDF (Salton & Buckley, 1988) weighs a word $t$ in the text $d$ of film $i$ by how often it occurs there and how rare it is across the $N$ films:
//
// $$w_{t,i} = \underbrace{\frac{n_{t,d}}{|d|}}_{\text{term frequency}} \cdot \underbrace{\left(\ln\frac{1 + N}{1 + \mathrm{df}(t)} + 1\right)}_{\text{inverse document frequency}}$$
//
// where $\mathrm{df}(t)$ is the number of films whose text contains $t$. The genre profile has 19 features, 1 if the film has the genre.
//
// ### User profiles
//
// A user's profile is the average of the profiles of the films they rated at least `likedRating` stars, weighted by the rating:
//
// $$p_u = \frac{\sum_{i \in L(u)} r_{ui}\, x_i}{\sum_{i \in L(u)} r_{ui}}, \qquad L(u) = \{ i : r_{ui} \ge \text{likedRating} \}$$

// ## 2. Item profiles
//
// First the vocabulary: every word that appears in the title or plot of at least `minDocumentFrequency` films (a word found in a single film cannot make two films alike) and of at most a share `maxDocumentShare` of them (a word found everywhere makes every film alike).

// Moved to the end of the file, where C# requires a program's types: class TfIdf.

// The text of each film: its title without the year, and its plot outline where a reliable one is known.
string TextOf(int item)
{
    string title = data.Items[item].Title;
    int year = title.LastIndexOf('(');
    return (year > 0 ? title[..year] : title) + " " + (plots[item] ?? "");
}
List<string>[] words = Enumerable.Range(0, data.ItemCount).Select(i => Tokenizer.Words(TextOf(i))).ToArray();

var tfidf = new TfIdf(words, minDocumentFrequency, maxDocumentShare);
string[] vocabulary = tfidf.Vocabulary;
Console.WriteLine($"{tfidf.DocumentFrequency.Count:N0} distinct words; {vocabulary.Length:N0} in {minDocumentFrequency} to {tfidf.MaxDocuments} films; too common: {string.Join(", ", tfidf.TooCommon.Take(12))}, …");

// Then the TF-IDF matrix, one row per film, and the genre matrix. Both become TorchSharp tensors: scoring every user against every film is then one matrix product per part.

int n = data.ItemCount;
var genreFlags = new float[n, data.Genres.Count];
for (int i = 0; i < n; i++)
    for (int g = 0; g < data.Genres.Count; g++)
        genreFlags[i, g] = data.Items[i].Genres.Contains(data.Genres[g]) ? 1f : 0f;

// Rows scaled to unit length (ContentBased.UnitRows, section 3): a dot product of unit rows is a cosine.
Tensor textProfiles = ContentBased.UnitRows(torch.tensor(tfidf.Weights));
Tensor genreProfiles = ContentBased.UnitRows(torch.tensor(genreFlags));
int filmsWithoutText = words.Count(w => !w.Any(tfidf.Vocabulary.Contains));
Console.WriteLine($"text profiles: {textProfiles.shape[0]} films × {textProfiles.shape[1]} words ({filmsWithoutText} films without a known word); genre profiles: {genreProfiles.shape[1]} genres");

// Which words describe a film best? The largest TF-IDF weights of a few well-known films. *Star Wars* has no plot outline (the scraped one belongs to another title and was dropped), so only its title speaks for it.

string[] famous = { "Star Wars (1977)", "Toy Story (1995)", "Fargo (1996)", "Lion King, The (1994)", "Alien (1979)" };
Terminal.Show(famous.Select(title =>
{
    int item = data.ItemIndexOf(title);
    float[] weights = textProfiles[item].data<float>().ToArray();
    var topWords = Enumerable.Range(0, weights.Length).Where(c => weights[c] > 0).OrderByDescending(c => weights[c]).Take(8).Select(c => vocabulary[c]);
    return new { Film = title, Genres = string.Join(", ", data.Items[item].Genres), HasPlot = plots[item] != null, TopWords = string.Join(", ", topWords) };
}));

// ## 3. User profiles and recommendations
//
// We use chapter 00's benchmark split: 75/25 stratified by item with Microsoft Recommenders' cut rule (`Splitters.StratifiedLikeMsRecommenders`), seed 42. Under that rule every film with a single rating goes wholly to test, so 141 test films have no training rating at all (the split's report below). User profiles are built from training ratings only. A `Scorer` — the delegate every evaluation protocol takes — returns each user's cosine similarity to every film.

// Moved to the end of the file, where C# requires a program's types: class ContentBased.

Split split = Splitters.StratifiedLikeMsRecommenders(data.Ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed);
Console.WriteLine(split.Report);

// This chapter's content scorer: the library's, with this chapter's users and "liked" threshold.
Scorer ContentScorer(IEnumerable<Rating> train, params (Tensor Items, double Weight)[] parts) =>
    ContentBased.Scorer(train, data.UserCount, likedRating, parts);

int usersWithoutLikes = split.Train.GroupBy(r => r.UserIndex).Count(g => g.All(r => r.Value < likedRating));
Console.WriteLine($"users who liked no film in training: {usersWithoutLikes} (an empty profile: every score is 0, and the tie order alone ranks their films)");

// Genres only, text only, and both (weight α = `textWeight` on text) against chapter 00's yardsticks, under the same protocol: full ranking of all films, seen removed, every test film relevant, equal scores in random order, K = 10.

EvaluationResult Evaluate(string name, params (Tensor Items, double Weight)[] parts) =>
    Protocols.FullRanking(name, ContentScorer(split.Train, parts), split, data.ItemCount, topK);

EvaluationResult genresOnly = Evaluate("content: genres", (genreProfiles, 1.0));
EvaluationResult textOnly = Evaluate("content: text", (textProfiles, 1.0));
EvaluationResult content = Evaluate("content: text + genres", (textProfiles, textWeight), (genreProfiles, 1 - textWeight));
EvaluationResult popular = Protocols.FullRanking("most popular", RankingBaselines.MostPopular(split.Train, data.ItemCount), split, data.ItemCount, topK);
EvaluationResult random = Protocols.FullRanking("random", RankingBaselines.Random(data.ItemCount, seed), split, data.ItemCount, topK);
Terminal.Show(EvaluationResult.Table(random, popular, genresOnly, textOnly, content));

string[] shown = { "auc", $"precision@{topK}", $"recall@{topK}", $"ndcg@{topK}", "map" };   // tallest first: the legend sits top right
EvaluationResult[] models = { random, popular, genresOnly, textOnly, content };
Terminal.Show(Chart.Bar("Content-based vs yardsticks, full ranking (ML-100K, 75/25 by item, MS rule, seed 42)", "metric", "value", shown,
    models.Select(m => new Series(m.Model, shown.Select(metric => m[metric]).ToArray())).ToArray()) with { Width = 900 });

// Read the result honestly: on this protocol, content-based filtering loses to plain popularity by a wide margin. The test films of a MovieLens user are mostly popular films, and popularity is exactly what a content profile ignores.
//
// **Ties are part of the protocol.** Many films have exactly the same genres, so a genre profile gives them exactly the same score, and a top 10 is often chosen among equal scores. The protocols order equal scores at random (seeded, differently for each user); chapter 00 showed that item-index order would not be neutral on ML-100K, because the lowest ids went to films that were already popular. Rank the same scores with `ties: TieBreak.ByIndex` to see what that order is worth:

// The same content scores, equal scores ranked by item index instead of at random.
EvaluationResult WithIndexTies(string name, params (Tensor Items, double Weight)[] parts) =>
    Protocols.FullRanking(name, ContentScorer(split.Train, parts), split, data.ItemCount, topK, ties: TieBreak.ByIndex);

EvaluationResult genresIndexTies = WithIndexTies("content: genres, ties by index", (genreProfiles, 1.0));
EvaluationResult contentIndexTies = WithIndexTies("content: text + genres, ties by index", (textProfiles, textWeight), (genreProfiles, 1 - textWeight));
Terminal.Show(EvaluationResult.Table(genresOnly, genresIndexTies, content, contentIndexTies));

// Ordered by item index, the same genre scores reach NDCG@10 0.0524 instead of 0.036, and genres alone would seem to beat text and genres together (0.0445). That gain comes from the tie rule, not from the genres: among films with equal genre scores, index order puts the low ids first, and those are the films that were popular already. The combined score gives the same numbers under both rules, because its text part rarely leaves two films exactly equal. With ties at random, genres alone are the weakest of the three; text alone and text with genres are about equal on NDCG@10 (0.0447 and 0.0445), and the combination orders the whole candidate list better (AUC 0.5815 against 0.5434).
//
// ## 4. Where content wins: films nobody has rated
//
// Now hide a share of the catalogue completely: every rating of those films leaves the training data, as if they were added to the site today. A collaborative model — or popularity — knows nothing about them. Content-based filtering only needs their descriptions. The training data is the benchmark split's training part without the cold films; the test data is every rating of the cold films, from both parts. Each user ranks only the cold films, and the relevant ones are the cold films the user actually rated.

var shuffle = new Random(seed);
var coldItems = Enumerable.Range(0, data.ItemCount).OrderBy(_ => shuffle.Next()).Take((int)(coldItemShare * data.ItemCount)).ToHashSet();
Rating[] warmTrain = split.Train.Where(r => !coldItems.Contains(r.ItemIndex)).ToArray();
Rating[] coldTest = data.Ratings.Where(r => coldItems.Contains(r.ItemIndex)).ToArray();
string coldProtocol = $"cold-item ranking: {coldItems.Count} films with no training rating, all of their ratings as test, K={topK}, seed {seed}";
Console.WriteLine($"{coldItems.Count} cold films with {coldTest.Length:N0} ratings by {coldTest.Select(r => r.UserIndex).Distinct().Count()} users");

EvaluationResult Cold(string name, Scorer scorer) =>
    Protocols.FullRanking(name, scorer, warmTrain, coldTest, data.ItemCount, topK, coldProtocol, candidates: coldItems);

EvaluationResult contentCold = Cold("content: text + genres", ContentScorer(warmTrain, (textProfiles, textWeight), (genreProfiles, 1 - textWeight)));
EvaluationResult popularCold = Cold("most popular", RankingBaselines.MostPopular(warmTrain, data.ItemCount));
EvaluationResult randomCold = Cold("random", RankingBaselines.Random(data.ItemCount, seed));
Terminal.Show(EvaluationResult.Table(randomCold, popularCold, contentCold));

// Popularity has no counts for films nobody rated: every cold film scores 0, so most popular's list is just the random order of the tie-break — a random recommender with another seed. Its NDCG@10 of 0.0633 against random's 0.0676 is the difference between two random orders, not a finding, and its AUC is exactly 0.5 because every pair ties. Content-based filtering ranks the cold films using nothing but their descriptions and beats both on NDCG@10 (0.1096). This is its lasting role: the first recommender a new item meets.
//
// ## 5. Where content loses: over-specialisation
//
// A content profile recommends more of what the user already had. Chapter 00's beyond-accuracy metrics make that measurable on the benchmark split. *Genre diversity* is the intra-list diversity over genre vectors: how different the genres within one list are.

int[] popularity = new Interactions(data.UserCount, data.ItemCount, split.Train).ItemCounts();
float[][] genreVectors = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, data.Genres.Count).Select(g => genreFlags[i, g]).ToArray()).ToArray();
var beyond = new[] { random, popular, content }.Select(r => new
{
    Model = r.Model,
    CatalogCoverage = Math.Round(BeyondAccuracyMetrics.CatalogCoverage(r.Recommendations, data.ItemCount), 3),
    Novelty = Math.Round(BeyondAccuracyMetrics.Novelty(r.Recommendations, popularity, data.UserCount), 2),
    GenreDiversity = Math.Round(BeyondAccuracyMetrics.IntraListDiversity(r.Recommendations, genreVectors), 3),
    AveragePopularity = Math.Round(BeyondAccuracyMetrics.AveragePopularity(r.Recommendations, popularity), 1),
}).ToArray();
Terminal.Show(beyond);

// Content-based lists reach far more of the catalogue and far less popular films than most-popular does (higher coverage and novelty), but within one list the films are much more alike: the genre diversity drops well below the other two. The user who liked three westerns gets ten more westerns. Nothing in the model can surprise the user with something they did not know they would like — that is what collaborative filtering, in chapter 02, adds.
//
// ## 6. Explaining a recommendation
//
// Because every score is a sum of products of named features, each recommendation can be explained: which of the user's liked films it resembles most (by the same weighted similarity), and which words and genres contributed most to the score (the largest terms of $\alpha\, p_u^{\text{text}} \odot x_i^{\text{text}}$ and $(1-\alpha)\, p_u^{\text{genre}} \odot x_i^{\text{genre}}$, all scaled to unit length).

Scorer scorer = ContentScorer(split.Train, (textProfiles, textWeight), (genreProfiles, 1 - textWeight));
int user = content.Recommendations.Keys.First(u => split.Train.Count(r => r.UserIndex == u && r.Value >= likedRating) >= 20);
int[] liked = split.Train.Where(r => r.UserIndex == user && r.Value >= likedRating).Select(r => r.ItemIndex).ToArray();
Console.WriteLine($"user {data.UserIds.ToId(user)} liked {liked.Length} films in training, e.g. {string.Join("; ", liked.Take(4).Select(data.Title))}");

// Each named feature's share of the score: α·p_u[f]·x_i[f] for words, (1-α)·p_u[g]·x_i[g] for genres (unit rows).
float[] UnitProfile(Tensor items) => ContentBased.UnitRows(ContentBased.UserProfiles(split.Train, items, data.UserCount, likedRating)[user].unsqueeze(0))[0].data<float>().ToArray();
float[] textUser = UnitProfile(textProfiles), genreUser = UnitProfile(genreProfiles);
IEnumerable<(string Name, double Share)> Contributions(int item)
{
    float[] text = textProfiles[item].data<float>().ToArray(), genres = genreProfiles[item].data<float>().ToArray();
    return Enumerable.Range(0, text.Length).Select(f => (vocabulary[f], textWeight * textUser[f] * text[f]))
        .Concat(Enumerable.Range(0, genres.Length).Select(g => ($"[{data.Genres[g]}]", (1 - textWeight) * genreUser[g] * genres[g])));
}
// How alike two films are, by the same weighted similarity.
double Similarity(int a, int b) =>
    textWeight * textProfiles[a].dot(textProfiles[b]).item<float>() + (1 - textWeight) * genreProfiles[a].dot(genreProfiles[b]).item<float>();

float[] userScores = scorer(new[] { user });
Terminal.Show(content.Recommendations[user].Take(5).Select(item => new
{
    Recommended = data.Title(item),
    Score = Math.Round(userScores[item], 3),
    BecauseYouLiked = string.Join("; ", liked.OrderByDescending(j => Similarity(item, j)).Take(2).Select(j => $"{data.Title(j)} ({Similarity(item, j):F2})")),
    SharedFeatures = string.Join(", ", Contributions(item).OrderByDescending(c => c.Share).Take(5).Select(c => c.Name)),
}));

// ## 7. What goes wrong, and why
//
// - **Popularity beats it on accuracy.** Full-ranking metrics on MovieLens reward recommending what everyone watches; a content profile does not know what everyone watches. A hybrid adds a popularity or collaborative signal — chapter 02 and the cold-start chapter.
// - **Over-specialisation.** Lists are homogeneous (low genre diversity) and never leave the user's known tastes.
// - **Coarse scores tie.** Genres alone give many films exactly the same score, so the order of equal scores decides much of a top 10; ordered by item index, it made genres alone look better than text and genres together. Break ties at random, and say so beside the number.
// - **Text quality decides.** About 13% of films have no reliable plot text (missing, a placeholder, or scraped from the wrong title), so their text profile is their title alone. Bad text is worse than none: that is why the loader drops plots whose year does not match.
// - **Users with no liked film** get an empty profile and arbitrary recommendations — the user cold-start problem (用户冷启动), which content on items cannot solve.
//
// ## 8. Exercises
//
// 1. Change `textWeight` between 0 and 1. Which value maximises NDCG@10 — and on which data should you choose it, to avoid tuning on the test part?
// 2. Build user profiles with weights $r_{ui} - \bar{r}_u$ over *all* rated films, so films the user disliked push the profile away. Does NDCG improve?
// 3. Replace TF-IDF with plain word counts (`termFrequency` only). What happens to the explanations?
// 4. Join the two profiles into one vector (`torch.cat(new[] { textProfiles, genreProfiles }, 1)`) and score with a single cosine. Look at the top recommendations: why do films without a plot rise to the top?
// 5. A simple hybrid: score $= \cos(p_u, x_i) + \beta \cdot \text{popularity}(i)/\max \text{popularity}$. Plot NDCG@10 and catalog coverage against $\beta$.
//
// ## References
//
// - M. J. Pazzani and D. Billsus. *Content-Based Recommendation Systems.* In *The Adaptive Web*, LNCS 4321, Springer, 2007.
// - P. Lops, M. de Gemmis, G. Semeraro. *Content-based Recommender Systems: State of the Art and Trends.* In *Recommender Systems Handbook*, Springer, 2011.
// - G. Salton and C. Buckley. *Term-weighting approaches in automatic text retrieval.* Information Processing & Management 24(5), 1988.
// - A. I. Schein, A. Popescul, L. H. Ungar, D. M. Pennock. *Methods and Metrics for Cold-Start Recommendations.* SIGIR 2002.

// ## Recorded figures

Results.Record($"content_genres.ndcg@{topK}", genresOnly[$"ndcg@{topK}"]);
Results.Record($"content_genres_index_ties.ndcg@{topK}", genresIndexTies[$"ndcg@{topK}"]);
Results.Record($"content_text.ndcg@{topK}", textOnly[$"ndcg@{topK}"]);
Results.Record($"content.ndcg@{topK}", content[$"ndcg@{topK}"]);
Results.Record($"content.precision@{topK}", content[$"precision@{topK}"]);
Results.Record($"content.recall@{topK}", content[$"recall@{topK}"]);
Results.Record("content.map", content["map"]);
Results.Record($"popular.ndcg@{topK}", popular[$"ndcg@{topK}"]);
Results.Record($"content_cold.ndcg@{topK}", contentCold[$"ndcg@{topK}"]);
Results.Record($"popular_cold.ndcg@{topK}", popularCold[$"ndcg@{topK}"]);
Results.Record($"random_cold.ndcg@{topK}", randomCold[$"ndcg@{topK}"]);
Results.Record("content.catalog_coverage", beyond[2].CatalogCoverage);
Results.Record("content.novelty", beyond[2].Novelty);
Results.Record("content.genre_diversity", beyond[2].GenreDiversity);
Results.Record("popular.genre_diversity", beyond[1].GenreDiversity);
Terminal.Show(Results.Table());

// The types the notebook's cells declare, moved here from their cells (each left a note where it stood).

// @save lib/RecSys/Text/TfIdf.cs
/// <summary>
/// TF-IDF item profiles (Salton &amp; Buckley 1988) over tokenised texts, one per film: the vocabulary is every word
/// found in at least <c>minDocumentFrequency</c> texts and in at most a share <c>maxDocumentShare</c> of them, and
/// w[t, i] = (n_t,i / |d_i|) · (ln((1 + N) / (1 + df(t))) + 1).
/// </summary>
public sealed class TfIdf
{
    /// <summary>In how many texts each word occurs (every word, before the vocabulary's limits).</summary>
    public IReadOnlyDictionary<string, int> DocumentFrequency { get; }
    /// <summary>The words kept as features, in the current culture's sort order (<c>Order()</c>; <see cref="RecSys.Text.Vocabulary"/> sorts ordinally): column c of <see cref="Weights"/> is Vocabulary[c].</summary>
    public string[] Vocabulary { get; }
    /// <summary>The largest number of texts a kept word may occur in.</summary>
    public int MaxDocuments { get; }
    /// <summary>The words dropped as too common, most frequent first.</summary>
    public string[] TooCommon { get; }
    /// <summary>One row per text, one column per vocabulary word.</summary>
    public float[,] Weights { get; }

    public TfIdf(IReadOnlyList<IReadOnlyList<string>> texts, int minDocumentFrequency, double maxDocumentShare)
    {
        if (texts.Count == 0) throw new ArgumentException("TF-IDF needs at least one text.", nameof(texts));
        var documentFrequency = new Dictionary<string, int>();
        foreach (IReadOnlyList<string> text in texts)
            foreach (string word in text.Distinct())
                documentFrequency[word] = documentFrequency.GetValueOrDefault(word) + 1;
        DocumentFrequency = documentFrequency;

        int n = texts.Count;
        MaxDocuments = (int)(maxDocumentShare * n);
        Vocabulary = documentFrequency.Where(w => w.Value >= minDocumentFrequency && w.Value <= MaxDocuments).Select(w => w.Key).Order().ToArray();
        TooCommon = documentFrequency.Where(w => w.Value > MaxDocuments).OrderByDescending(w => w.Value).Select(w => w.Key).ToArray();
        var column = Vocabulary.Select((word, index) => (word, index)).ToDictionary(p => p.word, p => p.index);

        Weights = new float[n, Vocabulary.Length];
        for (int i = 0; i < n; i++)
        {
            foreach (var occurrences in texts[i].Where(column.ContainsKey).GroupBy(w => w))
            {
                double termFrequency = (double)occurrences.Count() / texts[i].Count;
                double inverseDocumentFrequency = Math.Log((1.0 + n) / (1.0 + documentFrequency[occurrences.Key])) + 1;
                Weights[i, column[occurrences.Key]] = (float)(termFrequency * inverseDocumentFrequency);
            }
        }
    }
}

// @save lib/RecSys/Models/ContentBased.cs
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
