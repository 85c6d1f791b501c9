using System.Diagnostics;
using System.Text;
using RecSys.Baselines;
using RecSys.Evaluation;
using RecSys.Models;
using RecSys.Sequences;
using RecSys.Tests.Models;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RecSys.Tests.Sequences;

/// <summary>
/// Causal self-attention and SASRec: the mask, a hand-computed attention, causality (a later film never changes an
/// earlier position), padding invariance, both losses; SASRec learns on real ML-100K and beats popularity; training
/// is seeded and keeps memory flat.
/// </summary>
[Collection(TrainingCollection.Name)]
public class SelfAttentionTests(ITestOutputHelper output)
{
    const int Films = 40;

    static readonly Lazy<UserSequences> movieLens = new(() =>
        UserSequences.LeaveLastOut(SharedData.MovieLens100K.Ratings, SharedData.MovieLens100K.UserCount, SharedData.MovieLens100K.ItemCount));

    static float[] Values(Tensor t) => t.contiguous().data<float>().ToArray();

    [Fact]
    public void The_causal_mask_is_zero_on_and_below_the_diagonal_and_minus_infinity_above()
    {
        float[] mask = Values(CausalSelfAttention.CausalMask(3));
        float inf = float.NegativeInfinity;
        Assert.Equal(new[] { 0f, inf, inf, 0f, 0f, inf, 0f, 0f, 0f }, mask);
        Assert.Equal(ScalarType.Float32, CausalSelfAttention.CausalMask(3).dtype);
    }

    [Fact]
    public void Attention_matches_a_hand_computed_case()
    {
        // d = 1: scores q·k / 1. Position 0 sees only itself → weight 1 → output v0 = 10.
        // Position 1: q1 = ln 3; scores (ln 3)·0 = 0 and (ln 3)·1 = ln 3 → weights 1/4, 3/4 → 10/4 + 20·3/4 = 17.5.
        // Position 2: q2 = ln 2, k = (0, 1, 1) → scores 0, ln 2, ln 2 → weights 1/5, 2/5, 2/5 → 2 + 8 + 2·(2/5)·… = 10/5 + 20·2/5 + 40·2/5 = 26.
        Tensor q = torch.tensor(new[] { 5f, MathF.Log(3), MathF.Log(2) }).view(3, 1);
        Tensor k = torch.tensor(new[] { 0f, 1f, 1f }).view(3, 1);
        Tensor v = torch.tensor(new[] { 10f, 20f, 40f }).view(3, 1);
        var (result, weights) = CausalSelfAttention.ScaledDotProduct(q, k, v, CausalSelfAttention.CausalMask(3));
        float[] expectedWeights = { 1f, 0f, 0f, 0.25f, 0.75f, 0f, 0.2f, 0.4f, 0.4f };
        float[] got = Values(weights);
        for (int i = 0; i < 9; i++) Assert.Equal(expectedWeights[i], got[i], 5);
        float[] outputs = Values(result);
        Assert.Equal(10f, outputs[0], 4);
        Assert.Equal(17.5f, outputs[1], 4);
        Assert.Equal(26f, outputs[2], 4);
    }

    [Fact]
    public void Scores_are_scaled_by_the_square_root_of_the_size()
    {
        // d = 4, q = k₀ = (1,1,1,1): q·k₀ = 4, /√4 = 2; k₁ = 0 → score 0. Weights e²/(e² + 1) and 1/(e² + 1) at position 1.
        Tensor q = torch.ones(2, 4);
        Tensor k = torch.stack(new[] { torch.ones(4), torch.zeros(4) });
        var (_, weights) = CausalSelfAttention.ScaledDotProduct(q, k, torch.zeros(2, 4), CausalSelfAttention.CausalMask(2));
        double e2 = Math.Exp(2);
        Assert.Equal(e2 / (e2 + 1), Values(weights)[2], 5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Changing_a_later_film_changes_no_earlier_position(int heads)
    {
        torch.random.manual_seed(1);
        var model = new SasRec(Films, size: 8, maxLength: 10, blocks: 2, heads: heads, dropout: 0.3);
        model.eval();
        using var noGrad = torch.no_grad();
        Tensor original = torch.tensor(new long[] { 3, 7, 1, 9, 4, 12, 5, 8 }).view(1, -1);
        Tensor changed = original.clone();
        changed[0, 5] = torch.tensor(30L);
        var (statesA, attentionA) = model.Encode(original);
        var (statesB, attentionB) = model.Encode(changed);
        Assert.True(statesA[0, ..5].eq(statesB[0, ..5]).all().item<bool>(), "a position before the change moved");
        Assert.False(statesA[0, 5].eq(statesB[0, 5]).all().item<bool>(), "the changed position must move (else the test shows nothing)");
        // Every block's weights above the diagonal are exactly zero.
        foreach (Tensor weights in attentionA) Assert.Equal(0f, weights[0].triu(1).abs().sum().item<float>());
        Assert.True(attentionA[1][0, ..5, ..5].eq(attentionB[1][0, ..5, ..5]).all().item<bool>());
    }

    [Fact]
    public void A_sequence_scores_the_same_alone_and_padded_beside_a_longer_one()
    {
        torch.random.manual_seed(3);
        var model = new SasRec(Films, size: 8, maxLength: 12, blocks: 2, heads: 2, dropout: 0.3);
        int[] shortRow = { 4, 9, 2 }, longRow = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
        float[] alone = SequenceScorers.ScoreNext(model, new[] { shortRow }, paddingIndex: Films);
        float[] batched = SequenceScorers.ScoreNext(model, new[] { longRow, shortRow }, paddingIndex: Films);
        for (int film = 0; film < Films; film++) Assert.Equal(alone[film], batched[Films + film], 5);
    }

    [Theory]
    [InlineData(NextItemLoss.FullSoftmax)]
    [InlineData(NextItemLoss.OneNegativeBinary)]
    public void Padding_reaches_neither_the_loss_nor_a_gradient(NextItemLoss loss)
    {
        torch.random.manual_seed(4);
        var model = new SasRec(Films, size: 8, maxLength: 12, blocks: 2, heads: 1, dropout: 0.3);
        int[][] inputs = { new[] { 1, 2, 3, 4 }, new[] { 5, 6 } };
        int[][] targets = { new[] { 2, 3, 4, 5 }, new[] { 6, 7 } };
        SequenceBatch padded = SequenceBatch.Pad(inputs, targets, Films);
        SequenceBatch filled = padded with { Items = torch.where(padded.Mask, padded.Items, torch.full_like(padded.Items, 11)) };
        Tensor negatives = torch.tensor(new long[] { 9, 10, 11, 12, 13, 14, 0, 0 }).view(2, 4);
        Tensor negativesFilled = torch.tensor(new long[] { 9, 10, 11, 12, 13, 14, 33, 35 }).view(2, 4);
        model.train();
        (float, Tensor[]) LossAndGradients(SequenceBatch batch, Tensor negativeFilms)
        {
            model.zero_grad();
            torch.random.manual_seed(5);
            Tensor value = loss == NextItemLoss.FullSoftmax ? NextItemTraining.Loss(model, batch) : NextItemLossTraining.OneNegativeBinaryLoss(model, batch, negativeFilms);
            value.backward();
            return (value.item<float>(), model.parameters().Select(p => p.grad!.clone()).ToArray());
        }
        var (lossPadded, gradientsPadded) = LossAndGradients(padded, negatives);
        var (lossFilled, gradientsFilled) = LossAndGradients(filled, negativesFilled);
        Assert.False(float.IsNaN(lossPadded));
        Assert.Equal(lossPadded, lossFilled);
        Assert.All(gradientsPadded.Zip(gradientsFilled), g => Assert.True(g.First.eq(g.Second).all().item<bool>(), "a gradient changed"));
        Assert.All(gradientsPadded, g => Assert.False(g.isnan().any().item<bool>(), "NaN in a gradient"));
    }

    [Fact]
    public void The_binary_loss_matches_a_hand_computed_case()
    {
        // A stand-in model whose states are one-hot films and whose scores are fixed: scores of the target and negative.
        var model = new FixedScores(new float[,] { { 2f, 0f, -1f }, { 0.5f, 1f, 3f } });
        SequenceBatch batch = SequenceBatch.Pad(new[] { new[] { 0, 1 } }, new[] { new[] { 0, 2 } }, paddingIndex: 3);
        Tensor negatives = torch.tensor(new long[] { 2, 0 }).view(1, 2);
        // Position 0: target 0 (score 2), negative 2 (score −1); position 1: target 2 (score 3), negative 0 (score 0.5).
        double Softplus(double x) => Math.Log(1 + Math.Exp(x));
        double expected = (Softplus(-2) + Softplus(-3)) / 2 + (Softplus(-1) + Softplus(0.5)) / 2;
        Assert.Equal(expected, NextItemLossTraining.OneNegativeBinaryLoss(model, batch, negatives).item<float>(), 5);
    }

    /// <summary>A next-item model whose state at a position is the one-hot of its film and whose scores are a fixed table.</summary>
    sealed class FixedScores(float[,] table) : nn.Module<Tensor, Tensor>("FixedScores"), INextItemModel
    {
        readonly Tensor scores = torch.tensor(table);
        public int ItemCount => table.GetLength(1);
        public override Tensor forward(Tensor items) => nn.functional.one_hot(items, table.GetLength(0) + 2).narrow(-1, 0, table.GetLength(0)).to_type(ScalarType.Float32);
        public Tensor ScoreItems(Tensor states) => states.matmul(scores);
    }

    [Fact]
    public void The_model_reads_no_more_than_its_position_embeddings()
    {
        var model = new SasRec(Films, size: 8, maxLength: 4);
        var error = Assert.Throws<ArgumentException>(() => model.forward(torch.zeros(1, 5, dtype: ScalarType.Int64)));
        Assert.Contains("most recent 4 films", error.Message);
        Assert.Throws<ArgumentException>(() => new SasRec(Films, size: 10, maxLength: 4, heads: 3));
    }

    [Fact]
    public void Blocks_are_registered_and_the_output_shares_the_item_embeddings()
    {
        var model = new SasRec(Films, size: 8, maxLength: 6, blocks: 2, heads: 2);
        string[] names = model.named_parameters().Select(p => p.name).ToArray();
        Assert.Contains(names, n => n.StartsWith("Blocks.1.Attention.Queries"));
        Assert.DoesNotContain(names, n => n.Contains("Output") && !n.Contains("Attention"));
        Assert.Empty(model.named_buffers());
        using var noGrad = torch.no_grad();
        Tensor state = torch.randn(8);
        float[] scores = Values(model.ScoreItems(state));
        Assert.Equal(Films, scores.Length);
        Assert.Equal(model.ItemEmbeddings.weight![7].dot(state).item<float>(), scores[7], 5);
    }

    [Theory]
    [InlineData(NextItemLoss.FullSoftmax)]
    [InlineData(NextItemLoss.OneNegativeBinary)]
    public void SasRec_learns_on_MovieLens_and_beats_popularity_on_validation(NextItemLoss loss)
    {
        UserSequences sequences = movieLens.Value;
        var clock = Stopwatch.StartNew();
        var options = new NextItemOptions(Epochs: 6, LearningRate: 0.002, BatchSize: 64, Seed: 42, MaxLength: 50, Patience: 6);
        var run = NextItemLossTraining.Train(() => new SasRec(sequences.ItemCount, 64, 50), sequences, options, loss);
        double[] losses = run.History.Losses;
        double sasRec = run.History.ValidationValues.Max();
        double popular = SequentialProtocols.FullRanking("popularity", RankingBaselines.MostPopular(sequences.Split.Train, sequences.ItemCount),
            sequences, SequenceStage.Validation)["ndcg@10"];
        output.WriteLine($"{loss} {options}: losses {string.Join(", ", losses.Select(l => l.ToString("F3")))}; validation NDCG@10 " +
                         $"{string.Join(", ", run.History.ValidationValues.Select(v => v.ToString("F4")))}, popularity {popular:F4}; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(losses.Zip(losses.Skip(1)).All(p => p.Second < p.First), $"losses {string.Join(", ", losses)}");
        Assert.True(sasRec > 1.3 * popular, $"SASRec validation NDCG@10 {sasRec:F4}, popularity {popular:F4}");
    }

    [Fact]
    public void Training_is_reproducible_with_its_seed()
    {
        UserSequences sequences = movieLens.Value;
        var options = new NextItemOptions(Epochs: 2, LearningRate: 0.002, BatchSize: 128, Seed: 7, MaxLength: 20);
        NextItemRun<SasRec> Run(NextItemOptions o) => NextItemLossTraining.Train(() => new SasRec(sequences.ItemCount, 16, 20), sequences, o, NextItemLoss.OneNegativeBinary);
        var first = Run(options);
        var second = Run(options);
        Assert.Equal(first.History.Losses, second.History.Losses);
        Assert.Equal(first.History.ValidationValues, second.History.ValidationValues);
        Assert.Equal(Values(first.Model.ItemEmbeddings.weight!), Values(second.Model.ItemEmbeddings.weight!));
        Assert.NotEqual(first.History.Losses, Run(options with { Seed = 8 }).History.Losses);
    }

    [Fact]
    public void Memory_stays_flat_across_epochs()
    {
        UserSequences sequences = movieLens.Value;
        var probe = new EpochProbe();
        var options = new NextItemOptions(Epochs: 10, LearningRate: 0.002, BatchSize: 128, Seed: 3, MaxLength: 20, Patience: 10);
        NextItemLossTraining.Train(() => new SasRec(sequences.ItemCount, 16, 20), sequences, options, NextItemLoss.OneNegativeBinary, log: probe);
        output.WriteLine($"live tensors per epoch: {string.Join(", ", probe.LiveTensors)}; resident MB: {string.Join(", ", probe.ResidentMegabytes.Select(m => m.ToString("F0")))}");
        Assert.Equal(10, probe.LiveTensors.Count);
        Assert.True(probe.LiveTensors[^1] - probe.LiveTensors[2] < 10, $"live tensors per epoch: {string.Join(", ", probe.LiveTensors)}");
        double growth = probe.ResidentMegabytes[^1] - probe.ResidentMegabytes[2..6].Max();
        Assert.True(growth < 50, $"resident memory grew {growth:F1} MB ({string.Join(", ", probe.ResidentMegabytes.Select(m => m.ToString("F0")))})");
    }
}
