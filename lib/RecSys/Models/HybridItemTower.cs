using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/05-convolutional-content.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// A hybrid item tower for implicit feedback: x_ui = p_u · v_i + b_i with v_i = m_i q_i + Σ_c W_c f_c(i) and
/// b_i = m_i b^cf_i + Σ_c w_c · f_c(i), where q_i, b^cf_i are the film's collaborative embedding and bias, f_c(i)
/// its fixed content vectors (text, poster) and m_i ∈ {0, 1} says whether the collaborative part is used: 1 for a
/// film with training data (<see cref="ScoreAll"/>), 0 for a film nobody has rated (<see cref="ScoreAllFromContent"/>).
/// Training drops it on purpose (<see cref="HybridTraining"/>), so the content part learns to place a film alone.
/// </summary>
public sealed class HybridItemTower : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding UserFactors, ItemFactors, ItemBias;
    public readonly ModuleList<Linear> ContentProjections;   // content size → factors + 1 (the last column: the content's bias)
    readonly Tensor[] content;
    readonly int factors;

    public HybridItemTower(int userCount, int itemCount, int factors, IReadOnlyList<Tensor> contentVectors, double initStd = 0.1, Device? device = null)
        : base(nameof(HybridItemTower))
    {
        foreach (Tensor c in contentVectors)
            if (c.shape[0] != itemCount) throw new ArgumentException($"A content matrix has {c.shape[0]} rows for {itemCount} films: give one row per film (zeros where a film has none).", nameof(contentVectors));
        this.factors = factors;
        UserFactors = nn.Embedding(userCount, factors);
        ItemFactors = nn.Embedding(itemCount, factors);
        ItemBias = nn.Embedding(itemCount, 1);
        ContentProjections = nn.ModuleList(contentVectors.Select(c => nn.Linear(c.shape[1], factors + 1)).ToArray());
        using (torch.no_grad())
        {
            nn.init.normal_(UserFactors.weight!, std: initStd);
            nn.init.normal_(ItemFactors.weight!, std: initStd);
            nn.init.zeros_(ItemBias.weight!);
            foreach (Linear projection in ContentProjections)
            {
                nn.init.zeros_(projection.weight!);   // the tower starts as BPR-MF; the content part grows from the data
                nn.init.zeros_(projection.bias!);
            }
        }
        RegisterComponents();
        if (device != null) this.to(device);
        content = contentVectors.Select(c => c.to(UserFactors.weight!.device).detach()).ToArray();   // fixed inputs, not trained
    }

    /// <summary>Each film's [W t_i + W p_i ; w · t_i + w · p_i], its vector and bias from its content alone, (films × (factors + 1)).</summary>
    public Tensor ContentPart(Tensor items)
    {
        Tensor sum = torch.zeros(items.shape[0], factors + 1, device: items.device);
        for (int c = 0; c < content.Length; c++) sum = sum + ContentProjections[c].forward(content[c][items]);
        return sum;
    }

    /// <summary>Each film's collaborative [q_i ; b^cf_i], (films × (factors + 1)).</summary>
    public Tensor CollaborativePart(Tensor items) => torch.cat(new[] { ItemFactors.forward(items), ItemBias.forward(items) }, 1);

    /// <summary>[v_i ; b_i] for each film, (films × (factors + 1)); <paramref name="keep"/> (1 or 0 per film) is m_i.</summary>
    public Tensor ItemVectors(Tensor items, Tensor keep) => ContentPart(items) + keep.unsqueeze(1) * CollaborativePart(items);

    /// <summary>x_ui = p_u · v_i + b_i for each pair of a user vector and a film's [v_i ; b_i].</summary>
    public Tensor Score(Tensor userVectors, Tensor itemVectors) =>
        (userVectors * itemVectors[.., ..factors]).sum(1) + itemVectors[.., factors];

    /// <summary>x_ui for each pair, collaborative parts kept.</summary>
    public override Tensor forward(Tensor users, Tensor items) =>
        Score(UserFactors.forward(users), ItemVectors(items, torch.ones(new[] { items.shape[0] }, device: items.device)));

    /// <summary>Every film's score for each user, collaborative parts kept (warm films).</summary>
    public Tensor ScoreAll(Tensor users) => ScoreAll(users, keepCollaborative: 1);

    /// <summary>Every film's score for each user from the films' content alone (cold films: m_i = 0).</summary>
    public Tensor ScoreAllFromContent(Tensor users) => ScoreAll(users, keepCollaborative: 0);

    Tensor ScoreAll(Tensor users, float keepCollaborative)
    {
        Tensor all = torch.arange(ItemFactors.weight!.shape[0], device: users.device);
        Tensor item = ItemVectors(all, torch.full(new[] { all.shape[0] }, keepCollaborative, device: users.device));
        return UserFactors.forward(users).mm(item[.., ..factors].t()) + item[.., factors].unsqueeze(0);
    }

    /// <summary>
    /// ‖p_u‖² + ‖v_i‖² + ‖v_j‖² (biases included): BPR-MF's penalty, on the films' whole vectors as used in the
    /// step (collaborative and content parts), so the content projections are held back like q_i.
    /// </summary>
    public static Tensor Penalty(Tensor userVectors, Tensor positiveVectors, Tensor negativeVectors) =>
        userVectors.pow(2).sum(1) + positiveVectors.pow(2).sum(1) + negativeVectors.pow(2).sum(1);

    /// <summary>
    /// Content vectors as the tower expects them: each column centred on its mean over the films that have content
    /// (<paramref name="hasContent"/>), the whole matrix scaled to standard deviation 1 (one scale for all columns, so
    /// a feature that hardly varies stays small), and the rows of films without content set to 0, the average film.
    /// </summary>
    public static Tensor Standardize(Tensor vectors, bool[] hasContent)
    {
        using var scope = torch.NewDisposeScope();
        Tensor present = torch.tensor(hasContent, device: vectors.device);
        Tensor centred = vectors - vectors[present].mean(new long[] { 0 }, keepdim: true);
        Tensor scaled = centred / centred[present].std().clamp_min(1e-6);
        return (scaled * present.unsqueeze(1).to(scaled.dtype)).detach().MoveToOuterDisposeScope();
    }
}
