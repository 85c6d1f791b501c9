// notebooks/06-recurrent-sequences.ipynb as a .NET 10 file-based app. Run it from the repository's folder:
//   dotnet run chapters/06-recurrent-sequences.cs
// and add `-- --help` to list its options.
// Generated, do not edit: change the notebook, then run
//   dotnet run --project lib/NotebookRunner -- export notebooks/06-recurrent-sequences.ipynb --to cs

// # 06 — Recurrent networks over what a user did, in order: GRU4Rec and LSTM
//
// **What you will learn**
//
// - why the order of a user's films carries information, measured on ML-100K: the film a user rates next is closer (in genre) to the one just before it than to an earlier one;
// - the recurrent neural network (RNN) unrolled over a sequence, backpropagation through time (BPTT) and the vanishing gradient — seen in numbers, not only in equations;
// - the gates of the gated recurrent unit (GRU) and of long short-term memory (LSTM), and how they let a gradient travel further back;
// - GRU4Rec (Hidasi et al. 2016) in TorchSharp — item embedding → GRU → a score for every film — trained on next-item prediction at every position with cross-entropy over all films, and its LSTM variant;
// - the sequential protocol that chapter 07 (self-attention) reuses: leave-last-out per user, **full ranking** over all films and **sampled ranking** against 100 random films, side by side, and why the two disagree so much;
// - three baselines in the same table: popularity, "films that follow the last film", and chapter 02's BPR-MF.
//
// This is session-based recommendation in its simplest form: instead of a set of ratings per user, a sequence, and the question "what comes next?".

#:package TorchSharp-cpu
#:package Microsoft.Data.Analysis
#:package XPlot.Plotly
#:package ScottPlot
#:project ../lib/RecSys/RecSys.csproj

using System.Diagnostics;
using System.Globalization;
using System.IO;
using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Models;
using RecSys.Notebooks;
using RecSys.Plots;
using RecSys.Sampling;
using RecSys.Sequences;
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
var negatives = commandLine.Get("negatives", 100);                           // sampled protocol: the held-out film among this many films the user never rated
var candidateSeed = seed + 1;    // the sampled protocol's draw: a stream apart from BPR-MF's training negatives (drawn with seed)
// GRU4Rec and the LSTM variant; the learning rate (Adam) and the hidden size are chosen on the validation films in section 4
var embeddingSize = commandLine.Get("embeddingSize", 64);
var dropout = commandLine.Get("dropout", 0.2);
var maxLength = commandLine.Get("maxLength", 100);                           // the most recent films a model reads
var batchSize = commandLine.Get("batchSize", 64);                            // users per batch
var searchRates = commandLine.Get("searchRates", "0.002,0.005,0.01");        // learning rates tried (at the middle hidden size)
var searchHiddenSizes = commandLine.Get("searchHiddenSizes", "32,64,128");   // hidden sizes tried (at the best learning rate)
var searchEpochs = commandLine.Get("searchEpochs", 4);                       // at most, per search run, to fit the chapter's time budget
var rnnEpochs = commandLine.Get("rnnEpochs", 16);                            // at most, per final run, to fit the chapter's time budget (section 10: a longer run)
var patience = commandLine.Get("patience", 3);                               // epochs without a better validation NDCG@10 before a run stops
// BPR-MF with chapter 02's settings; λ (from bprLambdas) and its epochs (at most bprEpochs) are chosen on this protocol's validation films
var bprFactors = commandLine.Get("bprFactors", 256);
var bprLambdas = commandLine.Get("bprLambdas", "0.005,0.01,0.02");
var bprEpochs = commandLine.Get("bprEpochs", 30);
var bprPatience = commandLine.Get("bprPatience", 5);
// Section 1: how far back the genre overlap is measured
var maxLag = commandLine.Get("maxLag", 30);
commandLine.Check();   // stops here for --help, an unknown option or a bad value

MovieLensDataset data = MovieLens100K.Load();
// A GPU build of TorchSharp (TorchSharp-cuda-*) runs the same cells on the GPU; this package runs on the CPU.
Device device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;
var chapterClock = Stopwatch.StartNew();
// Each user's ratings in time order, every rating an interaction: last film → test, the one before → validation.
UserSequences sequences = UserSequences.LeaveLastOut(data.Ratings, data.UserCount, data.ItemCount);
Console.WriteLine(data);
Console.WriteLine(sequences.Split.Report);
Console.WriteLine(sequences);

// ## 1. Why order matters, on the data
//
// Chapters 02 and 03 saw each user as a *set* of films. Here the same ratings become a sequence per user, ordered by timestamp (ties by a seeded key, as in every split of the series). If order carried no information, the film a user rates next would be as much like a film rated long ago as like the one rated just before.
//
// A simple, computed check: the **genre overlap** of two films, shared genres over all genres of either (the Jaccard index of their genre sets). For every training film with at least two films before it, compare its overlap with the film just before it and with a random earlier film (seeded); then the mean overlap with the film $k$ steps back, for $k = 1 \dots$ `maxLag`.

// Genre overlap of two films: shared genres over the genres of either (Jaccard); 0 when neither has a genre.
double GenreOverlap(int a, int b)
{
    IReadOnlyList<string> genresA = data.Items[a].Genres, genresB = data.Items[b].Genres;
    int either = genresA.Union(genresB).Count();
    return either == 0 ? 0 : (double)genresA.Intersect(genresB).Count() / either;
}

var overlapSumByLag = new double[maxLag];
var pairsByLag = new int[maxLag];
var earlierPicks = new Random(seed);
double overlapWithLast = 0, overlapWithEarlier = 0;
int filmsCompared = 0;
for (int user = 0; user < sequences.UserCount; user++)
{
    IReadOnlyList<int> films = sequences.TrainingItems(user);
    for (int i = 2; i < films.Count; i++)
    {
        overlapWithLast += GenreOverlap(films[i], films[i - 1]);
        overlapWithEarlier += GenreOverlap(films[i], films[earlierPicks.Next(0, i - 1)]);   // any film before the last one
        filmsCompared++;
        for (int lag = 1; lag <= Math.Min(maxLag, i); lag++)
        {
            overlapSumByLag[lag - 1] += GenreOverlap(films[i], films[i - lag]);
            pairsByLag[lag - 1]++;
        }
    }
}
double[] overlapByLag = overlapSumByLag.Zip(pairsByLag, (sum, count) => sum / count).ToArray();
// MovieLens users often rated many films in the same second (at sign-up): within such a burst the order is the seeded tie-break, not the user's.
int consecutivePairs = sequences.Split.Train.GroupBy(r => r.UserIndex).Sum(g => g.Count() - 1);
int sameSecondPairs = sequences.Split.Train.GroupBy(r => (r.UserIndex, r.Timestamp)).Sum(g => g.Count() - 1);
Console.WriteLine($"{filmsCompared:N0} training films with two or more films before them:");
Console.WriteLine($"  mean genre overlap with the film just before: {overlapWithLast / filmsCompared:F3}");
Console.WriteLine($"  mean genre overlap with a random earlier film: {overlapWithEarlier / filmsCompared:F3}");
Console.WriteLine($"consecutive training pairs rated in the same second: {sameSecondPairs:N0} of {consecutivePairs:N0} ({(double)sameSecondPairs / consecutivePairs:P0})");

Terminal.Show(Chart.Line($"Genre overlap (Jaccard) of a training film with the film k steps before it (ML-100K, {filmsCompared:N0} films)", "k (films back)", "mean genre overlap",
    new Series("film k steps back", pairsByLag.Select((_, i) => (double)i + 1).ToArray(), overlapByLag),
    new Series("a random earlier film (k ≥ 2)", new[] { 1.0, maxLag }, new[] { overlapWithEarlier / filmsCompared, overlapWithEarlier / filmsCompared })));

// The overlap is highest with the film just before, falls almost steadily for about 20 steps, then flattens near the random-film level: what a user rates next is most like what they rated last. The effect is modest in genre terms, and part of it comes from how MovieLens was collected — users rated films page by page, often many in the same second — but it is the signal every model in this chapter and the next is built to use. A model over the *set* of a user's films weighs the film rated yesterday and the one rated a year ago alike; a sequence model can weigh the recent ones more.

// ## 2. The recurrence, unrolled
//
// A recurrent neural network (循环神经网络, RNN) reads a sequence one element at a time and keeps a **state** $h_t$, a vector that summarises what it has read so far. At step $t$ it combines the state with the new input $x_t$ (here: the embedding of the $t$-th film) — with the *same* weights at every step:
//
// $$h_t = \tanh\big(W x_t + U h_{t-1} + b\big), \qquad h_0 = 0, \qquad \hat y_t = V h_t + c .$$
//
// $\hat y_t$ is a vector with a score for every film as the one that comes after the $t$-th. Written out for a sequence of three films, the loop becomes an ordinary feed-forward network, one copy of the cell per step, all copies sharing $W$, $U$, $b$:
//
// ```
//  film₁      film₂      film₃
//    │          │          │
//  [emb]      [emb]      [emb]
//    │ x₁       │ x₂       │ x₃
//    ▼          ▼          ▼
//  ┌────┐ h₁  ┌────┐ h₂  ┌────┐ h₃
//  │cell│────▶│cell│────▶│cell│────▶ …
//  └────┘     └────┘     └────┘
//    │          │          │
//    ▼ ŷ₁       ▼ ŷ₂       ▼ ŷ₃       (scores over all films: predict film₂, film₃, film₄)
// ```
//
// **Backpropagation through time (随时间反向传播, BPTT)** is chapter 03's backpropagation applied to this unrolled network. Because the weights are shared, a weight's gradient is the sum of its gradients at every step, and the error at step $T$ reaches the state at an earlier step $t$ through every step in between:
//
// $$\frac{\partial h_T}{\partial h_t} = J_T\, J_{T-1} \cdots J_{t+1}, \qquad J_k = \frac{\partial h_k}{\partial h_{k-1}} = \operatorname{diag}\big(1 - h_k^2\big)\, U .$$
//
// A product of $T - t$ matrices, the latest step's on the left. When their norms are below 1 — $\tanh' \le 1$ and a $U$ of moderate size make that the usual case — the product shrinks geometrically with the distance: the **vanishing gradient (梯度消失)**. The error at the end then hardly changes what the network does with a film read 30 steps earlier, and the network learns short memories only. (Norms above 1 make it explode instead; clipping the gradient's norm is the usual cure for that one.)
//
// ### Gates: let the state pass through unchanged
//
// The gated recurrent unit (门控循环单元, GRU; Cho et al. 2014) adds two **gates**, vectors of numbers between 0 and 1 computed from the input and the state, that decide element by element what to keep ($\sigma$ is the logistic sigmoid, $\odot$ the element-wise product; the form is PyTorch's and TorchSharp's):
//
// $$
// \begin{aligned}
// r_t &= \sigma(W_r x_t + U_r h_{t-1} + b_r) && \text{reset gate: how much of the old state the candidate sees}\\
// z_t &= \sigma(W_z x_t + U_z h_{t-1} + b_z) && \text{update gate: how much of the old state to keep}\\
// \tilde h_t &= \tanh\big(W_h x_t + r_t \odot (U_h h_{t-1} + b'_h) + b_h\big) && \text{candidate state}\\
// h_t &= (1 - z_t) \odot \tilde h_t + z_t \odot h_{t-1} .
// \end{aligned}
// $$
//
// Where $z_t$ is close to 1, $h_t \approx h_{t-1}$: the state is copied, and so is the gradient — $\partial h_t / \partial h_{t-1}$ is close to the identity on those elements instead of a squashing $\operatorname{diag}(1 - h^2)\,U$. The network *learns* where to keep its memory.
//
// Long short-term memory (长短期记忆网络, LSTM; Hochreiter & Schmidhuber 1997), the older design, keeps a separate **cell state** $c_t$ behind three gates:
//
// $$
// \begin{aligned}
// i_t &= \sigma(W_i x_t + U_i h_{t-1} + b_i), \quad f_t = \sigma(W_f x_t + U_f h_{t-1} + b_f), \quad o_t = \sigma(W_o x_t + U_o h_{t-1} + b_o)\\
// g_t &= \tanh(W_g x_t + U_g h_{t-1} + b_g)\\
// c_t &= f_t \odot c_{t-1} + i_t \odot g_t, \qquad h_t = o_t \odot \tanh(c_t) .
// \end{aligned}
// $$
//
// The cell state is updated by addition, scaled by the forget gate $f_t$: along $c$, $\partial c_t / \partial c_{t-1} = \operatorname{diag}(f_t)$, with no squashing and no weight matrix. The GRU merges the LSTM's input and forget gates into one update gate and drops the separate cell: three weight blocks to the LSTM's four, for the same sizes, and often the same accuracy.
//
// ### The vanishing gradient, measured
//
// How strongly does the state after the 50th step depend on the input at each step? Below, $\lVert \partial h_{50} / \partial x_t \rVert$ for a plain tanh RNN and a GRU, freshly initialised (random weights, seeded), on one random input sequence; and for the same GRU with its update gate's bias raised by 3, so that $z_t \approx 0.95$: a GRU that has learned to remember.

int demoSteps = 50, demoInputSize = 16, demoHiddenSize = 32;

// ‖∂h_T/∂x_t‖ for every step t: how much the last state depends on each input.
double[] GradientByStep(Func<Tensor, Tensor> statesOf)
{
    using var scope = torch.NewDisposeScope();
    torch.random.manual_seed(seed);
    Tensor inputs = torch.randn(1, demoSteps, demoInputSize).requires_grad_(true);
    statesOf(inputs)[0, demoSteps - 1].sum().backward();
    return inputs.grad![0].pow(2).sum(1).sqrt().data<float>().Select(g => (double)g).ToArray();
}

torch.random.manual_seed(seed);
var plainRnn = nn.RNN(demoInputSize, demoHiddenSize, batchFirst: true);
var freshGru = nn.GRU(demoInputSize, demoHiddenSize, batchFirst: true);
var rememberingGru = nn.GRU(demoInputSize, demoHiddenSize, batchFirst: true);
using (torch.no_grad())
{
    // TorchSharp stacks the GRU's biases as [reset | update | candidate]: raise the update gate's part.
    Tensor hiddenBias = rememberingGru.named_parameters().Single(p => p.name == "bias_hh_l0").parameter;
    hiddenBias[TensorIndex.Slice(demoHiddenSize, 2 * demoHiddenSize)].add_(3.0);
}
double[] stepNumbers = Enumerable.Range(1, demoSteps).Select(t => (double)t).ToArray();
double[] rnnGradients = GradientByStep(x => plainRnn.forward(x, null).Item1);
double[] gruGradients = GradientByStep(x => freshGru.forward(x, null).Item1);
double[] rememberingGradients = GradientByStep(x => rememberingGru.forward(x, null).Item1);
Console.WriteLine($"‖∂h₅₀/∂x₁‖ relative to ‖∂h₅₀/∂x₅₀‖: plain RNN {rnnGradients[0] / rnnGradients[^1]:E1}, " +
                  $"GRU {gruGradients[0] / gruGradients[^1]:E1}, GRU with update gate ≈ 0.95 {rememberingGradients[0] / rememberingGradients[^1]:E1}");
Terminal.Show(Chart.Line($"How much the state after step {demoSteps} depends on the input at step t (random weights, seed {seed})", "step t", "‖∂h₅₀ / ∂xₜ‖ (log scale)",
    new Series("plain tanh RNN", stepNumbers, rnnGradients),
    new Series("GRU, fresh", stepNumbers, gruGradients),
    new Series("GRU, update gate ≈ 0.95", stepNumbers, rememberingGradients)) with { LogY = true });

// On a log scale a geometric decay is a straight line. The plain RNN's dependence on early inputs falls by orders of magnitude over 50 steps; the fresh GRU's update gate sits near 0.5, so it too forgets geometrically, if more slowly; the GRU whose update gate is near 1 still feels its first input. Training moves the gates to where the data needs memory — that is what the gates are for.

// ## 3. GRU4Rec in TorchSharp
//
// GRU4Rec (Hidasi et al. 2016) was the first recurrent recommender that worked at scale, built for session-based recommendation (会话推荐): predict the next click of an anonymous session from the clicks so far. Here a user's whole rating history plays the part of the session. The model is three layers:
//
// 1. an **item embedding**: film → a vector of `embeddingSize` numbers (one extra row for the padding index, kept at zero);
// 2. a **GRU** that reads the embeddings in order and gives a state of `hiddenSize` numbers after each film;
// 3. a **linear output layer** that turns each state into a score for every film as the next one.
//
// It is trained on **next-item prediction at every position**: user $u$'s training films $i_1 \dots i_{n_u}$ become inputs $i_1 \dots i_{n_u - 1}$ and targets $i_2 \dots i_{n_u}$. After reading $i_1 \dots i_t$ the model gives scores $\hat y_t$, one per film, and the loss is the cross-entropy of each position's scores against the film that actually came next,
//
// $$\mathcal{L} = -\frac{1}{\sum_u (n_u - 1)} \sum_{u} \sum_{t=1}^{n_u - 1} \log \frac{\exp \hat y_t[i_{t+1}]}{\sum_{j} \exp \hat y_t[j]},$$
//
// a softmax over all 1,682 films — affordable on ML-100K. (The paper, built for millions of items, used ranking losses over the other films in the batch; its authors' later code and RecBole also offer the full softmax, which is what this chapter uses.)
//
// Users have different numbers of films, so a batch is **padded** on the right with the padding index (`sequences.PaddingIndex`, one past the last film) and carries a **mask** of the real positions. Padding must never reach the loss, the state of a real position or a metric: the GRU reads left to right, so padding after a user's last film cannot change the states before it, and the loss takes only the masked positions. Two users, one with three training films and one with two:

SequenceBatch tinyBatch = SequenceBatch.Pad(new[] { new[] { 10, 11 }, new[] { 20 } }, new[] { new[] { 11, 12 }, new[] { 21 } }, sequences.PaddingIndex);
Console.WriteLine($"inputs:  {string.Join(" | ", Enumerable.Range(0, 2).Select(row => string.Join(" ", tinyBatch.Items[row].data<long>().ToArray())))}");
Console.WriteLine($"targets: {string.Join(" | ", Enumerable.Range(0, 2).Select(row => string.Join(" ", tinyBatch.Targets![row].data<long>().ToArray())))}");
Console.WriteLine($"mask:    {string.Join(" | ", Enumerable.Range(0, 2).Select(row => string.Join(" ", tinyBatch.Mask[row].data<bool>().ToArray())))}");

// The model, in two parts. What GRU4Rec and its LSTM variant share — the film embeddings, the output layer, and a `forward` that embeds the films and hands them to the recurrent layer — is one abstract class. Its `forward` gives the state after each film; `ScoreItems` turns states into scores. Both come from the library's `INextItemModel`, which the scorers and the training loop take, so chapter 07's self-attention model plugs into the same code.

// Moved to the end of the file, where C# requires a program's types: class RecurrentNextItemModel.

// GRU4Rec itself only builds its GRU and says how to run it.

// Moved to the end of the file, where C# requires a program's types: class Gru4Rec.

// The LSTM variant is the same with `nn.LSTM` in place of `nn.GRU`, whose `forward` also returns the cell state.

// Moved to the end of the file, where C# requires a program's types: class Lstm4Rec.

// The training run. One epoch visits every user with at least two training films once, in seeded minibatches of `batchSize` users; after each epoch the validation films are ranked (full ranking, below) and the best epoch's weights are kept, stopping after `patience` epochs without improvement. The loss drops padded positions before the output layer, so they reach neither the loss nor the gradients, and the output layer (a row per film) does no work for them; the GRU still runs over them, since a batch is one rectangle.

// Moved to the end of the file, where C# requires a program's types: record NextItemOptions, record NextItemRun, delegate NextItemBatchLoss, class NextItemTraining.

// ## 4. The protocol, and training with progress
//
// **The sequential protocol** (shared with chapter 07). Each user's ratings in (timestamp, seeded key) order; the last film is the **test** film, the one before it the **validation** film, the rest the training sequence (`UserSequences.LeaveLastOut`). To predict the validation film a model reads the training sequence; to predict the test film, the training sequence followed by the validation film; in both cases only the most recent `maxLength` films.
//
// - **Full ranking**: every film is a candidate except those the user rated before the held-out one; HR@10 (is the film in the top 10?), NDCG@10 ($1/\log_2(\text{rank}+1)$ if it is, else 0) and MRR ($1/\text{rank}$ over the whole list). Equal scores are ordered by a seeded key.
// - **Sampled ranking**: the held-out film among `negatives` = 100 films the user never rated, drawn uniformly with `candidateSeed` = `seed` + 1; HR@10 and NDCG@10. (Not with `seed` itself: BPR-MF's training negatives are the same kind of uniform draw seeded with `seed`, and with one seed for both, BPR-MF's first-epoch negatives for the first users are almost film for film their test candidates — training would push down exactly the films the protocol later ranks against.)
//
// Every choice — the learning rate, the hidden size, the epochs of every model and BPR-MF's $\lambda$ — is made on the validation films; the test films are ranked once, in section 6. (The embedding size 64, the input length 100, the dropout 0.2 and the batch of 64 users are fixed, not searched.)
//
// **Choosing the learning rate and the hidden size.** Two short sweeps of GRU4Rec on the validation films: first the learning rates of `searchRates` at the middle hidden size, then the hidden sizes of `searchHiddenSizes` at the best rate, each run at most `searchEpochs` = 4 epochs (with early stopping) to keep the chapter within its time budget — so the search favours settings that learn fast, and the final runs below, with up to `rnnEpochs` epochs, might rank the settings differently on a longer horizon. The LSTM variant uses the GRU's choice. Section 9 shows the search's table.

// Moved to the end of the file, where C# requires a program's types: record SearchRun, record ProtocolComparison, record InputLengthResult.

double[] candidateRates = searchRates.Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToArray();
int[] candidateHiddenSizes = searchHiddenSizes.Split(',').Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToArray();
var searchRuns = new List<SearchRun>();
// Trains GRU4Rec for at most searchEpochs epochs and records its best validation NDCG@K (a setting already tried is not retrained).
SearchRun TrySetting(double rate, int hidden)
{
    SearchRun? known = searchRuns.FirstOrDefault(r => r.LearningRate == rate && r.HiddenSize == hidden);
    if (known != null) return known;
    var options = new NextItemOptions(searchEpochs, rate, batchSize, seed, maxLength, topK, patience);
    var run = NextItemTraining.Train(() => new Gru4Rec(data.ItemCount, embeddingSize, hidden, dropout, device), sequences, options, device);
    run.Model.Dispose();
    var result = new SearchRun(rate, hidden, run.History.BestEpoch ?? 0, Math.Round(run.History.ValidationValues.Max(), 4), Math.Round(run.History.TotalSeconds, 1));
    searchRuns.Add(result);
    return result;
}
int middleHiddenSize = candidateHiddenSizes[candidateHiddenSizes.Length / 2];
double learningRate = candidateRates.MaxBy(rate => TrySetting(rate, middleHiddenSize).ValidationNdcgAtK);
int hiddenSize = candidateHiddenSizes.MaxBy(hidden => TrySetting(learningRate, hidden).ValidationNdcgAtK);
Console.WriteLine($"search ({searchRuns.Count} runs of at most {searchEpochs} epochs, {searchRuns.Sum(r => r.Seconds):F0} s): " +
                  $"learning rate {learningRate.ToString(CultureInfo.InvariantCulture)}, hidden size {hiddenSize} (validation NDCG@{topK} {searchRuns.Max(r => r.ValidationNdcgAtK):F4})");

// The final runs, with the chosen learning rate and hidden size and up to `rnnEpochs` epochs:

var nextItemOptions = new NextItemOptions(rnnEpochs, learningRate, batchSize, seed, maxLength, topK, patience);
string Summary(string name, TrainingHistory history) =>
    $"{name}: best epoch {history.BestEpoch} of {history.Epochs.Count} (validation NDCG@{topK} {history.ValidationValues.Max():F4}), {history.TotalSeconds:F0} s";

var gruRun = NextItemTraining.Train(() => new Gru4Rec(data.ItemCount, embeddingSize, hiddenSize, dropout, device), sequences, nextItemOptions, device, new ProgressLine());
Console.WriteLine(Summary("GRU4Rec", gruRun.History));

var lstmRun = NextItemTraining.Train(() => new Lstm4Rec(data.ItemCount, embeddingSize, hiddenSize, dropout, device), sequences, nextItemOptions, device, new ProgressLine());
Console.WriteLine(Summary("LSTM variant", lstmRun.History));

// ## 5. Baselines on the same protocol
//
// - **Popularity**: every film scored by its number of training ratings.
// - **Films that follow the last film** (`TransitionBaseline`): $C(a \to b)$ counts how often film $b$ comes directly after film $a$ in a training sequence, summed over users; $P(b)$ is $b$'s number of training ratings. A user's score for film $b$ is $C(\text{last} \to b) + P(b) / (\max P + 1)$, where "last" is the last film of the input (validation: the last training film; test: the validation film). The popularity term is below 1, so films rank by how often they followed the last film, and ties — above all among the many films that never followed it — by popularity. Held-out films are never counted.
// - **BPR-MF** from chapter 02 (`BprTraining`, 256 factors, Adam 0.005 decaying 0.95 per epoch), trained on the training sequences as a set of (user, film) pairs; $\lambda$ (one of `bprLambdas`: 0.005, 0.01, 0.02 around chapter 02's 0.01) and the number of epochs are chosen by the validation NDCG@10 of this chapter's full-ranking protocol — not taken from chapter 02, whose random split holds some of this chapter's test ratings in its validation part. It sees no order, and for the test film it does not see the validation film either: a user's vector is fixed at training time.

Scorer popularity = RankingBaselines.MostPopular(sequences.Split.Train, data.ItemCount);
var transitions = TransitionBaseline.Fit(sequences);
double SequentialValidationNdcg(Scorer scorer) =>
    SequentialProtocols.FullRanking("validation", scorer, sequences, SequenceStage.Validation, topK)[$"ndcg@{topK}"];

// One BPR-MF run per λ, each stopped early on the validation films; the best validation NDCG@K decides.
BprRun TrainBpr(double lambda) => BprTraining.Train(sequences.Split.Train, null, data.UserCount, data.ItemCount,
    new BprOptions(bprFactors, lambda, bprEpochs, LearningRate: 0.005, Decay: 0.95, BatchSize: 1024, Seed: seed, TopK: topK, Patience: bprPatience),
    device, validate: model => SequentialValidationNdcg(Scorers.ForUsers(model.ScoreAll, model)));
var bprRuns = bprLambdas.Split(',').Select(l => double.Parse(l, CultureInfo.InvariantCulture)).Select(lambda => (Lambda: lambda, Run: TrainBpr(lambda))).ToList();
foreach (var (lambda, run) in bprRuns)
    Console.WriteLine(Summary($"BPR-MF, λ = {lambda.ToString(CultureInfo.InvariantCulture)}", run.History));
var (bprLambda, (bpr, bprHistory)) = bprRuns.MaxBy(r => r.Run.History.ValidationValues.Max());
Console.WriteLine($"chosen: λ = {bprLambda.ToString(CultureInfo.InvariantCulture)}");
Console.WriteLine($"validation NDCG@{topK}: popularity {SequentialValidationNdcg(popularity):F4}, " +
                  $"films that follow the last film {SequentialValidationNdcg(transitions.ForStage(sequences, SequenceStage.Validation)):F4}");

Terminal.Show(Chart.Line("Training loss per epoch (mean cross-entropy over all films at every position)", "epoch", "training loss",
    new Series("GRU4Rec", gruRun.History.EpochNumbers, gruRun.History.Losses),
    new Series("LSTM variant", lstmRun.History.EpochNumbers, lstmRun.History.Losses)));

// How much the validation figure moves between consecutive epochs after the fifth: the noise early stopping works against.
double LargestLateChange(IReadOnlyList<double> values) => values.Skip(5).Zip(values.Skip(6), (a, b) => Math.Abs(b - a)).DefaultIfEmpty(0).Max();
Console.WriteLine($"largest change of validation NDCG@{topK} between consecutive epochs after epoch 5: GRU4Rec {LargestLateChange(gruRun.History.ValidationValues):F4}, LSTM variant {LargestLateChange(lstmRun.History.ValidationValues):F4}");
Terminal.Show(Chart.Line($"Validation NDCG@{topK} per epoch (full ranking of each user's second-to-last film)", "epoch", $"validation NDCG@{topK}",
    new Series("GRU4Rec", gruRun.History.EpochNumbers, gruRun.History.ValidationValues),
    new Series("LSTM variant", lstmRun.History.EpochNumbers, lstmRun.History.ValidationValues),
    new Series("BPR-MF", bprHistory.EpochNumbers, bprHistory.ValidationValues)));

// ## 6. Results: both protocols side by side
//
// Every model now ranks each user's **test** film, once, under both protocols. The sampled protocol draws the same 100 films per user for every model (seed `candidateSeed`).

var comparison = new List<(string Key, EvaluationResult Full, EvaluationResult Sampled)>();
void Compare(string key, string name, Scorer testScorer) =>
    comparison.Add((key, SequentialProtocols.FullRanking(name, testScorer, sequences, SequenceStage.Test, topK),
                         SequentialProtocols.SampledRanking(name, testScorer, sequences, SequenceStage.Test, candidateSeed, negatives, topK)));

Compare("popular", "popularity", popularity);
Compare("transition", "films that follow the last film", transitions.ForStage(sequences, SequenceStage.Test));
Compare("bpr", $"BPR-MF ({bprFactors} factors, λ {bprLambda.ToString(CultureInfo.InvariantCulture)}, {bprHistory.BestEpoch} epochs)", Scorers.ForUsers(bpr.ScoreAll, bpr));
Compare("gru", $"GRU4Rec ({embeddingSize}/{hiddenSize}, {gruRun.History.BestEpoch} epochs)", SequenceScorers.ForModel(gruRun.Model, sequences, SequenceStage.Test, maxLength, device));
Compare("lstm", $"LSTM variant ({embeddingSize}/{hiddenSize}, {lstmRun.History.BestEpoch} epochs)", SequenceScorers.ForModel(lstmRun.Model, sequences, SequenceStage.Test, maxLength, device));

Console.WriteLine($"full:    {comparison[0].Full.Protocol}");
Console.WriteLine($"sampled: {comparison[0].Sampled.Protocol}");
Terminal.Show(comparison.Select(c => new ProtocolComparison(c.Full.Model,
    Math.Round(c.Full[$"hit@{topK}"], 4), Math.Round(c.Full[$"ndcg@{topK}"], 4), Math.Round(c.Full["mrr"], 4),
    Math.Round(c.Sampled[$"hit@{topK}"], 4), Math.Round(c.Sampled[$"ndcg@{topK}"], 4))).ToList());

Terminal.Show(Chart.Bar($"Test films, ML-100K leave-last-out: HR@{topK} under full ranking (all films) and sampled ranking ({negatives} negatives, seed {candidateSeed})", "model", $"HR@{topK}",
    comparison.Select(c => c.Full.Model).ToArray(),
    new Series($"full ranking HR@{topK}", comparison.Select(c => c.Full[$"hit@{topK}"])),
    new Series($"sampled ranking HR@{topK}", comparison.Select(c => c.Sampled[$"hit@{topK}"])),
    new Series($"full ranking NDCG@{topK}", comparison.Select(c => c.Full[$"ndcg@{topK}"]))));

// **Why the two protocols disagree.** Under sampled ranking a model only has to put the held-out film above 100 random films, most of them obscure: popularity alone gets it into the top 10 for a large share of users, and every model's HR@10 is several times its full-ranking HR@10. The gaps between models shrink too, because the hard competitors — the other popular films and the films similar to the target — are rarely among the 100 drawn. And the order can change: in this run BPR-MF is behind the transition baseline under full ranking but ahead of it under sampled ranking. BPR-MF ranks the target above *obscure* films well (its user vector knows the user's taste) but not above the few films that usually follow the last one, and only full ranking asks for the latter. Krichene & Rendle (2020) showed that sampled metrics are not even guaranteed to order models as the full metrics do: they estimate a different quantity, one dominated by how a model ranks the target against *easy* films. The same effect at a larger scale, for orientation (another model, data set and protocol): Petrov & Macdonald (2022) report BERT4Rec on ML-1M at HR@10 0.80 under sampled ranking (100 uniformly sampled negatives) and 0.28 under full ranking. Numbers from the two protocols must never share a column, and a paper's sampled figure says little about the full-ranking one. This series reports full ranking as its main figure and sampled ranking beside it, because much of the literature still uses it.
//
// **Against the target.** On full ranking, GRU4Rec is ahead of BPR-MF, which is ahead of popularity, as expected; the transition baseline — a table of counts — is ahead of BPR-MF and takes most of the way from popularity to the recurrent models, which says how much of the signal is "what usually comes after this film". The GRU and the LSTM variant are close in this run (the table; which of them is ahead is not something one run can settle — exercise 4 asks whether their order survives a change of seed). For orientation only (another data set and protocol: ML-1M, RecBole's leaderboard, full ranking, max length 50): GRU4Rec HR@10 0.2776, NDCG@10 0.1545. ML-1M has about 6.4 times as many users (6,040 to 943), ten times the ratings and longer histories, so its numbers are not comparable with ours.
//
// ## 7. Who gains from a sequence model? NDCG@10 by history length
//
// The test users split by how many films they had rated before the test film. (This slices the test figures above; nothing is chosen from it.)

var bucketEdges = new[] { 50, 100, 200 };
var bucketsByModel = comparison.Where(c => c.Key != "popular")
    .Select(c => (c.Full.Model, Buckets: SequentialProtocols.ByHistoryLength(c.Full, sequences, SequenceStage.Test, bucketEdges)))
    .ToArray();
foreach (var (model, buckets) in bucketsByModel)
    Console.WriteLine($"{model,-36} " + string.Join("  ", buckets.Select(b => $"{b.Range}: {b.Ndcg:F3} ({b.Users} users)")));
Terminal.Show(Chart.Bar($"Test NDCG@{topK} (full ranking) by the number of films rated before the test film", "films rated before", $"NDCG@{topK}",
    bucketsByModel[0].Buckets.Select(b => $"{b.Range} ({b.Users} users)").ToArray(),
    bucketsByModel.Select(m => new Series(m.Model, m.Buckets.Select(b => b.Ndcg))).ToArray()));

// Each bucket holds between about 150 and 400 users, so differences of a hundredth are noise. In this run users with fewer than 50 films are the easiest for every model. Beyond that the models part ways: BPR-MF falls with every longer bucket, to under a third of its first bucket's NDCG@10 on the longest histories, while the two recurrent models keep most of theirs. One interpretation, not tested here: a user vector fitted to hundreds of films is an average of many tastes, whereas a recurrent model reads only the most recent films (at most `maxLength` = 100) and weighs them by what it learned about order, so a long history does not dilute it.
//
// ## 8. What the model predicts, with titles
//
// Three test users (picked with the seed): the last five films GRU4Rec reads, its top five for the next film (films the user rated before removed), what the transition baseline would recommend after the same last film, and the film that actually came next with its rank under the GRU. (ML-100K lists a few films twice, under two ids; such a title can appear twice in a list.)

var examplePicks = new Random(seed);
int[] exampleUsers = sequences.Users(SequenceStage.Test).OrderBy(_ => examplePicks.Next()).Take(3).ToArray();
int[][] exampleInputs = exampleUsers.Select(u => sequences.Input(u, SequenceStage.Test, maxLength)).ToArray();
float[] exampleScores = SequenceScorers.ScoreNext(gruRun.Model, exampleInputs, sequences.PaddingIndex, device);
var ratedBefore = new Interactions(sequences.UserCount, sequences.ItemCount, sequences.Earlier(SequenceStage.Test));

// The n best films of a score row, leaving out the films the user rated before.
int[] TopFilms(ReadOnlySpan<float> scores, IReadOnlySet<int> excluded, int n)
{
    float[] row = scores.ToArray();
    return Enumerable.Range(0, row.Length).Where(f => !excluded.Contains(f)).OrderByDescending(f => row[f]).Take(n).ToArray();
}

for (int e = 0; e < exampleUsers.Length; e++)
{
    int user = exampleUsers[e];
    ReadOnlySpan<float> userScores = exampleScores.AsSpan(e * data.ItemCount, data.ItemCount);
    IReadOnlySet<int> seen = ratedBefore.ItemsOf(user);
    int nextFilm = sequences.HeldOutItem(user, SequenceStage.Test)!.Value;
    int rank = SequentialProtocols.RankOf(nextFilm, userScores, seen, TieBreak.Default.KeysFor(user, data.ItemCount)) + 1;
    Console.WriteLine($"user {user} ({exampleInputs[e].Length} films read); the last five:");
    foreach (int film in exampleInputs[e][^5..]) Console.WriteLine($"    {data.Title(film)}");
    Console.WriteLine("  GRU4Rec's top 5:                " + string.Join("; ", TopFilms(userScores, seen, 5).Select(data.Title)));
    Console.WriteLine("  films that follow the last one: " + string.Join("; ", TopFilms(transitions.ScoresAfter(exampleInputs[e][^1]), seen, 5).Select(data.Title)));
    Console.WriteLine($"  what came next: {data.Title(nextFilm)} (GRU4Rec's rank {rank} of {data.ItemCount - seen.Count})");
    Console.WriteLine();
}

// ## 9. Sequence length and hidden size
//
// Section 4 chose the learning rate and the hidden size on the validation films; its runs (at most `searchEpochs` epochs each, so a slow learner is at a disadvantage):

Console.WriteLine($"chosen: learning rate {learningRate.ToString(CultureInfo.InvariantCulture)}, hidden size {hiddenSize}; validation NDCG@{topK} of GRU4Rec, embedding {embeddingSize}, input length {maxLength}");
Terminal.Show(searchRuns);

// In this run the search picks a learning rate of 0.01 and a hidden size of 64 (the table above), and the final runs use them; an earlier version of this chapter used 0.005, chosen outside the notebook. Within 4 epochs a lower rate is at a disadvantage, so a search with longer runs might pick differently (the benchmark, `dotnet run --project lib/Benchmarks -c Release -- sequences --rate 0.005`, reports validation figures for other settings without ranking the test films).
//
// How much of the input length does the trained GRU use? Below, the validation NDCG@10 of the final GRU4Rec when it reads only the most recent $L$ films (nothing retrained; validation films only), and the models' sizes.

int[] inputLengths = new[] { 1, 5, 10, 25, 50, maxLength }.Where(length => length <= maxLength).Distinct().ToArray();
var byInputLength = inputLengths
    .Select(length => new InputLengthResult(length, Math.Round(SequentialValidationNdcg(SequenceScorers.ForModel(gruRun.Model, sequences, SequenceStage.Validation, length, device)), 4)))
    .ToList();
long ParameterCount(nn.Module model) => model.parameters().Sum(p => p.numel());
Console.WriteLine($"parameters: GRU4Rec {ParameterCount(gruRun.Model):N0} (GRU layer {ParameterCount(gruRun.Model.Gru):N0}), " +
                  $"LSTM variant {ParameterCount(lstmRun.Model):N0} (LSTM layer {ParameterCount(lstmRun.Model.Lstm):N0})");
Terminal.Show(byInputLength);

// Most of the parameters are in the embedding table and the output layer (a row per film each); the recurrent layer is small, and the LSTM's is a third larger than the GRU's (four weight blocks to three). The GRU takes nearly all of its accuracy from the last few films: reading the last film alone it is near the transition baseline (whose validation NDCG@10 is printed in section 5), reading the most recent 5 it is within a few thousandths of reading 100 (in this run), and the longer inputs add little — in line with what section 1 measured on genres and with what the vanishing gradient predicts for what a recurrent state keeps. A shorter `maxLength` also trains faster — the cost of an epoch grows with the number of positions (exercise 2 measures it).
//
// ## 10. What goes wrong
//
// - **Noisy validation curves.** With one validation film per user, the validation NDCG@10 of 943 users still moves by up to about a hundredth from one epoch to the next late in a run (printed above section 5's chart) — as much as the test gap between the GRU and the LSTM; early stopping with `patience` = 3 keeps the best epoch but could stop on a dip. A larger validation set — the last few films per user — would be steadier.
// - **The order inside a burst is not the user's.** Section 1 counted how many consecutive training pairs were rated in the same second; their order is the seeded tie-break. A sequence model can only learn real order where the timestamps differ.
// - **One run, one seed.** Whether the difference between the GRU and the LSTM survives a change of seed is not tested here (exercise 4); do not read a ranking of the two from one run.
// - **Sampled numbers flatter.** Section 6: a sampled HR@10 of 0.7 and a full-ranking HR@10 below 0.2 describe the same model.
// - **Longer training.** The defaults cap each recurrent run at `rnnEpochs` = 16 epochs and stop it after `patience` = 3 epochs without a better validation NDCG@10, to fit the chapter into its time budget, and a patience of 3 can stop on a dip. One measured run with both relaxed — `dotnet run --project lib/NotebookRunner -- notebooks/06-recurrent-sequences.ipynb --param rnnEpochs=40 --param patience=6 --output long.ipynb`, 126 s — kept the same epochs (GRU4Rec epoch 9, the LSTM variant epoch 13, each run stopping six epochs later) and so printed the same test figures: in this run the defaults are not what limits the models.
//
// ## 11. Exercises
//
// 1. Replace the genre overlap of section 1 by co-occurrence: how often do the next film and the last one both appear in *other* users' training sequences? Is the decay with the lag steeper than for genres?
// 2. Train GRU4Rec with `maxLength` = 20 and 50 and compare validation NDCG@10 and the seconds per epoch with the chapter's 100.
// 3. Add gradient clipping (`nn.utils.clip_grad_norm_`) to a copy of `NextItemTraining` and train a plain `nn.RNN` in place of the GRU. How far does it get, with and without clipping?
// 4. Rerun sections 4–6 with `seed` = 1, 2 and 3. Which differences in the table survive: GRU vs LSTM? GRU vs the transition baseline?
// 5. Draw the sampled protocol's negatives in proportion to popularity (`EvaluationCandidates.Draw(…, NegativeDistribution.Popularity)`). How do the sampled numbers and the order of the models change?
// 6. The transition baseline looks one film back. Make it look two back ($C(a, b \to c)$, falling back to one film when the pair never occurred). Does it close the gap to the GRU?
// 7. Give BPR-MF the validation film for the test stage: retrain it on the training and validation films with the epochs chosen above. How much of its gap to the GRU was that one film?
// 8. Use a two-layer GRU (`nn.GRU(…, numLayers: 2)`) and choose between one and two layers on the validation films.
//
// ## References
//
// - B. Hidasi, A. Karatzoglou, L. Baltrunas, D. Tikk. *Session-based Recommendations with Recurrent Neural Networks.* ICLR 2016.
// - S. Hochreiter, J. Schmidhuber. *Long Short-Term Memory.* Neural Computation 9(8), 1997.
// - K. Cho, B. van Merriënboer, C. Gulcehre, D. Bahdanau, F. Bougares, H. Schwenk, Y. Bengio. *Learning Phrase Representations using RNN Encoder–Decoder for Statistical Machine Translation.* EMNLP 2014.
// - W. Krichene, S. Rendle. *On Sampled Metrics for Item Recommendation.* KDD 2020.
// - A. Petrov, C. Macdonald. *A Systematic Review and Replicability Study of BERT4Rec for Sequential Recommendation.* RecSys 2022.
// - RecBole (RUCAIBox/RecBole): leaderboard for ML-1M, sequential recommendation, full ranking, max length 50 (GRU4Rec HR@10 0.2776, NDCG@10 0.1545) — for orientation only.
// - S. Rendle, C. Freudenthaler, Z. Gantner, L. Schmidt-Thieme. *BPR: Bayesian Personalized Ranking from Implicit Feedback.* UAI 2009 (chapter 02).
//
// ## Target and measured
//
// The target for this chapter: on full ranking, GRU4Rec ahead of BPR-MF, and BPR-MF ahead of popularity, in one table with the transition baseline, the LSTM variant and both protocols; a full run in at most 150 s on a 2-core machine. The measured figures and the run's time are printed below from this run's comparison; the run is reproduced by `dotnet run --project lib/NotebookRunner -- notebooks/06-recurrent-sequences.ipynb --inplace` (or `dotnet run chapters/06-recurrent-sequences.cs`). For orientation only, not comparable (ML-1M, RecBole, max length 50): GRU4Rec NDCG@10 0.1545.

// The target's order, checked on the computed test figures (full ranking, NDCG@K).
double TestNdcg(string key) => comparison.Single(c => c.Key == key).Full[$"ndcg@{topK}"];
bool orderMet = TestNdcg("gru") > TestNdcg("bpr") && TestNdcg("bpr") > TestNdcg("popular");
Console.WriteLine($"Measured in this run (test films, full ranking, NDCG@{topK}): " +
    string.Join(", ", comparison.OrderByDescending(c => c.Full[$"ndcg@{topK}"]).Select(c => $"{c.Full.Model} {c.Full[$"ndcg@{topK}"]:F3}")) +
    (orderMet ? " — GRU4Rec ahead of BPR-MF, BPR-MF ahead of popularity: the order the target asks for." : " — NOT the order the target asks for (GRU4Rec > BPR-MF > popularity)."));
Console.WriteLine($"The run took {chapterClock.Elapsed.TotalSeconds:F0} s up to here on {Environment.ProcessorCount} cores (target: at most 150 s on a 2-core machine).");

// ## Recorded figures

Console.WriteLine($"whole chapter: {chapterClock.Elapsed.TotalSeconds:F0} s");
// Test figures under full ranking (key.metric) and sampled ranking (key_sampled.metric).
foreach (var (key, full, sampled) in comparison)
{
    Results.Record($"{key}.hit@{topK}", full[$"hit@{topK}"]);
    Results.Record($"{key}.ndcg@{topK}", full[$"ndcg@{topK}"]);
    Results.Record($"{key}.mrr", full["mrr"]);
    Results.Record($"{key}_sampled.hit@{topK}", sampled[$"hit@{topK}"]);
    Results.Record($"{key}_sampled.ndcg@{topK}", sampled[$"ndcg@{topK}"]);
}
Terminal.Show(Results.Table());

// The types the notebook's cells declare, moved here from their cells (each left a note where it stood).

// @save lib/RecSys/Models/RecurrentNextItemModel.cs
/// <summary>
/// What GRU4Rec and its LSTM variant share: each film an embedding, a recurrent layer that reads a user's films in
/// order (<see cref="Recur"/>, the only part the two differ in), and at every position a linear layer that scores
/// every film as the next one. The embedding table has one extra row for the padding index
/// (<see cref="UserSequences.PaddingIndex"/>), kept at zero and never updated; the output layer scores only real
/// films, so padding can never be recommended.
/// </summary>
public abstract class RecurrentNextItemModel : nn.Module<Tensor, Tensor>, INextItemModel
{
    public readonly Embedding ItemEmbeddings;
    public readonly Dropout EmbeddingDropout;
    public readonly Linear Output;

    /// <summary>
    /// Builds the shared layers. The subclass then builds its recurrent layer and calls RegisterComponents(), once
    /// every layer exists.
    /// </summary>
    protected RecurrentNextItemModel(string name, int itemCount, int embeddingSize, int hiddenSize, double dropout) : base(name)
    {
        ItemCount = itemCount;
        ItemEmbeddings = nn.Embedding(itemCount + 1, embeddingSize, padding_idx: itemCount);
        EmbeddingDropout = nn.Dropout(dropout);
        Output = nn.Linear(hiddenSize, itemCount);
        using (torch.no_grad())
        {
            nn.init.xavier_normal_(ItemEmbeddings.weight!);
            ItemEmbeddings.weight![itemCount].zero_();
        }
    }

    public int ItemCount { get; }

    /// <summary>The recurrent layer: embedded films (batch × length × embedding) → its state after each (batch × length × hidden).</summary>
    protected abstract Tensor Recur(Tensor embeddedItems);

    /// <summary>Films (batch × length, padded on the right) → the state after each film (batch × length × hidden).</summary>
    public override Tensor forward(Tensor items) => Recur(EmbeddingDropout.forward(ItemEmbeddings.forward(items)));

    /// <summary>Every film's score as the next one: states (… × hidden) → (… × films).</summary>
    public Tensor ScoreItems(Tensor states) => Output.forward(states);
}

// @save lib/RecSys/Models/Gru4Rec.cs
/// <summary>
/// GRU4Rec (Hidasi et al. 2016): a GRU reads a user's films in order (the shared layers: <see cref="RecurrentNextItemModel"/>).
/// <para>
/// The paper trained on sessions with session-parallel minibatches and ranking losses over the other films of the
/// batch; this series trains on each user's most recent films with cross-entropy over all films at every position
/// (<see cref="NextItemTraining"/>), a loss the authors' later code also offers and the one RecBole trains it with:
/// ML-100K is small enough for a softmax over every film.
/// </para>
/// </summary>
public sealed class Gru4Rec : RecurrentNextItemModel
{
    public readonly GRU Gru;

    public Gru4Rec(int itemCount, int embeddingSize, int hiddenSize, double dropout = 0.2, Device? device = null)
        : base(nameof(Gru4Rec), itemCount, embeddingSize, hiddenSize, dropout)
    {
        Gru = nn.GRU(embeddingSize, hiddenSize, batchFirst: true);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>The GRU's state after each film.</summary>
    protected override Tensor Recur(Tensor embeddedItems)
    {
        var (states, _) = Gru.forward(embeddedItems);
        return states;
    }
}

// @save lib/RecSys/Models/Lstm4Rec.cs
/// <summary>
/// GRU4Rec with an LSTM (Hochreiter &amp; Schmidhuber 1997) in place of the GRU. The LSTM keeps a separate cell state
/// behind three gates where the GRU has one state and two gates, so its recurrent layer has four weight blocks to
/// the GRU's three for the same sizes.
/// </summary>
public sealed class Lstm4Rec : RecurrentNextItemModel
{
    public readonly LSTM Lstm;

    public Lstm4Rec(int itemCount, int embeddingSize, int hiddenSize, double dropout = 0.2, Device? device = null)
        : base(nameof(Lstm4Rec), itemCount, embeddingSize, hiddenSize, dropout)
    {
        Lstm = nn.LSTM(embeddingSize, hiddenSize, batchFirst: true);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>The LSTM's hidden state after each film (its cell state stays inside).</summary>
    protected override Tensor Recur(Tensor embeddedItems)
    {
        var (states, _, _) = Lstm.forward(embeddedItems);
        return states;
    }
}

// @save lib/RecSys/Models/NextItemTraining.cs
/// <summary>
/// One next-item training run: epochs, Adam's learning rate, users per batch, the longest input read
/// (<see cref="UserSequences.DefaultMaxLength"/> films by default) and the seed; validation NDCG@<see cref="TopK"/>
/// (full ranking) after each epoch, early stopping after <see cref="Patience"/> epochs without improvement.
/// </summary>
public sealed record NextItemOptions(int Epochs, double LearningRate, int BatchSize, int Seed,
    int MaxLength = UserSequences.DefaultMaxLength, int TopK = 10, int Patience = 3);

/// <summary>A trained next-item model and its per-epoch history.</summary>
public sealed record NextItemRun<TModel>(TModel Model, TrainingHistory History);

/// <summary>A batch's loss from the model, the batch's example rows and the batch built from them.</summary>
public delegate Tensor NextItemBatchLoss(INextItemModel model, Tensor rows, SequenceBatch batch);

/// <summary>
/// Trains any <see cref="INextItemModel"/> (GRU4Rec, its LSTM variant, SASRec) to predict the next film at every
/// position of the training sequences, with cross-entropy over all films: the softmax of a position's scores should
/// put its probability on the film that actually came next.
/// </summary>
public static class NextItemTraining
{
    /// <summary>
    /// Seeds torch with <see cref="NextItemOptions.Seed"/>, builds the model with <paramref name="createModel"/> (so its
    /// initial weights follow from the seed) and trains it on <paramref name="sequences"/>' training examples in
    /// minibatches of users. Each batch's loss is the mean cross-entropy over its real positions: padded positions are
    /// dropped before the output layer, so they reach neither the loss nor the gradients. After each epoch the
    /// validation films are ranked (<see cref="SequentialProtocols.FullRanking"/>); the best epoch's weights are kept.
    /// The history's loss per epoch is the mean of the batch losses weighted by the users in each batch.
    /// <paramref name="lossFor"/>, when given, makes another batch loss from the training examples (chapter 07's
    /// one-negative loss draws its negatives from them); the rest of the run stays the same.
    /// </summary>
    public static NextItemRun<TModel> Train<TModel>(Func<TModel> createModel, UserSequences sequences, NextItemOptions options,
        Device? device = null, TextWriter? log = null, Func<NextItemExamples, NextItemBatchLoss>? lossFor = null)
        where TModel : nn.Module<Tensor, Tensor>, INextItemModel
    {
        torch.random.manual_seed(options.Seed);
        TModel model = createModel();
        using var optimizer = optim.Adam(model.parameters(), lr: options.LearningRate);
        NextItemExamples examples = sequences.TrainingExamples(options.MaxLength);

        NextItemBatchLoss batchLoss = lossFor?.Invoke(examples) ?? ((m, _, batch) => Loss(m, batch));
        Tensor BatchLoss(Tensor rows) => batchLoss(model, rows, examples.Batch(rows, device));

        double ValidationNdcg()
        {
            var scorer = SequenceScorers.ForModel(model, sequences, SequenceStage.Validation, options.MaxLength, device);
            return SequentialProtocols.FullRanking("validation", scorer, sequences, SequenceStage.Validation, options.TopK)[$"ndcg@{options.TopK}"];
        }

        TrainingHistory history = TrainingLoop.Run(model, optimizer, new Minibatches(examples.Count, options.BatchSize, options.Seed), BatchLoss, options.Epochs,
            ValidationNdcg, validationMetric: $"validation NDCG@{options.TopK}",
            earlyStopping: new EarlyStopping(options.Patience, HigherIsBetter: true),
            log: log ?? TextWriter.Null);
        return new NextItemRun<TModel>(model, history);
    }

    /// <summary>
    /// The mean cross-entropy over the real positions of <paramref name="batch"/>: each position's scores over all
    /// films against the film that followed it. Padded positions are dropped before the output layer, so they reach
    /// neither the loss nor its gradient.
    /// </summary>
    public static Tensor Loss(INextItemModel model, SequenceBatch batch)
    {
        if (batch.Targets is null) throw new ArgumentException("The batch has no targets: make it with NextItemExamples.Batch or give SequenceBatch.Pad the targets.", nameof(batch));
        Tensor states = model.forward(batch.Items);
        Tensor scores = model.ScoreItems(states[batch.Mask]);          // (real positions × films)
        return nn.functional.cross_entropy(scores, batch.Targets[batch.Mask]);
    }
}

/// One run of the search: GRU4Rec with a learning rate and a hidden size, its best epoch and validation NDCG@K (K = topK).
public sealed record SearchRun(double LearningRate, int HiddenSize, int BestEpoch, double ValidationNdcgAtK, double Seconds);

/// One row of the comparison: a model's test figures at K = topK under full ranking (all films) and sampled ranking (100 negatives).
public sealed record ProtocolComparison(string Model, double FullHitAtK, double FullNdcgAtK, double FullMrr, double SampledHitAtK, double SampledNdcgAtK);

/// The validation NDCG@K (K = topK) of a trained model that reads only the most recent InputLength films (section 9).
public sealed record InputLengthResult(int InputLength, double ValidationNdcgAtK);
