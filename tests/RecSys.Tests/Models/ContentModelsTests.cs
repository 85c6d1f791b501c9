using Xunit.Abstractions;
using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Metrics;
using RecSys.Models;
using RecSys.Text;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Tests.Models;

/// <summary>
/// Chapter 05's content models (and chapter 01's TF-IDF, which it ranks cold films with): the vocabulary, TextCNN's
/// max-over-time, the poster CNN's shapes, the multi-label loop, micro-AUC, and the hybrid item tower — hand-computed
/// cases, and a tower that learns to rank cold films on real ML-100K from their content alone.
/// </summary>
[Collection(TrainingCollection.Name)]
public class ContentModelsTests(ITestOutputHelper output)
{
    readonly MovieLensDataset data = SharedData.MovieLens100K;

    [Fact]
    public void Tfidf_weighs_term_frequency_by_smoothed_inverse_document_frequency()
    {
        var texts = new[] { new[] { "alien", "ship", "alien" }, new[] { "alien", "love" }, new[] { "love", "ship" } };
        var tfidf = new TfIdf(texts, minDocumentFrequency: 1, maxDocumentShare: 1.0);
        Assert.Equal(new[] { "alien", "love", "ship" }, tfidf.Vocabulary);
        // alien in text 0: tf 2/3, df 2 of N = 3 → idf ln(4/3) + 1
        Assert.Equal(2.0 / 3 * (Math.Log(4.0 / 3) + 1), tfidf.Weights[0, 0], 5);
        Assert.Equal(1.0 / 3 * (Math.Log(4.0 / 3) + 1), tfidf.Weights[0, 2], 5);   // ship: tf 1/3, df 2
        Assert.Equal(0, tfidf.Weights[0, 1]);                                         // no "love" in text 0
        // A share of 0.5 allows at most 1 text per word: all three words occur in 2, so all are too common.
        var strict = new TfIdf(texts, minDocumentFrequency: 1, maxDocumentShare: 0.5);
        Assert.Empty(strict.Vocabulary);
        Assert.Equal(3, strict.TooCommon.Length);
    }

    [Fact]
    public void Content_scores_are_cosines_with_the_rating_weighted_profile_of_liked_films()
    {
        // Films as 2-d profiles: (1, 0), (0, 1), (1, 1). User 0 liked film 0 (5 stars) and film 1 (4); a 3 is not "liked".
        Tensor films = torch.tensor(new float[] { 1, 0, 0, 1, 1, 1 }, new long[] { 3, 2 });
        var train = new[] { new Rating(0, 0, 5, 0), new Rating(0, 1, 4, 0), new Rating(1, 2, 3, 0) };
        float[] scores = ContentBased.Scorer(train, userCount: 2, likedRating: 4, (films, 1.0))(new[] { 0, 1 });
        // p_0 = (5·(1,0) + 4·(0,1)) / 9 ∝ (5, 4): cosines 5/√41, 4/√41, 9/(√41·√2).
        double norm = Math.Sqrt(41);
        Assert.Equal(5 / norm, scores[0], 5);
        Assert.Equal(4 / norm, scores[1], 5);
        Assert.Equal(9 / (norm * Math.Sqrt(2)), scores[2], 5);
        Assert.Equal(new float[] { 0, 0, 0 }, scores[3..]);   // user 1 liked nothing: an empty profile scores 0
    }

    [Fact]
    public void The_vocabulary_pads_cuts_and_drops_unknown_words()
    {
        var vocabulary = new Vocabulary(new[] { new[] { "alien", "ship" }, new[] { "alien", "crew" }, new[] { "ship" } }, minDocuments: 2);
        Assert.Equal(new[] { "alien", "ship" }, vocabulary.Words);   // "crew" is in one text only
        Assert.Equal(3, vocabulary.Size);
        Assert.Equal(new long[] { 1, 2, 0, 0 }, vocabulary.Encode(new[] { "alien", "crew", "ship" }, 4));   // crew dropped, padded
        Assert.Equal(new long[] { 2, 1 }, vocabulary.Encode(new[] { "ship", "alien", "ship" }, 2));          // cut after 2
        Assert.Equal("ship", vocabulary.WordAt(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.Encode(new[] { "alien" }, 0));
    }

    [Fact]
    public void Micro_auc_counts_pairs_and_half_a_tie()
    {
        // Positives 0.9 and 0.8 against negatives 0.8 and 0.1: 0.9 beats both (2), 0.8 ties one (0.5) and beats one (1).
        Assert.Equal(3.5 / 4, MultiLabelMetrics.MicroAuc(new[] { 0.9f, 0.8f, 0.8f, 0.1f }, new[] { 1f, 1f, 0f, 0f }), 10);
        Assert.Equal(0.5, MultiLabelMetrics.MicroAuc(new[] { 1f, 1f, 1f }, new[] { 1f, 0f, 0f }), 10);
        Assert.Throws<ArgumentException>(() => MultiLabelMetrics.MicroAuc(new[] { 1f, 2f }, new[] { 1f, 1f }));
    }

    [Fact]
    public void TextCnn_features_are_each_filters_largest_window_response()
    {
        torch.random.manual_seed(1);
        var cnn = new TextCnn(vocabularySize: 5, embeddingSize: 2, filtersPerWidth: 1, kernelWidths: new[] { 2 }, outputs: 1, dropout: 0);
        using (torch.no_grad())
        {
            // Words 1..4 as (1,0), (0,1), (0.5,0.5), (−1,0); a width-2 filter W_0 = (1,0), W_1 = (0,1), bias −1: fires on "1 2".
            cnn.WordEmbeddings.weight!.copy_(torch.tensor(new float[] { 0, 0, 1, 0, 0, 1, 0.5f, 0.5f, -1, 0 }, new long[] { 5, 2 }));
            cnn.Convolutions[0].weight!.copy_(torch.tensor(new float[] { 1, 0, 0, 1 }, new long[] { 1, 2, 2 }));   // (filters × channels × width)
            cnn.Convolutions[0].bias!.fill_(-1);
        }
        using var noGrad = torch.no_grad();
        cnn.eval();
        // Windows of "1 2 3 4": 1 + 1 − 1 = 1, 0 + 0.5 − 1 → 0, 0.5 + 0 − 1 → 0; the max is 1. Without "1 2": 0.
        Assert.Equal(1f, cnn.Features(torch.tensor(new long[] { 1, 2, 3, 4 }, new long[] { 1, 4 })).item<float>(), 5);
        Assert.Equal(0f, cnn.Features(torch.tensor(new long[] { 2, 3, 4, 4 }, new long[] { 1, 4 })).item<float>(), 5);
        // The same bigram anywhere in the text gives the same feature: max over time.
        Assert.Equal(1f, cnn.Features(torch.tensor(new long[] { 4, 4, 1, 2 }, new long[] { 1, 4 })).item<float>(), 5);
        Assert.Throws<ArgumentException>(() => cnn.Features(torch.tensor(new long[] { 1 }, new long[] { 1, 1 })));
    }

    [Fact]
    public void The_poster_cnn_learns_a_genre_that_the_pixels_show()
    {
        // 200 random 16-pixel images; the "genre" is whether the red channel is brighter than the blue one.
        torch.random.manual_seed(3);
        Tensor images = torch.rand(200, 3, 16, 16) * 2 - 1;
        Tensor labels = (images[.., 0].mean(new long[] { 1, 2 }) > images[.., 2].mean(new long[] { 1, 2 })).to(ScalarType.Float32).unsqueeze(1);
        var cnn = new PosterCnn(channels: 4, outputs: 1, dropout: 0);
        Assert.Equal(new long[] { 200, 16 }, MultiLabelTraining.Apply(cnn, cnn.Features, images).shape);
        int[] train = Enumerable.Range(0, 150).ToArray(), test = Enumerable.Range(150, 50).ToArray();
        TrainingHistory history = MultiLabelTraining.Train(cnn, images, labels, train, null, new MultiLabelOptions(Epochs: 30, LearningRate: 0.01, BatchSize: 32, Seed: 1));
        Assert.True(history.Losses[^1] < history.Losses[0] * 0.8, $"loss {history.Losses[0]:F3} → {history.Losses[^1]:F3}");
        float[] scores = MultiLabelTraining.Apply(cnn, cnn.forward, images).data<float>().ToArray();
        float[] truth = labels.data<float>().ToArray();
        double auc = MultiLabelMetrics.MicroAuc(test.Select(i => scores[i]).ToArray(), test.Select(i => truth[i]).ToArray());
        output.WriteLine($"held-out AUC {auc:F3}");
        Assert.True(auc > 0.8, $"held-out AUC {auc:F3}");
    }

    [Fact]
    public void The_tower_scores_cold_films_from_content_alone_and_starts_as_bpr_mf()
    {
        torch.random.manual_seed(1);
        Tensor content = torch.randn(4, 3);
        var tower = new HybridItemTower(userCount: 2, itemCount: 4, factors: 2, new[] { content });
        using var noGrad = torch.no_grad();
        Tensor users = torch.tensor(new long[] { 0, 1 });
        // Zero projections: the warm score is p_u · q_i + b_i, BPR-MF's, and the content-only score is 0.
        Tensor expected = tower.UserFactors.forward(users).mm(tower.ItemFactors.weight!.t()) + tower.ItemBias.weight!.t();
        Assert.True(torch.allclose(expected, tower.ScoreAll(users)));
        Assert.Equal(0f, tower.ScoreAllFromContent(users).abs().max().item<float>());
        // With a projection, a film's content-only score ignores its collaborative embedding; the warm score does not.
        tower.ContentProjections[0].weight!.normal_();
        float[] coldBefore = tower.ScoreAllFromContent(users).data<float>().ToArray(), warmBefore = tower.ScoreAll(users).data<float>().ToArray();
        tower.ItemFactors.weight![2].add_(1);
        Assert.Equal(coldBefore, tower.ScoreAllFromContent(users).data<float>().ToArray());
        Assert.NotEqual(warmBefore[2], tower.ScoreAll(users).data<float>().ToArray()[2]);
        Assert.Throws<ArgumentException>(() => new HybridItemTower(2, 5, 2, new[] { content }));
    }

    [Fact]
    public void The_hybrid_learns_to_rank_cold_films_from_genres_and_reruns_equal()
    {
        // 10% of the films cold (seeded); the tower sees the others' ratings and every film's genres.
        var picks = new Random(7);
        var cold = Enumerable.Range(0, data.ItemCount).OrderBy(_ => picks.Next()).Take(data.ItemCount / 10).ToHashSet();
        Rating[] train = data.Ratings.Where(r => !cold.Contains(r.ItemIndex)).ToArray();
        Rating[] test = data.Ratings.Where(r => cold.Contains(r.ItemIndex)).ToArray();
        var genres = new float[data.ItemCount * data.Genres.Count];
        for (int i = 0; i < data.ItemCount; i++)
            for (int g = 0; g < data.Genres.Count; g++) genres[i * data.Genres.Count + g] = data.Items[i].Genres.Contains(data.Genres[g]) ? 1 : 0;
        Tensor content = HybridItemTower.Standardize(torch.tensor(genres, new long[] { data.ItemCount, data.Genres.Count }), Enumerable.Repeat(true, data.ItemCount).ToArray());
        int[] warmFilms = Enumerable.Range(0, data.ItemCount).Where(i => !cold.Contains(i)).ToArray();
        var options = new HybridOptions(Factors: 16, Lambda: 0.01, Epochs: 3, LearningRate: 0.005, Decay: 0.95, BatchSize: 1024, Seed: 5, CollaborativeDropout: 0.5);

        HybridRun run = HybridTraining.Train(train, data.UserCount, data.ItemCount, new[] { content }, options, negativeFilms: warmFilms);
        double Ndcg(Scorer scorer) => Protocols.FullRanking("cold", scorer, train, test, data.ItemCount, 10, "cold films", candidates: cold)["ndcg@10"];
        double hybrid = Ndcg(Scorers.ForUsers(run.Model.ScoreAllFromContent, run.Model));
        double random = Ndcg(RankingBaselines.Random(data.ItemCount, 1));
        output.WriteLine($"losses {string.Join(", ", run.History.Losses.Select(l => l.ToString("F4")))}; cold NDCG@10 hybrid {hybrid:F4}, random {random:F4}");
        Assert.True(run.History.Losses[^1] < run.History.Losses[0], "the BPR loss falls");
        Assert.True(hybrid > random * 1.3, $"hybrid {hybrid:F4} vs random {random:F4}");

        HybridRun again = HybridTraining.Train(train, data.UserCount, data.ItemCount, new[] { content }, options, negativeFilms: warmFilms);
        Assert.Equal(run.History.Losses, again.History.Losses);
        // A user who rated every film negatives may come from is refused with an error, not looped on forever.
        Assert.Throws<ArgumentException>(() => HybridTraining.Train(train, data.UserCount, data.ItemCount, new[] { content }, options,
            negativeFilms: train.Where(r => r.UserIndex == train[0].UserIndex).Select(r => r.ItemIndex).Distinct().ToArray()));
    }

    [Fact]
    public void Hybrid_content_rate_sets_how_fast_the_content_projections_learn()
    {
        Rating[] ratings = data.Ratings.Take(20_000).ToArray();   // 20 batches of 1,024: 40 Adam steps in 2 epochs
        Tensor content = torch.randn(data.ItemCount, 4);
        var options = new HybridOptions(Factors: 8, Lambda: 0.01, Epochs: 2, LearningRate: 0.005, Decay: 1, BatchSize: 1024, Seed: 5, CollaborativeDropout: 0.5);
        double Largest(HybridItemTower model) =>
            Math.Max(model.ContentProjections[0].weight!.abs().max().item<float>(), model.ContentProjections[0].bias!.abs().max().item<float>());

        // Rate 0: the projections stay at their zero start while the collaborative part learns.
        HybridItemTower frozen = HybridTraining.Train(ratings, data.UserCount, data.ItemCount, new[] { content }, options with { ContentRate = 0 }).Model;
        Assert.Equal(0, Largest(frozen));
        Assert.True(frozen.ItemBias.weight!.abs().max().item<float>() > 0, "the collaborative part learns");
        // An Adam step moves a weight by about its rate at most, so 40 steps at 0.0005 leave every weight within 0.02;
        // at the collaborative rate (ContentRate null: 0.005) they go beyond that.
        double slow = Largest(HybridTraining.Train(ratings, data.UserCount, data.ItemCount, new[] { content }, options with { ContentRate = 0.0005 }).Model);
        double full = Largest(HybridTraining.Train(ratings, data.UserCount, data.ItemCount, new[] { content }, options).Model);
        output.WriteLine($"largest content weight after 40 steps: rate 0.0005 {slow:F4}, rate 0.005 {full:F4}");
        Assert.InRange(slow, 1e-6, 40 * 0.0005 * 1.01);
        Assert.True(full > 40 * 0.0005 * 1.01, $"at the collaborative rate: {full:F4}");
        Assert.Throws<ArgumentOutOfRangeException>(() => HybridTraining.Train(ratings, data.UserCount, data.ItemCount, new[] { content }, options with { ContentRate = -0.001 }));
    }

    [Fact]
    public void Hybrid_training_keeps_memory_flat_and_multi_label_training_stops_early()
    {
        Rating[] ratings = data.Ratings.Take(20_000).ToArray();
        Tensor content = torch.randn(data.ItemCount, 4);
        var options = new HybridOptions(Factors: 8, Lambda: 0.01, Epochs: 12, LearningRate: 0.005, Decay: 1, BatchSize: 1024, Seed: 5,
            CollaborativeDropout: 0.5, Patience: 100);
        var liveTensors = new List<long>();
        HybridTraining.Train(ratings, data.UserCount, data.ItemCount, new[] { content }, options,
            validate: _ => { liveTensors.Add(torch.Tensor.TotalCount); return 0; });
        // From epoch 3 to 12: a tensor leaked per batch (20 per epoch) or per epoch would show.
        Assert.True(liveTensors[^1] - liveTensors[2] < 5, $"live tensors per epoch: {string.Join(", ", liveTensors)}");

        // Training rows all labelled 1, validation rows all 0: the validation loss rises with every epoch, so the first
        // epoch is best and training stops after `Patience` more.
        torch.random.manual_seed(2);
        var cnn = new PosterCnn(channels: 2, outputs: 1, dropout: 0);
        Tensor images = torch.rand(20, 3, 8, 8), labels = torch.cat(new[] { torch.ones(10, 1), torch.zeros(10, 1) }, 0);
        TrainingHistory stopped = MultiLabelTraining.Train(cnn, images, labels, Enumerable.Range(0, 10).ToArray(), Enumerable.Range(10, 10).ToArray(),
            new MultiLabelOptions(Epochs: 10, LearningRate: 0.05, BatchSize: 5, Seed: 1, Patience: 2));
        Assert.Equal(1, stopped.BestEpoch);
        Assert.Equal(3, stopped.Epochs.Count);
        Assert.Throws<ArgumentException>(() => MultiLabelTraining.Train(cnn, images, torch.ones(19, 1), new[] { 0 }, null, new MultiLabelOptions(1, 0.01, 5, 1)));
    }
}
