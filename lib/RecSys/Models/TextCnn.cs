using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/05-convolutional-content.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// TextCNN (Kim 2014): word embeddings learned from scratch → one 1-D convolution per kernel width (each filter an
/// n-gram detector) → ReLU → max over time → the concatenation is the text's feature vector → dropout → a linear
/// output layer. Input: (texts × length) word indices, 0 for padding.
/// </summary>
public sealed class TextCnn : nn.Module<Tensor, Tensor>
{
    public readonly Embedding WordEmbeddings;
    public readonly ModuleList<Conv1d> Convolutions;
    public readonly Dropout FeatureDropout;
    public readonly Linear Output;
    public int[] KernelWidths { get; }
    public int FeatureSize { get; }

    public TextCnn(int vocabularySize, int embeddingSize, int filtersPerWidth, int[] kernelWidths, int outputs, double dropout, Device? device = null)
        : base(nameof(TextCnn))
    {
        if (kernelWidths.Length == 0) throw new ArgumentException("TextCNN needs at least one kernel width, e.g. { 2, 3, 4, 5 }.", nameof(kernelWidths));
        KernelWidths = kernelWidths;
        FeatureSize = filtersPerWidth * kernelWidths.Length;
        WordEmbeddings = nn.Embedding(vocabularySize, embeddingSize, padding_idx: 0);
        Convolutions = nn.ModuleList(kernelWidths.Select(width => nn.Conv1d(embeddingSize, filtersPerWidth, width)).ToArray());
        FeatureDropout = nn.Dropout(dropout);
        Output = nn.Linear(FeatureSize, outputs);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>
    /// Each filter's strongest response anywhere in the text, (texts × filters), width by width: the text's feature
    /// vector. Texts must be at least as long as the widest kernel (pad them).
    /// </summary>
    public Tensor Features(Tensor words)
    {
        if (words.shape[1] < KernelWidths.Max())
            throw new ArgumentException($"Texts of {words.shape[1]} words are shorter than the widest kernel ({KernelWidths.Max()}): encode them with a length of at least {KernelWidths.Max()}.", nameof(words));
        Tensor embedded = WordEmbeddings.forward(words).transpose(1, 2);   // (texts × embedding × length): channels first
        var pooled = Convolutions.Select(conv => nn.functional.relu(conv.forward(embedded)).amax(new long[] { 2 })).ToArray();
        return torch.cat(pooled, 1);
    }

    /// <summary>One score (a logit) per output for each text.</summary>
    public override Tensor forward(Tensor words) => Output.forward(FeatureDropout.forward(Features(words)));
}
