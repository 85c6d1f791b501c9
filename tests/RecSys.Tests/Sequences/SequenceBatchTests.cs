using RecSys.Sequences;
using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Tests.Sequences;

public class SequenceBatchTests
{
    [Fact]
    public void Rows_are_padded_on_the_right_with_a_mask_and_next_film_targets()
    {
        const int padding = 9;
        SequenceBatch batch = SequenceBatch.Pad(
            new[] { new[] { 4, 2, 7 }, new[] { 5 } },
            new[] { new[] { 2, 7, 1 }, new[] { 3 } },
            padding);

        Assert.Equal(new long[] { 2, 3 }, batch.Items.shape);
        Assert.Equal(new long[] { 4, 2, 7, 5, padding, padding }, batch.Items.data<long>().ToArray());
        Assert.Equal(new long[] { 2, 7, 1, 3, padding, padding }, batch.Targets!.data<long>().ToArray());
        Assert.Equal(new[] { true, true, true, true, false, false }, batch.Mask.data<bool>().ToArray());
        Assert.Equal(new long[] { 3, 1 }, batch.Lengths.data<long>().ToArray());
        Assert.Equal(2, batch.Size);
    }

    [Fact]
    public void The_last_position_is_each_rows_last_real_film()
    {
        SequenceBatch batch = SequenceBatch.Pad(new[] { new[] { 4, 2, 7 }, new[] { 5 } }, null, paddingIndex: 9);
        // A state that records (row, position) in its two features.
        Tensor states = torch.tensor(new float[] { 0, 0, 0, 1, 0, 2, 1, 0, 1, 1, 1, 2 }, new long[] { 2, 3, 2 });
        Assert.Equal(new float[] { 0, 2, 1, 0 }, batch.AtLastPosition(states).data<float>().ToArray());
        Assert.Null(batch.Targets);
    }

    [Fact]
    public void Examples_become_a_batch_of_the_chosen_rows()
    {
        var examples = new NextItemExamples(new[] { 10, 11, 12 }, new[] { new[] { 1 }, new[] { 2, 3 }, new[] { 4, 5, 6 } },
            new[] { new[] { 2 }, new[] { 3, 4 }, new[] { 5, 6, 7 } }, PaddingIndex: 8);
        SequenceBatch batch = examples.Batch(torch.tensor(new long[] { 2, 0 }));
        Assert.Equal(new long[] { 4, 5, 6, 1, 8, 8 }, batch.Items.data<long>().ToArray());
        Assert.Equal(new long[] { 5, 6, 7, 2, 8, 8 }, batch.Targets!.data<long>().ToArray());
    }

    [Fact]
    public void Bad_rows_are_clear_errors()
    {
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => SequenceBatch.Pad(new[] { new[] { 1, 9 } }, null, paddingIndex: 9));
        Assert.Contains("Row 0, position 1: film 9 is outside 0 … 8", outside.Message);
        var empty = Assert.Throws<ArgumentException>(() => SequenceBatch.Pad(new[] { new[] { 1 }, Array.Empty<int>() }, null, 9));
        Assert.Contains("Sequence 1 is empty", empty.Message);
        var mismatch = Assert.Throws<ArgumentException>(() => SequenceBatch.Pad(new[] { new[] { 1, 2 } }, new[] { new[] { 2 } }, 9));
        Assert.Contains("2 films but 1 targets", mismatch.Message);
    }
}
