using System.Diagnostics;
using RecSys.Data;
using RecSys.Models;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Benchmarks;

/// <summary>
/// Trains the same biased MF (128 factors, minibatch SGD, ML-100K) with a hand-written loop and with
/// TrainingLoop + Minibatches, alternating, and prints the wall-time ratio: the helper must add no overhead.
/// </summary>
static class TrainingLoopBenchmark
{
    const int Factors = 128, BatchSize = 256, Epochs = 10, Rounds = 5;

    public static void Run()
    {
        MovieLensDataset data = MovieLens100K.Load();
        Tensor users = torch.tensor(data.Ratings.Select(r => (long)r.UserIndex).ToArray());
        Tensor items = torch.tensor(data.Ratings.Select(r => (long)r.ItemIndex).ToArray());
        Tensor ratings = torch.tensor(data.Ratings.Select(r => r.Value).ToArray());
        float mean = data.Ratings.Average(r => r.Value);
        Console.WriteLine($"biased MF, {Factors} factors, SGD, batch {BatchSize}, {Epochs} epochs over {data.Ratings.Length:N0} ratings; torch threads: {torch.get_num_threads()}");

        HandWritten(users, items, ratings, data, mean); // warm-up: JIT and native allocations, not timed
        WithHelper(users, items, ratings, data, mean);
        var hand = new List<double>();
        var helper = new List<double>();
        for (int round = 1; round <= Rounds; round++)
        {
            hand.Add(Time(() => HandWritten(users, items, ratings, data, mean)));
            helper.Add(Time(() => WithHelper(users, items, ratings, data, mean)));
            Console.WriteLine($"round {round}: hand-written {hand[^1]:F2} s, TrainingLoop {helper[^1]:F2} s");
        }
        double handMedian = hand.Order().ElementAt(Rounds / 2), helperMedian = helper.Order().ElementAt(Rounds / 2);
        Console.WriteLine($"median: hand-written {handMedian:F2} s, TrainingLoop {helperMedian:F2} s; ratio helper/hand = {helperMedian / handMedian:F3}");
    }

    static double Time(Action train)
    {
        var clock = Stopwatch.StartNew();
        train();
        return clock.Elapsed.TotalSeconds;
    }

    static void HandWritten(Tensor users, Tensor items, Tensor ratings, MovieLensDataset data, float mean)
    {
        torch.random.manual_seed(1);
        var model = new BiasedMatrixFactorization(data.UserCount, data.ItemCount, Factors, mean);
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.05);
        var generator = new Generator(1);
        long n = users.shape[0];
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            model.train();
            using Tensor order = torch.randperm(n, generator: generator);
            double lossSum = 0;
            for (long start = 0; start < n; start += BatchSize)
            {
                using var scope = torch.NewDisposeScope();
                Tensor batch = order.narrow(0, start, Math.Min(BatchSize, n - start));
                optimizer.zero_grad();
                Tensor loss = nn.functional.mse_loss(model.forward(users[batch], items[batch]), ratings[batch]);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * batch.shape[0];
            }
        }
    }

    static void WithHelper(Tensor users, Tensor items, Tensor ratings, MovieLensDataset data, float mean)
    {
        torch.random.manual_seed(1);
        var model = new BiasedMatrixFactorization(data.UserCount, data.ItemCount, Factors, mean);
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.05);
        TrainingLoop.Run(model, optimizer, new Minibatches(users.shape[0], BatchSize, seed: 1),
            batch => nn.functional.mse_loss(model.forward(users[batch], items[batch]), ratings[batch]),
            Epochs, log: TextWriter.Null);
    }
}
