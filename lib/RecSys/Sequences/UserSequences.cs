using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Splitting;

namespace RecSys.Sequences;

/// <summary>Which held-out film a sequential evaluation predicts: each user's second-to-last film or their last.</summary>
public enum SequenceStage
{
    /// <summary>The film before the last: for choosing epochs and sizes.</summary>
    Validation,

    /// <summary>The last film: reported once, after every choice is made.</summary>
    Test,
}

/// <summary>
/// Each user's ratings as a sequence of films in time order, split leave-last-out: the last film is the test
/// target, the one before it the validation target, the rest the training sequence. Every rating counts as an
/// interaction, whatever its stars. Ratings with the same timestamp are ordered by a seeded key per (user, film)
/// (<see cref="Splitters.InTimeOrder"/>), exactly as <see cref="Splitters.LeaveLastOut"/> orders them.
/// <para>
/// A model reads an input sequence and predicts the film that comes next. To predict the validation film it reads
/// the training sequence; to predict the test film it reads the training sequence followed by the validation film.
/// Only the most recent <c>maxLength</c> films of an input are read (<see cref="Input"/>).
/// </para>
/// </summary>
public sealed class UserSequences
{
    /// <summary>The longest input a model reads unless told otherwise: the most recent 200 films.</summary>
    public const int DefaultMaxLength = 200;

    const int None = -1;
    readonly int[][] training;          // per user index, in time order
    readonly int[] validation, test;    // per user index; None when the user has no such film

    UserSequences(Split split, int userCount, int itemCount, int[][] training, int[] validation, int[] test)
    {
        Split = split;
        UserCount = userCount;
        ItemCount = itemCount;
        this.training = training;
        this.validation = validation;
        this.test = test;
    }

    /// <summary>
    /// Splits <paramref name="ratings"/> leave-last-out (<see cref="Splitters.LeaveLastOut"/>: last film → test, the
    /// one before → validation, users with fewer than 3 ratings keep them all in training) and orders each user's
    /// films by (timestamp, <paramref name="ties"/> key); the seeded <see cref="TieBreak.Default"/> unless given.
    /// </summary>
    public static UserSequences LeaveLastOut(Rating[] ratings, int userCount, int itemCount, TieBreak? ties = null) =>
        From(Splitters.LeaveLastOut(ratings, withValidation: true, ties: ties), userCount, itemCount, ties);

    /// <summary>
    /// The sequences of a split made by <see cref="Splitters.LeaveLastOut"/> with the same <paramref name="ties"/>.
    /// Checks that each user has at most one validation and one test film and that they come after every training
    /// film in (timestamp, tie key) order, so a split made any other way is an error, not a silently different protocol.
    /// </summary>
    public static UserSequences From(Split split, int userCount, int itemCount, TieBreak? ties = null)
    {
        ties ??= TieBreak.Default;
        foreach (Rating r in split.Train.Concat(split.Validation).Concat(split.Test))
            if ((uint)r.UserIndex >= userCount || (uint)r.ItemIndex >= itemCount)
                throw new ArgumentOutOfRangeException(nameof(split), $"Rating {r} is outside {userCount} users × {itemCount} films: pass the data set's UserCount and ItemCount.");

        Rating?[] validationRating = OnePerUser(split.Validation, userCount, "validation", split.Description);
        Rating?[] testRating = OnePerUser(split.Test, userCount, "test", split.Description);
        var training = new int[userCount][];
        var byUser = split.Train.GroupBy(r => r.UserIndex).ToDictionary(g => g.Key, g => Splitters.InTimeOrder(g, ties));
        for (int user = 0; user < userCount; user++)
        {
            Rating[] history = byUser.GetValueOrDefault(user) ?? Array.Empty<Rating>();
            training[user] = history.Select(r => r.ItemIndex).ToArray();
            Rating? last = history.Length > 0 ? history[^1] : null;
            CheckAfter(last, validationRating[user], ties, "validation", "training", split.Description);
            CheckAfter(validationRating[user] ?? last, testRating[user], ties, "test", validationRating[user] == null ? "training" : "validation", split.Description);
        }
        return new UserSequences(split, userCount, itemCount, training,
            validationRating.Select(r => r?.ItemIndex ?? None).ToArray(), testRating.Select(r => r?.ItemIndex ?? None).ToArray());
    }

    /// <summary>The leave-last-out split the sequences come from: print its report beside the results.</summary>
    public Split Split { get; }

    public int UserCount { get; }

    public int ItemCount { get; }

    /// <summary>
    /// The index that fills a padded position: <see cref="ItemCount"/>, one past the last film, so film indices keep
    /// their meaning and the padding can never be confused with a film (an embedding needs ItemCount + 1 rows).
    /// </summary>
    public int PaddingIndex => ItemCount;

    /// <summary>A user's training films, oldest first.</summary>
    public IReadOnlyList<int> TrainingItems(int user) => training[user];

    /// <summary>The film held out for <paramref name="stage"/>, or null when the user has none (fewer than 3 ratings).</summary>
    public int? HeldOutItem(int user, SequenceStage stage)
    {
        int item = stage == SequenceStage.Validation ? validation[user] : test[user];
        return item == None ? null : item;
    }

    /// <summary>The users that have a held-out film for <paramref name="stage"/>, in index order.</summary>
    public int[] Users(SequenceStage stage) =>
        Enumerable.Range(0, UserCount).Where(u => HeldOutItem(u, stage) != null).ToArray();

    /// <summary>The held-out ratings of <paramref name="stage"/>: the split's validation or test part.</summary>
    public Rating[] HeldOut(SequenceStage stage) => stage == SequenceStage.Validation ? Split.Validation : Split.Test;

    /// <summary>
    /// Every rating made before the held-out film of <paramref name="stage"/>: the training part, and for the test
    /// stage the validation part too. Full ranking removes all of these films from a user's candidates, including
    /// any that a model's input window of <c>maxLength</c> films leaves out, so the candidates do not depend on the
    /// model's input length and models with different lengths are ranked on the same films.
    /// </summary>
    public Rating[] Earlier(SequenceStage stage) =>
        stage == SequenceStage.Validation ? Split.Train : Split.Train.Concat(Split.Validation).ToArray();

    /// <summary>
    /// What a model reads to predict the held-out film of <paramref name="stage"/>: the training films (validation),
    /// or the training films followed by the validation film (test); only the most recent <paramref name="maxLength"/>.
    /// </summary>
    public int[] Input(int user, SequenceStage stage, int maxLength = DefaultMaxLength)
    {
        CheckMaxLength(maxLength);
        int[] history = stage == SequenceStage.Test && validation[user] != None ? [.. training[user], validation[user]] : training[user];
        return MostRecent(history, maxLength);
    }

    /// <summary>
    /// Next-item training examples, one per user with at least two training films: the inputs are the training
    /// films s₁ … sₙ₋₁ and the targets the films that follow them, s₂ … sₙ, so every position has a target; both
    /// are cut to the most recent <paramref name="maxLength"/> positions. Held-out films never appear.
    /// </summary>
    public NextItemExamples TrainingExamples(int maxLength = DefaultMaxLength)
    {
        CheckMaxLength(maxLength);
        int[] users = Enumerable.Range(0, UserCount).Where(u => training[u].Length >= 2).ToArray();
        if (users.Length == 0) throw new InvalidOperationException("No user has two training films: there is no next-item example to train on.");
        return new NextItemExamples(
            users,
            users.Select(u => MostRecent(training[u][..^1], maxLength)).ToArray(),
            users.Select(u => MostRecent(training[u][1..], maxLength)).ToArray(),
            PaddingIndex);
    }

    /// <summary>Sizes at a glance, for a notebook.</summary>
    public override string ToString()
    {
        int[] lengths = training.Where(t => t.Length > 0).Select(t => t.Length).Order().ToArray();
        return $"{lengths.Length:N0} users with training sequences of {lengths[0]}–{lengths[^1]} films (median {lengths[lengths.Length / 2]}); " +
               $"{Users(SequenceStage.Validation).Length:N0} validation and {Users(SequenceStage.Test).Length:N0} test films; " +
               $"{ItemCount:N0} films, padding index {PaddingIndex}";
    }

    static int[] MostRecent(int[] items, int maxLength) => items.Length <= maxLength ? items : items[^maxLength..];

    static void CheckMaxLength(int maxLength)
    {
        if (maxLength <= 0) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "A model must read at least one film: give a maximum length of 1 or more, e.g. 200.");
    }

    static Rating?[] OnePerUser(Rating[] part, int userCount, string name, string description)
    {
        var perUser = new Rating?[userCount];
        foreach (Rating r in part)
        {
            if (perUser[r.UserIndex] != null)
                throw new ArgumentException($"User {r.UserIndex} has more than one {name} rating in \"{description}\": sequences need a leave-last-out split (Splitters.LeaveLastOut).");
            perUser[r.UserIndex] = r;
        }
        return perUser;
    }

    /// <summary>Throws unless <paramref name="later"/> comes after <paramref name="earlier"/> in (timestamp, tie key) order.</summary>
    static void CheckAfter(Rating? earlier, Rating? later, TieBreak ties, string laterName, string earlierName, string description)
    {
        if (earlier is not Rating e || later is not Rating l) return;
        bool after = l.Timestamp > e.Timestamp || (l.Timestamp == e.Timestamp && ties.Key(l.UserIndex, l.ItemIndex) > ties.Key(e.UserIndex, e.ItemIndex));
        if (!after)
            throw new ArgumentException(
                $"User {l.UserIndex}'s {laterName} film {l.ItemIndex} does not come after their last {earlierName} film {e.ItemIndex} in (timestamp, {ties}) order " +
                $"in \"{description}\". Make the split with Splitters.LeaveLastOut and the same tie-break as given here.");
    }
}
