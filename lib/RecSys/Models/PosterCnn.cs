using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/05-convolutional-content.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// A small image CNN trained from scratch: three blocks of 3×3 convolution → ReLU → 2×2 max pooling (channels
/// <c>channels</c>, 2×, 4×), then the average over the remaining positions is the image's feature vector → dropout →
/// a linear output layer. Input: (images × 3 × height × width), values scaled to about [−1, 1].
/// </summary>
public sealed class PosterCnn : nn.Module<Tensor, Tensor>
{
    public readonly Sequential Blocks;
    public readonly Dropout FeatureDropout;
    public readonly Linear Output;
    public int FeatureSize { get; }

    public PosterCnn(int channels, int outputs, double dropout, Device? device = null) : base(nameof(PosterCnn))
    {
        FeatureSize = 4 * channels;
        Blocks = nn.Sequential(
            nn.Conv2d(3, channels, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(channels, 2 * channels, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(2 * channels, 4 * channels, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2));
        FeatureDropout = nn.Dropout(dropout);
        Output = nn.Linear(FeatureSize, outputs);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>The image's feature vector, (images × FeatureSize): each channel of the last block averaged over positions.</summary>
    public Tensor Features(Tensor images) => Blocks.forward(images).mean(new long[] { 2, 3 });

    /// <summary>One score (a logit) per output for each image.</summary>
    public override Tensor forward(Tensor images) => Output.forward(FeatureDropout.forward(Features(images)));
}
