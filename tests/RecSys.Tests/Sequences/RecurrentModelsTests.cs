using System.Diagnostics;
using System.Text;
using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Models;
using RecSys.Sequences;
using RecSys.Tests.Models;
using RecSys.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RecSys.Tests.Sequences;

/// <summary>
/// GRU4Rec and its LSTM variant: padding never reaches a state, a score, the loss or a gradient; GRU4Rec learns on
/// real ML-100K sequences and beats popularity; training is seeded and keeps memory flat.
/// </summary>
[Collection(TrainingCollection.Name)]
public class RecurrentModelsTests(ITestOutputHelper output)
{
    const int Films = 50;

    static readonly Lazy<UserSequences> movieLens = new(() =>
        UserSequences.LeaveLastOut(SharedData.MovieLens100K.Ratings, SharedData.MovieLens100K.UserCount, SharedData.MovieLens100K.ItemCount));

    static nn.Module<Tensor, Tensor> Create(string kind, int itemCount, int embedding, int hidden, double dropout) => kind switch
    {
        "gru" => new Gru4Rec(itemCount, embedding, hidden, dropout),
        "lstm" => new Lstm4Rec(itemCount, embedding, hidden, dropout),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>Rows of 1 to 12 random films, each with a random target per position.</summary>
    static SequenceBatch RandomBatch(int rows, int seed)
    {
        var random = new Random(seed);
        int[][] inputs = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, random.Next(1, 13)).Select(_ => random.Next(Films)).ToArray()).ToArray();
        int[][] targets = inputs.Select(row => row.Select(_ => random.Next(Films)).ToArray()).ToArray();
        return SequenceBatch.Pad(inputs, targets, paddingIndex: Films);
    }

    /// <summary>The same batch with every padded position (input and target) replaced by a random real film.</summary>
    static SequenceBatch WithFilmsInThePadding(SequenceBatch batch)
    {
        var generator = new Generator(99);
        Tensor noise = torch.randint(0, Films, batch.Items.shape, dtype: ScalarType.Int64, generator: generator);
        return batch with
        {
            Items = torch.where(batch.Mask, batch.Items, noise),
            Targets = torch.where(batch.Mask, batch.Targets!, noise.flip(1)),
        };
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void Changing_a_padded_position_changes_no_state_score_loss_or_gradient(string kind)
    {
        torch.random.manual_seed(1);
        var model = Create(kind, Films, embedding: 8, hidden: 12, dropout: 0.3);
        INextItemModel nextItem = (INextItemModel)model;
        SequenceBatch padded = RandomBatch(rows: 16, seed: 2);
        SequenceBatch filled = WithFilmsInThePadding(padded);
        Assert.True(padded.Items.not_equal(filled.Items).any().item<bool>(), "the test must change some padded positions");

        model.eval();
        using (torch.no_grad())
        {
            Tensor statesPadded = model.forward(padded.Items), statesFilled = model.forward(filled.Items);
            Assert.True(Same(statesPadded[padded.Mask], statesFilled[filled.Mask]), "a state at a real position changed");
            Tensor scoresPadded = nextItem.ScoreItems(padded.AtLastPosition(statesPadded));
            Tensor scoresFilled = nextItem.ScoreItems(filled.AtLastPosition(statesFilled));
            Assert.True(Same(scoresPadded, scoresFilled), "a next-film score changed");
        }

        // Training mode, dropout included: the same seed draws the same dropout, so any difference comes from the padding.
        model.train();
        (float Loss, Tensor[] Gradients) LossAndGradients(SequenceBatch batch)
        {
            model.zero_grad();
            torch.random.manual_seed(5);
            Tensor loss = NextItemTraining.Loss(nextItem, batch);
            loss.backward();
            return (loss.item<float>(), model.parameters().Select(p => p.grad!.clone()).ToArray());
        }
        var (lossPadded, gradientsPadded) = LossAndGradients(padded);
        var (lossFilled, gradientsFilled) = LossAndGradients(filled);
        Assert.Equal(lossPadded, lossFilled);
        Assert.All(gradientsPadded.Zip(gradientsFilled), g => Assert.True(Same(g.First, g.Second), "a gradient changed"));
        // The padding row of the embedding table stays zero and gets no gradient.
        var embedding = model.named_parameters().First(p => p.name.EndsWith("ItemEmbeddings.weight")).parameter;
        Assert.Equal(0, embedding[Films].abs().sum().item<float>());
        Assert.Equal(0, embedding.grad![Films].abs().sum().item<float>());
    }

    /// <summary>Bit-for-bit equal values of the same shape (NaN never equals anything).</summary>
    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void A_sequence_scores_the_same_alone_and_padded_beside_a_longer_one()
    {
        torch.random.manual_seed(3);
        var model = new Gru4Rec(Films, 8, 12, dropout: 0.3);
        int[] shortRow = { 4, 9, 2 }, longRow = { 1, 2, 3, 4, 5, 6, 7, 8 };
        float[] alone = SequenceScorers.ScoreNext(model, new[] { shortRow }, paddingIndex: Films);
        float[] batched = SequenceScorers.ScoreNext(model, new[] { longRow, shortRow }, paddingIndex: Films);
        Assert.Equal(Films, alone.Length);
        for (int film = 0; film < Films; film++) Assert.Equal(alone[film], batched[Films + film], 5);
    }

    [Fact]
    public void Gru4Rec_learns_on_MovieLens_and_beats_popularity_on_validation()
    {
        UserSequences sequences = movieLens.Value;
        var clock = Stopwatch.StartNew();
        var options = new NextItemOptions(Epochs: 4, LearningRate: 0.005, BatchSize: 64, Seed: 42, MaxLength: 50, Patience: 4);
        var run = NextItemTraining.Train(() => new Gru4Rec(sequences.ItemCount, 64, 64), sequences, options);

        double[] losses = run.History.Losses;
        double gru = run.History.ValidationValues.Max();
        double popular = SequentialProtocols.FullRanking("popularity", RankingBaselines.MostPopular(sequences.Split.Train, sequences.ItemCount),
            sequences, SequenceStage.Validation)["ndcg@10"];
        output.WriteLine($"{options}: losses {string.Join(", ", losses.Select(l => l.ToString("F3")))}; validation NDCG@10 " +
                         $"{string.Join(", ", run.History.ValidationValues.Select(v => v.ToString("F4")))}, popularity {popular:F4}; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(losses.Zip(losses.Skip(1)).All(p => p.Second < p.First), $"losses {string.Join(", ", losses)}");
        Assert.True(gru > 1.5 * popular, $"GRU4Rec validation NDCG@10 {gru:F4}, popularity {popular:F4}");
        // The kept weights are the best epoch's: scoring again gives the best validation value.
        double again = SequentialProtocols.FullRanking("gru", SequenceScorers.ForModel(run.Model, sequences, SequenceStage.Validation, options.MaxLength), sequences, SequenceStage.Validation)["ndcg@10"];
        Assert.Equal(gru, again, 6);
    }

    [Fact]
    public void Training_is_reproducible_with_its_seed()
    {
        UserSequences sequences = movieLens.Value;
        var options = new NextItemOptions(Epochs: 2, LearningRate: 0.005, BatchSize: 128, Seed: 7, MaxLength: 20);
        NextItemRun<Gru4Rec> Run(NextItemOptions o) => NextItemTraining.Train(() => new Gru4Rec(sequences.ItemCount, 16, 16), sequences, o);
        var first = Run(options);
        var second = Run(options);
        Assert.Equal(first.History.Losses, second.History.Losses);
        Assert.Equal(first.History.ValidationValues, second.History.ValidationValues);
        Assert.Equal(first.Model.Output.weight!.data<float>().ToArray(), second.Model.Output.weight!.data<float>().ToArray());
        Assert.NotEqual(first.History.Losses, Run(options with { Seed = 8 }).History.Losses);
    }

    [Fact]
    public void Memory_stays_flat_across_epochs()
    {
        UserSequences sequences = movieLens.Value;
        var probe = new EpochProbe();
        var options = new NextItemOptions(Epochs: 10, LearningRate: 0.005, BatchSize: 128, Seed: 3, MaxLength: 20, Patience: 10);
        NextItemTraining.Train(() => new Lstm4Rec(sequences.ItemCount, 16, 16), sequences, options, log: probe);

        output.WriteLine($"live tensors per epoch: {string.Join(", ", probe.LiveTensors)}; resident MB: {string.Join(", ", probe.ResidentMegabytes.Select(m => m.ToString("F0")))}");
        // From epoch 3 (after warm-up) to 10: 8 batches and a validation per epoch; leaking one tensor per batch would
        // add 56 tensors, a batch's scores (128 × 20 × 1,682 floats ≈ 17 MB) over 900 MB. The margins cover the weights
        // early stopping keeps, managed garbage and the heap's growth in the first epochs (the highest of epochs 3–6).
        Assert.Equal(10, probe.LiveTensors.Count);
        Assert.True(probe.LiveTensors[^1] - probe.LiveTensors[2] < 10, $"live tensors per epoch: {string.Join(", ", probe.LiveTensors)}");
        double growth = probe.ResidentMegabytes[^1] - probe.ResidentMegabytes[2..6].Max();
        Assert.True(growth < 50, $"resident memory grew {growth:F1} MB ({string.Join(", ", probe.ResidentMegabytes.Select(m => m.ToString("F0")))})");
    }
}
