using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/02-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// Matrix factorisation for implicit feedback, trained with BPR (Rendle et al. 2009): x_ui = p_u · q_i + b_i, a
/// score whose only meaning is its order. Users need no bias: it would shift all of a user's scores alike.
/// </summary>
public sealed class BprMatrixFactorization : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding UserFactors, ItemFactors, ItemBias;

    public BprMatrixFactorization(int userCount, int itemCount, int factors, double initStd = 0.1, Device? device = null)
        : base(nameof(BprMatrixFactorization))
    {
        UserFactors = nn.Embedding(userCount, factors);
        ItemFactors = nn.Embedding(itemCount, factors);
        ItemBias = nn.Embedding(itemCount, 1);
        using (torch.no_grad())
        {
            nn.init.normal_(UserFactors.weight!, std: initStd);
            nn.init.normal_(ItemFactors.weight!, std: initStd);
            nn.init.zeros_(ItemBias.weight!);
        }
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>x_ui = p_u · q_i + b_i for each pair (users[k], items[k]).</summary>
    public override Tensor forward(Tensor users, Tensor items) =>
        (UserFactors.forward(users) * ItemFactors.forward(items)).sum(1) + ItemBias.forward(items).squeeze(1);

    /// <summary>Every film's score for each user in the batch: P_batch Qᵀ + bᵀ, a (users × films) matrix.</summary>
    public Tensor ScoreAll(Tensor users) => UserFactors.forward(users).mm(ItemFactors.weight!.t()) + ItemBias.weight!.t();

    /// <summary>‖p_u‖² + ‖q_i‖² + ‖q_j‖² + b_i² + b_j² for each triple (user, positive i, negative j).</summary>
    public Tensor Penalty(Tensor users, Tensor positives, Tensor negatives) =>
        UserFactors.forward(users).pow(2).sum(1) + ItemFactors.forward(positives).pow(2).sum(1) + ItemFactors.forward(negatives).pow(2).sum(1)
        + ItemBias.forward(positives).squeeze(1).pow(2) + ItemBias.forward(negatives).squeeze(1).pow(2);
}
