using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecSys.Models;

/// <summary>
/// Biased matrix factorisation (Koren, Bell &amp; Volinsky 2009): r̂(u,i) = μ + b_u + b_i + p_u · q_i.
/// Chapter 02 builds this model step by step; later chapters use this copy as a baseline, and the tests and
/// benchmarks train it.
/// </summary>
public sealed class BiasedMatrixFactorization : nn.Module<Tensor, Tensor, Tensor>
{
    readonly Embedding userFactors, itemFactors, userBias, itemBias;
    readonly float globalMean;

    public BiasedMatrixFactorization(int userCount, int itemCount, int factors, float globalMean, double initStd = 0.01)
        : base(nameof(BiasedMatrixFactorization))
    {
        userFactors = nn.Embedding(userCount, factors);
        itemFactors = nn.Embedding(itemCount, factors);
        userBias = nn.Embedding(userCount, 1);
        itemBias = nn.Embedding(itemCount, 1);
        this.globalMean = globalMean;
        using (torch.no_grad())
        {
            nn.init.normal_(userFactors.weight!, std: initStd);
            nn.init.normal_(itemFactors.weight!, std: initStd);
            nn.init.zeros_(userBias.weight!);
            nn.init.zeros_(itemBias.weight!);
        }
        RegisterComponents();
    }

    /// <summary>Predicted ratings of the pairs (users[k], items[k]).</summary>
    public override Tensor forward(Tensor users, Tensor items)
    {
        Tensor dot = (userFactors.forward(users) * itemFactors.forward(items)).sum(1);
        return dot + userBias.forward(users).squeeze(1) + itemBias.forward(items).squeeze(1) + globalMean;
    }
}
