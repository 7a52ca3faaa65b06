using AgentChain.Core.Encoding;
using AgentChain.Evm.Precompiles;

namespace AgentChain.Evm.Tests.Precompiles;

/// <summary>Checks one published vector: price, success, and output bytes.</summary>
internal static class PrecompileAssert
{
    public static void Succeeds(IPrecompile precompile, string inputHex, string expectedHex, long expectedGas)
    {
        var input = Hex.Decode(inputHex);
        Assert.Equal(expectedGas, precompile.GasCost(input));
        var result = precompile.Run(input);
        Assert.True(result.Success, result.Error);
        Assert.Equal(expectedHex.ToLowerInvariant(), Hex.Encode(result.Output, prefix: false));
    }

    public static void Fails(IPrecompile precompile, string inputHex, string expectedErrorFragment)
    {
        var result = precompile.Run(Hex.Decode(inputHex));
        Assert.False(result.Success);
        Assert.Empty(result.Output);
        Assert.Contains(expectedErrorFragment, result.Error);
    }
}
