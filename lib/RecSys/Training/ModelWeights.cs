using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Training;

/// <summary>
/// A copy of a model's weights, kept outside any dispose scope: early stopping remembers the best epoch's weights
/// with <see cref="Copy"/> and puts them back with <see cref="RestoreInto"/>. Dispose it when done.
/// </summary>
public sealed class ModelWeights : IDisposable
{
    readonly Dictionary<string, Tensor> tensors;

    ModelWeights(Dictionary<string, Tensor> tensors) => this.tensors = tensors;

    /// <summary>Copies every parameter and buffer of <paramref name="model"/>, detached from the autograd graph.</summary>
    public static ModelWeights Copy(nn.Module model)
    {
        using var noGrad = torch.no_grad();
        var copies = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in model.state_dict())
        {
            // The detached view is freed here, not left to the finalizer: a copy is taken at every improving epoch.
            using Tensor detached = tensor.detach();
            copies[name] = detached.clone().DetachFromDisposeScope();
        }
        return new ModelWeights(copies);
    }

    /// <summary>Loads the copied weights back into <paramref name="model"/>.</summary>
    public void RestoreInto(nn.Module model) => model.load_state_dict(tensors);

    public void Dispose()
    {
        foreach (Tensor tensor in tensors.Values) tensor.Dispose();
    }
}
