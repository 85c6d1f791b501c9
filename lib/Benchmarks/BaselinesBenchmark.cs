using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Sampling;
using RecSys.Splitting;

namespace RecSys.Benchmarks;

/// <summary>
/// Random and most-popular on ML-100K under the two ranking protocols, with the time each evaluation takes
/// (full ranking: score all 1,682 items for 943 users, remove seen, top-10, all metrics).
/// </summary>
static class BaselinesBenchmark
{
    public static void Run()
    {
        MovieLensDataset data = MovieLens100K.Load();

        Split stratified = Splitters.Stratified(data.Ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 42);
        Console.WriteLine(stratified.Report);
        Scorer popular = RankingBaselines.MostPopular(stratified.Train, data.ItemCount);
        Scorer random = RankingBaselines.Random(data.ItemCount, seed: 42);
        Protocols.FullRanking("warm-up", popular, stratified, data.ItemCount); // JIT, thread pool
        Print(Protocols.FullRanking("most popular", popular, stratified, data.ItemCount));
        Print(Protocols.FullRanking("random", random, stratified, data.ItemCount));
        var times = Enumerable.Range(0, 5).Select(_ => Protocols.FullRanking("most popular", popular, stratified, data.ItemCount).Elapsed.TotalSeconds).Order().ToArray();
        Console.WriteLine($"full ranking, 943 users × 1,682 items, K=10, score + mask + top-K + metrics: median {times[2]:F3} s of 5 runs\n");

        Split leaveLastOut = Splitters.LeaveLastOut(data.Ratings, withValidation: false);
        Console.WriteLine(leaveLastOut.Report);
        var candidates = EvaluationCandidates.Draw(leaveLastOut.Test, new Interactions(data.UserCount, data.ItemCount, data.Ratings), 99, seed: 42);
        Print(Protocols.SampledRanking("most popular", RankingBaselines.MostPopular(leaveLastOut.Train, data.ItemCount).ToPairScorer(data.ItemCount), candidates));
        Print(Protocols.SampledRanking("random", random.ToPairScorer(data.ItemCount), candidates));
    }

    static void Print(EvaluationResult result) => Console.WriteLine(result);
}
