using System.Text;
using AgentChain.Core.Encoding;
using AgentChain.Evm.Precompiles;

namespace AgentChain.Evm.Tests.Precompiles;

public class HashPrecompileTests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 60)]
    [InlineData("616263", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 72)]
    public void Sha256KnownAnswers(string input, string expected, long gas) =>
        PrecompileAssert.Succeeds(new Sha256Precompile(), input, expected, gas);

    [Theory]
    [InlineData("", "0000000000000000000000009c1185a5c5e9fc54612808977ee8f548b2258d31", 600)]
    [InlineData("616263", "0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc", 720)]
    public void Ripemd160KnownAnswersLeftPadded(string input, string expected, long gas) =>
        PrecompileAssert.Succeeds(new Ripemd160Precompile(), input, expected, gas);

    [Fact]
    public void PerWordGasRoundsUp()
    {
        var thirtyThree = new byte[33];
        Assert.Equal(60 + 2 * 12, new Sha256Precompile().GasCost(thirtyThree));
        Assert.Equal(600 + 2 * 120, new Ripemd160Precompile().GasCost(thirtyThree));
        Assert.Equal(15 + 2 * 3, new IdentityPrecompile().GasCost(thirtyThree));
        Assert.Equal(15, new IdentityPrecompile().GasCost([]));
    }

    [Fact]
    public void IdentityReturnsItsInput()
    {
        var input = Encoding.ASCII.GetBytes("governed agents");
        var result = new IdentityPrecompile().Run(input);
        Assert.True(result.Success);
        Assert.Equal(input, result.Output);
        Assert.Empty(new IdentityPrecompile().Run([]).Output);
    }

    [Fact]
    public void Sha256OfLongInputMatchesTheLibrary()
    {
        var input = new byte[1000];
        for (var i = 0; i < input.Length; i++) input[i] = (byte)i;
        Assert.Equal(Hex.Encode(System.Security.Cryptography.SHA256.HashData(input)), Hex.Encode(new Sha256Precompile().Run(input).Output));
    }
}
