using AgentChain.Evm.Precompiles;

namespace AgentChain.Evm.Tests.Precompiles;

public class PointEvaluationPrecompileTests
{
    [Fact]
    public void ChargesEip4844GasAndFailsClearlyBecauseKzgIsNotAvailable()
    {
        var precompile = new PointEvaluationPrecompile();
        var input = new byte[192];
        Assert.Equal(50000, precompile.GasCost(input));
        var result = precompile.Run(input);
        Assert.False(result.Success);
        Assert.Empty(result.Output);
        Assert.StartsWith("KZG point evaluation not supported: ", result.Error);
    }
}
