using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Tests.Build;

public class TorchSharpLoadsTests
{
    [Fact]
    public void A_tiny_linear_model_trains_in_the_test_process()
    {
        torch.random.manual_seed(1);
        // y = 3x - 2 plus nothing: a linear layer must find it.
        Tensor x = torch.linspace(-1, 1, 64).reshape(64, 1);
        Tensor y = 3 * x - 2;
        var model = nn.Linear(1, 1);
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.1);
        var losses = new List<float>();
        for (int step = 0; step < 200; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = nn.functional.mse_loss(model.forward(x), y);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        Assert.True(losses[^1] < losses[0] / 100, $"loss went from {losses[0]} to {losses[^1]}");
        Assert.Equal(3.0, model.weight!.item<float>(), 2);
        Assert.Equal(-2.0, model.bias!.item<float>(), 2);
    }
}
