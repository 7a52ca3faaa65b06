using AgentChain.Core.Encoding;
using AgentChain.Evm.Precompiles;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace AgentChain.Evm.Tests.Precompiles;

/// <summary>EIP-7951 / RIP-7212 P256VERIFY: the go-ethereum p256Verify.json vector, invalid inputs, and fresh signatures.</summary>
public class P256VerifyPrecompileTests
{
    private static readonly P256VerifyPrecompile P256 = new();
    private const string One = "0000000000000000000000000000000000000000000000000000000000000001";

    private const string Hash = "4cee90eb86eaa050036147a12d49004b6b9c72bd725d39d4785011fe190f0b4d";
    private const string R = "a73bd4903f0ce3b639bbbf6e8e80d16931ff4bcf5993d58468e8fb19086e8cac";
    private const string S = "36dbcd03009df8c59286b162af3bd7fcc0450c9aa81be5d10d312af6c66b1d60";
    private const string X = "4aebd3099c618202fcfe16ae7770b0c49ab5eadf74b754204a3bb6060e44eff3";
    private const string Y = "7618b065f9832de4ca6ca971a7a1adc826d0f7c00181a5fb2ddf79ae00b4e10e";
    private const string N = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    private const string P = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
    private const string Zero = "0000000000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public void VerifiesAValidSignature() => PrecompileAssert.Succeeds(P256, Hash + R + S + X + Y, One, 6900);

    [Theory]
    [InlineData(Hash + R + S + X + Y + "00")]                 // 161 bytes
    [InlineData(Hash + R + S + X)]                             // 128 bytes
    [InlineData("")]
    [InlineData(Hash + Zero + S + X + Y)]                      // r = 0
    [InlineData(Hash + R + Zero + X + Y)]                      // s = 0
    [InlineData(Hash + N + S + X + Y)]                         // r = n
    [InlineData(Hash + R + N + X + Y)]                         // s = n
    [InlineData(Hash + R + S + Zero + Zero)]                   // infinity encoding
    [InlineData(Hash + R + S + X + "7618b065f9832de4ca6ca971a7a1adc826d0f7c00181a5fb2ddf79ae00b4e10f")] // off curve
    [InlineData(Hash + R + S + P + Y)]                         // x = p
    [InlineData("5cee90eb86eaa050036147a12d49004b6b9c72bd725d39d4785011fe190f0b4d" + R + S + X + Y)] // other hash
    [InlineData(Hash + S + R + X + Y)]                         // r and s swapped
    public void AnyFailureGivesEmptyOutputNotAFailedCall(string input) =>
        PrecompileAssert.Succeeds(P256, input, "", 6900);

    [Fact]
    public void VerifiesFreshSignaturesIncludingHighS()
    {
        var curve = SecNamedCurves.GetByName("secp256r1");
        var domain = new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
        var random = new SecureRandom();
        for (var i = 0; i < 4; i++)
        {
            var d = new BcBigInteger(256, random).Mod(curve.N.Subtract(BcBigInteger.One)).Add(BcBigInteger.One);
            var q = curve.G.Multiply(d).Normalize();
            var hash = new byte[32];
            random.NextBytes(hash);
            var signer = new ECDsaSigner();
            signer.Init(true, new ECPrivateKeyParameters(d, domain));
            var rs = signer.GenerateSignature(hash);
            // Both s and n - s verify: EIP-7951 does not impose low-s.
            var s = i % 2 == 0 ? rs[1] : curve.N.Subtract(rs[1]);
            var input = Hex.Encode(hash, prefix: false) + Word(rs[0]) + Word(s)
                + Word(q.AffineXCoord.ToBigInteger()) + Word(q.AffineYCoord.ToBigInteger());
            PrecompileAssert.Succeeds(P256, input, One, 6900);
        }
    }

    private static string Word(BcBigInteger value) => Hex.Encode(value.ToByteArrayUnsigned(), prefix: false).PadLeft(64, '0');

    [Fact]
    public void IsInTheAgentChainSetOnlyAtAddress0x100()
    {
        var address = PrecompileSet.AddressOf(0x100);
        Assert.Equal("0x0000000000000000000000000000000000000100", address.ToLowerHex());
        Assert.True(PrecompileSet.AgentChain.Contains(address));
        Assert.False(PrecompileSet.Cancun.Contains(address));
    }
}
