using System.Diagnostics;
using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Models;
using RecSys.Splitting;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Tests.Training;

// Alone, with the other training tests: its memory check reads the whole process, so any test running beside it
// (decoding posters, say) would count as growth.
[Collection(RecSys.Tests.Models.TrainingCollection.Name)]
public class TrainingLoopTests
{
    readonly MovieLensDataset data = SharedData.MovieLens100K;

    sealed record Tensors(Tensor Users, Tensor Items, Tensor Ratings);

    static Tensors ToTensors(Rating[] ratings) => new(
        torch.tensor(ratings.Select(r => (long)r.UserIndex).ToArray()),
        torch.tensor(ratings.Select(r => (long)r.ItemIndex).ToArray()),
        torch.tensor(ratings.Select(r => r.Value).ToArray()));

    [Fact]
    public void Minibatches_visit_every_example_once_per_epoch_in_a_seeded_order()
    {
        var batches = new Minibatches(count: 10, batchSize: 4, seed: 1);
        long[] first = batches.Epoch().SelectMany(b => b.data<long>().ToArray()).ToArray();
        long[] second = batches.Epoch().SelectMany(b => b.data<long>().ToArray()).ToArray();
        Assert.Equal(3, batches.BatchesPerEpoch);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), first.Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), second.Order());
        Assert.NotEqual(first, second);
        Assert.Equal(first, new Minibatches(10, 4, seed: 1).Epoch().SelectMany(b => b.data<long>().ToArray()));
    }

    [Fact]
    public void Matrix_factorisation_learns_and_beats_the_global_mean_on_real_data()
    {
        Reproducibility.Seed(7);
        Split split = Splitters.OfficialFold(data, 1);
        Tensors train = ToTensors(split.Train);
        var model = new BiasedMatrixFactorization(data.UserCount, data.ItemCount, factors: 32, globalMean: split.Train.Average(r => r.Value), initStd: 0.1);
        var optimizer = optim.Adam(model.parameters(), lr: 0.01, weight_decay: 1e-4);
        var batches = new Minibatches(split.Train.Length, batchSize: 1024, seed: 7);

        TrainingHistory history = TrainingLoop.Run(model, optimizer, batches,
            batch => nn.functional.mse_loss(model.forward(train.Users[batch], train.Items[batch]), train.Ratings[batch]),
            epochs: 8, log: TextWriter.Null);

        Assert.True(history.Losses[^1] < 0.8 * history.Losses[0], $"loss {history.Losses[0]:F3} → {history.Losses[^1]:F3}");
        PairScorer predict = (users, items) =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            return model.forward(torch.tensor(users.Select(u => (long)u).ToArray()), torch.tensor(items.Select(i => (long)i).ToArray())).data<float>().ToArray();
        };
        double mfRmse = Protocols.Ratings("mf", predict, split.Test, split.Description)["rmse"];
        double meanRmse = Protocols.Ratings("mean", BiasBaseline.GlobalMeanOnly(split.Train, data.UserCount, data.ItemCount).Predict, split.Test, split.Description)["rmse"];
        Assert.True(mfRmse < meanRmse - 0.1, $"MF RMSE {mfRmse:F4}, global mean {meanRmse:F4}");
    }

    [Fact]
    public void Early_stopping_stops_after_patience_and_restores_the_best_weights()
    {
        Reproducibility.Seed(1);
        var model = nn.Linear(1, 1);
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.1);
        Tensor x = torch.ones(8, 1), y = torch.zeros(8, 1);
        double[] scores = { 1, 2, 3, 2.5, 2.9, 0, 0, 0 };   // best at epoch 3, then two epochs without improvement
        var weightAfterEpoch = new List<float>();
        var log = new StringWriter();

        TrainingHistory history = TrainingLoop.Run(model, optimizer, new Minibatches(8, 8, seed: 1),
            batch => nn.functional.mse_loss(model.forward(x[batch]), y[batch]),
            epochs: 8,
            validate: () => { weightAfterEpoch.Add(model.weight!.item<float>()); return scores[weightAfterEpoch.Count - 1]; },
            validationMetric: "score",
            earlyStopping: new EarlyStopping(Patience: 2, HigherIsBetter: true),
            log: log);

        Assert.Equal(5, history.Epochs.Count);
        Assert.True(history.StoppedEarly);
        Assert.Equal(3, history.BestEpoch);
        Assert.Equal(weightAfterEpoch[2], model.weight!.item<float>());
        Assert.Contains("epoch   3/8  loss", log.ToString());
        Assert.Contains("score 3.0000", log.ToString());
        Assert.Contains("keeping epoch 3", log.ToString());
    }

    [Fact]
    public void A_schedule_is_stepped_once_per_epoch()
    {
        var model = nn.Linear(1, 1);
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.1);
        Tensor x = torch.ones(4, 1);
        TrainingLoop.Run(model, optimizer, new Minibatches(4, 2, seed: 1), batch => model.forward(x[batch]).pow(2).mean(),
            epochs: 3, schedule: optim.lr_scheduler.ExponentialLR(optimizer, gamma: 0.5), log: TextWriter.Null);
        Assert.Equal(0.1 * 0.5 * 0.5 * 0.5, optimizer.ParamGroups.First().LearningRate, 12);
    }

    [Fact]
    public void Memory_stays_flat_across_20_epochs()
    {
        Reproducibility.Seed(3);
        Rating[] ratings = data.Ratings;
        Tensors all = ToTensors(ratings);
        var model = new BiasedMatrixFactorization(data.UserCount, data.ItemCount, factors: 16, globalMean: 3.5f);
        var optimizer = optim.Adam(model.parameters(), lr: 0.01);
        var liveTensors = new List<long>();
        var residentMegabytes = new List<double>();

        TrainingLoop.Run(model, optimizer, new Minibatches(ratings.Length, 2048, seed: 3),
            batch => nn.functional.mse_loss(model.forward(all.Users[batch], all.Items[batch]), all.Ratings[batch]),
            epochs: 20,
            validate: () =>
            {
                // No forced collection: tensors that a missing dispose scope leaves to the finalizer pile up here.
                liveTensors.Add(torch.Tensor.TotalCount);
                using var process = Process.GetCurrentProcess();
                residentMegabytes.Add(process.WorkingSet64 / 1e6);
                return 0;
            },
            log: TextWriter.Null);

        // From epoch 3 (after warm-up) to 20: 17 epochs × 49 batches; leaking even one tensor per batch would show,
        // and leaking a batch's activations (≈ 0.5 MB) would add hundreds of MB. The margin covers managed garbage
        // that the GC has not collected yet.
        Assert.True(liveTensors[^1] - liveTensors[2] < 10, $"live tensors per epoch: {string.Join(", ", liveTensors)}");
        double growth = residentMegabytes[^1] - residentMegabytes[2];
        Assert.True(growth < 50, $"resident memory grew {growth:F1} MB from epoch 3 to 20 ({string.Join(", ", residentMegabytes.Select(m => m.ToString("F0")))})");
    }
}
