using RecSys.Evaluation;
using RecSys.Sequences;

namespace RecSys.Baselines;

/// <summary>
/// "Films that follow the last film": a first-order Markov baseline for the sequential protocols.
/// <para>
/// Counts: C(a → b) is the number of times film b comes directly after film a in a training sequence (consecutive
/// pairs (sᵢ, sᵢ₊₁) of <see cref="UserSequences.TrainingItems"/>, summed over users). Held-out films are never
/// counted. Popularity: P(b) is the number of training ratings of film b.
/// </para>
/// <para>
/// Score of film b for a user: C(last → b) + P(b) / (max P + 1), where "last" is the last film of the user's input
/// (validation: the last training film; test: the validation film). The popularity term is below 1, so films rank
/// by how often they followed the last film, ties among those (above all the many films that never followed it)
/// by popularity, and remaining ties by the protocol's seeded key. A last film that never had a successor in
/// training leaves popularity alone.
/// </para>
/// </summary>
public sealed class TransitionBaseline
{
    readonly Dictionary<int, int>[] followers;   // followers[a][b] = C(a → b), only pairs that occurred
    readonly int[] popularity;

    TransitionBaseline(Dictionary<int, int>[] followers, int[] popularity)
    {
        this.followers = followers;
        this.popularity = popularity;
    }

    /// <summary>Counts the consecutive pairs and the ratings of every film in the training sequences.</summary>
    public static TransitionBaseline Fit(UserSequences sequences)
    {
        var followers = Enumerable.Range(0, sequences.ItemCount).Select(_ => new Dictionary<int, int>()).ToArray();
        var popularity = new int[sequences.ItemCount];
        for (int user = 0; user < sequences.UserCount; user++)
        {
            IReadOnlyList<int> films = sequences.TrainingItems(user);
            for (int i = 0; i < films.Count; i++)
            {
                popularity[films[i]]++;
                if (i + 1 < films.Count) followers[films[i]][films[i + 1]] = followers[films[i]].GetValueOrDefault(films[i + 1]) + 1;
            }
        }
        return new TransitionBaseline(followers, popularity);
    }

    public int ItemCount => popularity.Length;

    /// <summary>C(from → to): how many times <paramref name="to"/> directly followed <paramref name="from"/> in training.</summary>
    public int Count(int from, int to) => followers[from].GetValueOrDefault(to);

    /// <summary>P(film): the film's training ratings.</summary>
    public int Popularity(int film) => popularity[film];

    /// <summary>The scores of every film after <paramref name="lastFilm"/>: C(last → b) + P(b) / (max P + 1).</summary>
    public float[] ScoresAfter(int lastFilm)
    {
        float scale = popularity.Max() + 1;
        var scores = new float[ItemCount];
        for (int film = 0; film < ItemCount; film++) scores[film] = popularity[film] / scale;
        foreach (var (film, count) in followers[lastFilm]) scores[film] += count;
        return scores;
    }

    /// <summary>The scorer of <paramref name="stage"/>: each user's scores after the last film of their input.</summary>
    public Scorer ForStage(UserSequences sequences, SequenceStage stage)
    {
        if (sequences.ItemCount != ItemCount)
            throw new ArgumentException($"The baseline was fitted on {ItemCount} films but the sequences have {sequences.ItemCount}.", nameof(sequences));
        return users => users.SelectMany(user => ScoresAfter(sequences.Input(user, stage, maxLength: 1)[0])).ToArray();
    }
}
