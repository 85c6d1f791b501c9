using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/05-convolutional-content.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// A hybrid item tower for implicit feedback: x_ui = p_u · v_i + b_i with v_i = m_i q_i + Σ_c W_c f_c(i) and
/// b_i = m_i b^cf_i + Σ_c w_c · f_c(i), where q_i, b^cf_i are the film's collaborative embedding and bias and f_c(i)
/// its fixed content vectors (text, poster). In training m_i is 0 with probability <c>collaborativeDropout</c>
/// (DropoutNet, Volkovs et al. 2017), so the content part learns to place a film alone; at inference m_i = 1 for a
/// film with training data, and <see cref="ScoreAllFromContent"/> uses m_i = 0 for films nobody has rated.
/// </summary>
public sealed class HybridItemTower : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding UserFactors, ItemFactors, ItemBias;
    public readonly ModuleList<Linear> ContentProjections;   // content size → factors + 1 (the last column: the content's bias)
    readonly Tensor[] content;
    readonly int factors;
    public double CollaborativeDropout { get; }

    public HybridItemTower(int userCount, int itemCount, int factors, IReadOnlyList<Tensor> contentVectors, double collaborativeDropout,
        double initStd = 0.1, Device? device = null) : base(nameof(HybridItemTower))
    {
        if (collaborativeDropout is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(collaborativeDropout), collaborativeDropout, "A dropout rate is a probability between 0 and 1.");
        foreach (Tensor c in contentVectors)
            if (c.shape[0] != itemCount) throw new ArgumentException($"A content matrix has {c.shape[0]} rows for {itemCount} films: give one row per film (zeros where a film has none).", nameof(contentVectors));
        this.factors = factors;
        CollaborativeDropout = collaborativeDropout;
        UserFactors = nn.Embedding(userCount, factors);
        ItemFactors = nn.Embedding(itemCount, factors);
        ItemBias = nn.Embedding(itemCount, 1);
        ContentProjections = nn.ModuleList(contentVectors.Select(c => nn.Linear(c.shape[1], factors + 1)).ToArray());
        using (torch.no_grad())
        {
            nn.init.normal_(UserFactors.weight!, std: initStd);
            nn.init.normal_(ItemFactors.weight!, std: initStd);
            nn.init.zeros_(ItemBias.weight!);
        }
        RegisterComponents();
        if (device != null) this.to(device);
        content = contentVectors.Select(c => c.to(UserFactors.weight!.device).detach()).ToArray();   // fixed inputs, not trained
    }

    /// <summary>Each film's vector and bias from its content alone, (films × (factors + 1)).</summary>
    Tensor FromContent(Tensor items)
    {
        Tensor sum = torch.zeros(items.shape[0], factors + 1, device: items.device);
        for (int c = 0; c < content.Length; c++) sum = sum + ContentProjections[c].forward(content[c][items]);
        return sum;
    }

    /// <summary>[v_i ; b_i] for each film; <paramref name="keep"/> (1 or 0 per film) is m_i.</summary>
    Tensor ItemVectors(Tensor items, Tensor keep) =>
        FromContent(items) + keep.unsqueeze(1) * torch.cat(new[] { ItemFactors.forward(items), ItemBias.forward(items) }, 1);

    /// <summary>x_ui for each pair; in train() mode each film's collaborative part is dropped with the tower's rate.</summary>
    public override Tensor forward(Tensor users, Tensor items)
    {
        Tensor keep = training && CollaborativeDropout > 0
            ? torch.bernoulli(torch.full(new[] { items.shape[0] }, 1 - CollaborativeDropout, device: items.device))
            : torch.ones(new[] { items.shape[0] }, device: items.device);
        Tensor item = ItemVectors(items, keep);
        Tensor user = UserFactors.forward(users);
        return (user * item[.., ..factors]).sum(1) + item[.., factors];
    }

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

    /// <summary>‖p_u‖² + ‖q_i‖² + ‖q_j‖² + b_i² + b_j²: BPR-MF's penalty on the collaborative parameters of each triple.</summary>
    public Tensor Penalty(Tensor users, Tensor positives, Tensor negatives) =>
        UserFactors.forward(users).pow(2).sum(1) + ItemFactors.forward(positives).pow(2).sum(1) + ItemFactors.forward(negatives).pow(2).sum(1)
        + ItemBias.forward(positives).squeeze(1).pow(2) + ItemBias.forward(negatives).squeeze(1).pow(2);

    /// <summary>
    /// Content vectors as the tower expects them: each column scaled to mean 0 and standard deviation 1 over the films
    /// that have content (<paramref name="hasContent"/>), and the rows of films without content set to 0, the average film.
    /// </summary>
    public static Tensor Standardize(Tensor vectors, bool[] hasContent)
    {
        using var scope = torch.NewDisposeScope();
        Tensor present = torch.tensor(hasContent, device: vectors.device);
        Tensor rows = vectors[present];
        Tensor scaled = (vectors - rows.mean(new long[] { 0 }, keepdim: true)) / rows.std(0, keepdim: true).clamp_min(1e-6);
        return (scaled * present.unsqueeze(1).to(scaled.dtype)).detach().MoveToOuterDisposeScope();
    }
}
