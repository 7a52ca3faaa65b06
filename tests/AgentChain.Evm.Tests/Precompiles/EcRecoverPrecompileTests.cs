using AgentChain.Evm.Precompiles;

namespace AgentChain.Evm.Tests.Precompiles;

/// <summary>Vectors from go-ethereum core/vm/testdata/precompiles/ecRecover.json.</summary>
public class EcRecoverPrecompileTests
{
    private const string Hash = "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c";
    private const string R = "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f";
    private const string S = "eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549";
    private const string V28 = "000000000000000000000000000000000000000000000000000000000000001c";

    [Fact]
    public void RecoversTheSignerAddress() =>
        PrecompileAssert.Succeeds(new EcRecoverPrecompile(), Hash + V28 + R + S,
            "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b", 3000);

    [Theory]
    [InlineData("100000000000000000000000000000000000000000000000000000000000001c")] // high bits set in v
    [InlineData("000000000000000000000000000000000000001000000000000000000000001c")]
    [InlineData("000000000000000000000000000000000000001000000000000000000000011c")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000001d")] // v = 29
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001")] // v = 1 (not 27/28)
    public void InvalidVGivesEmptyOutput(string v) =>
        PrecompileAssert.Succeeds(new EcRecoverPrecompile(), Hash + v + R + S, "", 3000);

    [Fact]
    public void UnrecoverableKeyGivesEmptyOutput() =>
        PrecompileAssert.Succeeds(new EcRecoverPrecompile(),
            "a8b53bdf3306a35a7103ab5504a0c9b492295564b6202b1942a84ef300107281000000000000000000000000000000000000000000000000000000000000001b307835653165303366353363653138623737326363623030393366663731663366353366356337356237346463623331613835616138623838393262346538621122334455667788991011121314151617181920212223242526272829303132",
            "", 3000);

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", S)] // r = 0
    [InlineData(R, "0000000000000000000000000000000000000000000000000000000000000000")] // s = 0
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", S)] // r = n
    [InlineData(R, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")] // s = n
    public void OutOfRangeSignatureValuesGiveEmptyOutput(string r, string s) =>
        PrecompileAssert.Succeeds(new EcRecoverPrecompile(), Hash + V28 + r + s, "", 3000);

    [Fact]
    public void ShortInputIsZeroPaddedAndLongInputTruncated()
    {
        // Padding: the same call with its trailing zero bytes cut is unchanged; extra bytes are ignored.
        PrecompileAssert.Succeeds(new EcRecoverPrecompile(), Hash + V28 + R + S + "ffff",
            "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b", 3000);
        PrecompileAssert.Succeeds(new EcRecoverPrecompile(), Hash + V28[..20], "", 3000);
        PrecompileAssert.Succeeds(new EcRecoverPrecompile(), "", "", 3000);
    }
}
