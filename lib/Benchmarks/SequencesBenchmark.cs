using System.Diagnostics;
using System.Globalization;
using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Models;
using RecSys.Sequences;
using RecSys.Training;
using TorchSharp;

namespace RecSys.Benchmarks;

/// <summary>
/// Chapter 06's comparison on ML-100K, leave-last-out: popularity, films-that-follow-the-last-film, BPR-MF, GRU4Rec
/// and its LSTM variant, under full and sampled ranking, the epochs chosen on validation; seconds per epoch.
/// <c>--sizes</c> instead times a few epochs for several (hidden size, max length) choices.
/// Validation films only by default, so its runs can inform choices; <c>--test</c> also ranks the test films, for a
/// final check only (no choice may be made from those figures).
/// Options: --epochs N --hidden N --embedding N --max-length N --batch N --rate X --dropout X --patience N --lambda X (BPR-MF) --models gru,lstm,bpr --test
/// (defaults: the values chapter 06 chooses on the validation films)
/// </summary>
static class SequencesBenchmark
{
    const int Seed = 42, TopK = 10, Negatives = 100;

    public static void Run(string[] args)
    {
        var options = new Arguments(args);
        Console.WriteLine(TorchRuntime.Describe());
        MovieLensDataset data = MovieLens100K.Load();
        UserSequences sequences = UserSequences.LeaveLastOut(data.Ratings, data.UserCount, data.ItemCount);
        Console.WriteLine(sequences.Split.Report);
        Console.WriteLine(sequences);
        if (options.Has("--sizes"))
        {
            TimeSizes(sequences, options);
            return;
        }

        // Validation films by default; the test films only with --test, never while choosing.
        bool withTest = options.Has("--test");
        SequenceStage reported = withTest ? SequenceStage.Test : SequenceStage.Validation;
        Console.WriteLine(withTest ? "--test: the table ranks the TEST films; make no choice from it." : "validation films only (add --test for the test films, once choices are made)");
        var results = new List<(EvaluationResult Full, EvaluationResult Sampled)>();
        void Evaluate(string name, Func<SequenceStage, Scorer> scorerFor)
        {
            var clock = Stopwatch.StartNew();
            Scorer scorer = scorerFor(reported);
            results.Add((SequentialProtocols.FullRanking(name, scorer, sequences, reported, TopK),
                         SequentialProtocols.SampledRanking(name, scorer, sequences, reported, Seed, Negatives, TopK)));
            double validation = SequentialProtocols.FullRanking(name, scorerFor(SequenceStage.Validation), sequences, SequenceStage.Validation, TopK)[$"ndcg@{TopK}"];
            Console.WriteLine($"{name}: validation NDCG@{TopK} {validation:F4}; evaluated in {clock.Elapsed.TotalSeconds:F1} s");
        }

        Scorer popularity = RankingBaselines.MostPopular(sequences.Split.Train, data.ItemCount);
        Evaluate("popularity", _ => popularity);
        var transitions = TransitionBaseline.Fit(sequences);
        Evaluate("films that follow the last film", stage => transitions.ForStage(sequences, stage));

        string[] models = options.Text("--models", "bpr,gru,lstm").Split(',');
        if (models.Contains("bpr"))
        {
            // Chapter 02's settings (256 factors, Adam 0.005 decaying 0.95 per epoch) with the chapter's λ; epochs chosen on validation.
            var clock = Stopwatch.StartNew();
            var bprOptions = new BprOptions(Factors: 256, Lambda: options.Double("--lambda", 0.005), Epochs: 40, LearningRate: 0.005, Decay: 0.95, BatchSize: 1024, Seed: Seed, TopK: TopK, Patience: 5);
            var (bpr, history) = BprTraining.Train(sequences.Split.Train, sequences.Split.Validation, data.UserCount, data.ItemCount, bprOptions);
            Console.WriteLine($"BPR-MF: best epoch {history.BestEpoch} of {history.Epochs.Count}, {clock.Elapsed.TotalSeconds:F1} s");
            Evaluate("BPR-MF", _ => Scorers.ForUsers(bpr.ScoreAll, bpr));
        }

        var nextItem = new NextItemOptions(Epochs: options.Int("--epochs", 30), LearningRate: options.Double("--rate", 0.01),
            BatchSize: options.Int("--batch", 64), Seed: Seed, MaxLength: options.Int("--max-length", 100),
            TopK: TopK, Patience: options.Int("--patience", 3));
        int embedding = options.Int("--embedding", 64), hidden = options.Int("--hidden", 64);
        double dropout = options.Double("--dropout", 0.2);
        if (models.Contains("gru"))
        {
            var run = Train("GRU4Rec", () => new Gru4Rec(data.ItemCount, embedding, hidden, dropout), sequences, nextItem);
            Evaluate($"GRU4Rec ({embedding}/{hidden}, max length {nextItem.MaxLength})", stage => SequenceScorers.ForModel(run.Model, sequences, stage, nextItem.MaxLength));
        }
        if (models.Contains("lstm"))
        {
            var run = Train("LSTM", () => new Lstm4Rec(data.ItemCount, embedding, hidden, dropout), sequences, nextItem);
            Evaluate($"LSTM variant ({embedding}/{hidden}, max length {nextItem.MaxLength})", stage => SequenceScorers.ForModel(run.Model, sequences, stage, nextItem.MaxLength));
        }

        Console.WriteLine($"\nML-100K, {(withTest ? "TEST" : "validation")} films, {results[0].Full.Protocol}");
        Console.WriteLine($"sampled: {results[0].Sampled.Protocol}");
        Console.WriteLine($"{"model",-44} {"full HR@10",11} {"NDCG@10",8} {"MRR",7} | {"sampled HR@10",13} {"NDCG@10",8}");
        foreach (var (full, sampled) in results)
            Console.WriteLine($"{full.Model,-44} {full[$"hit@{TopK}"],11:F4} {full[$"ndcg@{TopK}"],8:F4} {full["mrr"],7:F4} | {sampled[$"hit@{TopK}"],13:F4} {sampled[$"ndcg@{TopK}"],8:F4}");
    }

    static NextItemRun<TModel> Train<TModel>(string name, Func<TModel> create, UserSequences sequences, NextItemOptions options)
        where TModel : torch.nn.Module<torch.Tensor, torch.Tensor>, INextItemModel
    {
        Console.WriteLine($"{name}: {options}");
        var run = NextItemTraining.Train(create, sequences, options, log: Console.Out);
        TrainingHistory h = run.History;
        Console.WriteLine($"{name}: best epoch {h.BestEpoch} of {h.Epochs.Count} (validation NDCG@{TopK} {h.ValidationValues.Max():F4}); " +
                          $"{h.TotalSeconds:F1} s, median {Median(h.Epochs.Select(e => e.Seconds)):F2} s per epoch (training + validation)");
        return run;
    }

    /// <summary>Seconds per epoch (training and validation) of GRU4Rec and the LSTM for several sizes, a few epochs each.</summary>
    static void TimeSizes(UserSequences sequences, Arguments options)
    {
        int epochs = options.Int("--epochs", 2);
        Console.WriteLine($"{"model",-6} {"hidden",6} {"max length",10} {"s/epoch",8} {"val NDCG@10",12}  (embedding 64, {epochs} epochs each: median seconds, best validation)");
        foreach (int maxLength in new[] { 50, 100, 200 })
            foreach (int hidden in new[] { 64, 100, 200 })
                foreach (string model in new[] { "gru", "lstm" })
                {
                    var nextItem = new NextItemOptions(Epochs: epochs, LearningRate: options.Double("--rate", 0.005), BatchSize: options.Int("--batch", 64), Seed: Seed, MaxLength: maxLength, TopK: TopK, Patience: epochs);
                    TrainingHistory h = model == "gru"
                        ? NextItemTraining.Train(() => new Gru4Rec(sequences.ItemCount, 64, hidden), sequences, nextItem).History
                        : NextItemTraining.Train(() => new Lstm4Rec(sequences.ItemCount, 64, hidden), sequences, nextItem).History;
                    Console.WriteLine($"{model,-6} {hidden,6} {maxLength,10} {Median(h.Epochs.Select(e => e.Seconds)),8:F2} {h.ValidationValues.Max(),12:F4}");
                }
    }

    static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>"--name value" pairs and "--flag" switches.</summary>
    sealed class Arguments(string[] args)
    {
        public bool Has(string flag) => args.Contains(flag);

        public string Text(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        public int Int(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        public double Double(string name, double fallback) => double.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    }
}
