using System.Diagnostics;
using System.Text;
using TorchSharp;

namespace RecSys.Tests.Sequences;

/// <summary>A training log that records the live tensors and the resident memory at each epoch's progress line.</summary>
sealed class EpochProbe : TextWriter
{
    public List<long> LiveTensors { get; } = new();
    public List<double> ResidentMegabytes { get; } = new();
    public override Encoding Encoding => Encoding.UTF8;

    public override void WriteLine(string? value)
    {
        if (value == null || !value.StartsWith("epoch")) return;
        // No forced collection: tensors that a missing dispose scope leaves to the finalizer pile up here.
        LiveTensors.Add(torch.Tensor.TotalCount);
        using var process = Process.GetCurrentProcess();
        ResidentMegabytes.Add(process.WorkingSet64 / 1e6);
    }
}
