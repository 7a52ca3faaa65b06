using AgentChain.Inference.Reproducible.Operators;

namespace AgentChain.Inference.Tests;

/// <summary>The register-blocked float32 MatMul kernel gives the bits of the plain ascending-k loop, for every tile shape and tail.</summary>
public sealed class FloatMatrixKernelTests
{
    [Theory]
    [InlineData(1, 64, 128)]
    [InlineData(4, 64, 128)]
    [InlineData(4, 13, 3)]
    [InlineData(3, 30, 16)]
    [InlineData(2, 7, 37)]
    [InlineData(4, 1, 17)]
    [InlineData(4, 0, 9)]
    [InlineData(1, 128, 10)]
    [InlineData(4, 9, 47)]
    [InlineData(3, 5, 40)]
    [InlineData(4, 3, 70)]
    [InlineData(4, 17, 112)]
    public void Multiply_IsBitIdenticalToTheAscendingKLoop(int rows, int k, int n)
    {
        float[] a = TestModels.Values(rows * k, 21, 3f), b = TestModels.Values(k * n, 22, 0.7f);
        var expected = new float[rows * n];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < n; j++)
            {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc += a[r * k + p] * b[p * n + j];
                expected[r * n + j] = acc;
            }
        var actual = new float[rows * n];
        FloatMatrixKernel.Multiply(a, b, FloatMatrixKernel.TailPanel(b, k, n), actual, rows, k, n);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"element {i}: {actual[i]:R}, ascending-k loop gives {expected[i]:R}");
    }

    [Fact]
    public void Multiply_RefusesATileThatDoesNotFit()
    {
        Assert.Throws<ArgumentException>(() => FloatMatrixKernel.Multiply(new float[8], new float[8], [], new float[4], 5, 2, 1));
        Assert.Throws<ArgumentException>(() => FloatMatrixKernel.Multiply(new float[3], new float[8], [], new float[8], 2, 2, 4));
    }
}
