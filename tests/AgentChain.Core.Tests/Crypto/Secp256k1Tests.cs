using System.Numerics;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Crypto;

public class Secp256k1Tests
{
    public static TheoryData<string> Backends => new() { "native", "managed" };

    internal static ISecp256k1Backend Get(string name) => name switch
    {
        "native" => Secp256k1.Native ?? throw new InvalidOperationException(
            $"libsecp256k1 is not loadable here ({Secp256k1NativeBackend.LoadFailure}); install the libsecp256k1-1 package"),
        "managed" => Secp256k1.Managed,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] Key(string hex) => Hex.Decode(hex);

    private static readonly byte[] PrivateKeyOne = Key("0x0000000000000000000000000000000000000000000000000000000000000001");

    // EIP-155's worked example: key 0x4646…46, signing hash of the example transaction, and its (r, s, v = 37).
    private static readonly byte[] Eip155Key = Key("0x4646464646464646464646464646464646464646464646464646464646464646");
    private static readonly Hash256 Eip155SigningHash = Hash256.Parse("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    private static readonly Secp256k1Signature Eip155Signature = new(
        UInt256.Parse("18515461264373351373200002665853028612451056578545711640558177340181847433846"),
        UInt256.Parse("46948507304638947509940763649030358759909902576025900602547168820602576006531"),
        0);
    private static readonly Address Eip155Signer = Address.Parse("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F");

    [Theory]
    [MemberData(nameof(Backends))]
    public void PrivateKeyOneControlsTheKnownAddress(string backend)
    {
        Span<byte> publicKey = stackalloc byte[64];
        Get(backend).PublicKeyFromPrivate(PrivateKeyOne, publicKey);
        // Key 1's public key is the generator G.
        Assert.Equal("0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8",
            Hex.Encode(publicKey));
        Assert.Equal(Address.Parse("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"), Address.FromPublicKey(publicKey));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void RecoversTheSignerOfAKnownEthereumSignature(string backend)
    {
        Assert.Equal(Eip155Signer, Get(backend).RecoverAddress(Eip155SigningHash.Bytes, Eip155Signature));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void SigningIsRfc6979AndReproducesTheKnownSignature(string backend)
    {
        var backendImpl = Get(backend);
        Secp256k1Signature signature = backendImpl.Sign(Eip155Key, Eip155SigningHash.Bytes);
        Assert.Equal(Eip155Signature, signature);
        Span<byte> publicKey = stackalloc byte[64];
        backendImpl.PublicKeyFromPrivate(Eip155Key, publicKey);
        Assert.True(backendImpl.Verify(Eip155SigningHash.Bytes, signature, publicKey));
        Assert.Equal(Eip155Signer, Address.FromPublicKey(publicKey));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void HighSIsAcceptedByRecoverAndVerifyWithTheFlippedRecoveryId(string backend)
    {
        var backendImpl = Get(backend);
        var high = new Secp256k1Signature(Eip155Signature.R, Subtract(Secp256k1Signature.CurveOrder, Eip155Signature.S), Eip155Signature.RecoveryId ^ 1);
        Assert.False(high.IsLowS);
        Assert.Equal(Eip155Signer, backendImpl.RecoverAddress(Eip155SigningHash.Bytes, high));
        Span<byte> publicKey = stackalloc byte[64];
        backendImpl.PublicKeyFromPrivate(Eip155Key, publicKey);
        Assert.True(backendImpl.Verify(Eip155SigningHash.Bytes, high, publicKey));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void VerifyReturnsFalseForAnotherMessageOrKey(string backend)
    {
        var backendImpl = Get(backend);
        Span<byte> publicKey = stackalloc byte[64];
        backendImpl.PublicKeyFromPrivate(Eip155Key, publicKey);
        var otherHash = Keccak256.Hash("other"u8);
        Assert.False(backendImpl.Verify(otherHash.Bytes, Eip155Signature, publicKey));
        backendImpl.PublicKeyFromPrivate(PrivateKeyOne, publicKey);
        Assert.False(backendImpl.Verify(Eip155SigningHash.Bytes, Eip155Signature, publicKey));
    }

    [Fact]
    public void FacadeUsesNativeWhenAvailableAndSignsAndRecovers()
    {
        if (Environment.GetEnvironmentVariable(Secp256k1.BackendVariable) is null && Secp256k1.Native is not null)
            Assert.Same(Secp256k1.Native, Secp256k1.Backend);
        Secp256k1Signature signature = Secp256k1.Sign(Eip155Key, Eip155SigningHash);
        Assert.Equal(Eip155Signer, Secp256k1.RecoverAddress(Eip155SigningHash, signature));
        Assert.Equal(Eip155Signer, Secp256k1.AddressFromPrivateKey(Eip155Key));
        Assert.Equal(Secp256k1.PublicKeyFromPrivate(Eip155Key), Secp256k1.RecoverPublicKey(Eip155SigningHash, signature));
        Assert.True(Secp256k1.Verify(Eip155SigningHash, signature, Secp256k1.PublicKeyFromPrivate(Eip155Key)));
    }

    [Fact]
    public void RsvRoundTripsAndAcceptsBothVConventions()
    {
        byte[] rsv = Eip155Signature.ToRsv();
        Assert.Equal(27, rsv[64]);
        Assert.Equal(Eip155Signature, Secp256k1Signature.FromRsv(rsv));
        rsv[64] = 0;
        Assert.Equal(Eip155Signature, Secp256k1Signature.FromRsv(rsv));
        rsv[64] = 31;
        Assert.Throws<SignatureException>(() => Secp256k1Signature.FromRsv(rsv));
        Assert.Throws<SignatureException>(() => Secp256k1Signature.FromRsv(rsv.AsSpan(0, 64)));
    }

    public static TheoryData<string, string> MalformedSignatures()
    {
        var data = new TheoryData<string, string>();
        foreach (string backend in new[] { "native", "managed" })
        foreach (string kind in new[] { "r=0", "s=0", "r=n", "s=n", "r=max", "s=max", "recId=4", "recId=-1", "recId=255" })
            data.Add(backend, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedSignatures))]
    public void MalformedSignaturesThrowSignatureExceptionOnRecoverAndVerify(string backend, string kind)
    {
        var backendImpl = Get(backend);
        UInt256 r = Eip155Signature.R, s = Eip155Signature.S;
        int recoveryId = 0;
        switch (kind)
        {
            case "r=0": r = UInt256.Zero; break;
            case "s=0": s = UInt256.Zero; break;
            case "r=n": r = Secp256k1Signature.CurveOrder; break;
            case "s=n": s = Secp256k1Signature.CurveOrder; break;
            case "r=max": r = UInt256.MaxValue; break;
            case "s=max": s = UInt256.MaxValue; break;
            case "recId=4": recoveryId = 4; break;
            case "recId=-1": recoveryId = -1; break;
            case "recId=255": recoveryId = 255; break;
        }
        var signature = new Secp256k1Signature(r, s, recoveryId);
        Assert.False(signature.IsValid);
        var recover = Assert.Throws<SignatureException>(() => backendImpl.RecoverAddress(Eip155SigningHash.Bytes, signature));
        Assert.Contains(kind.StartsWith("recId") ? "recovery id" : kind[..1], recover.Message);
        byte[] publicKey = new byte[64];
        backendImpl.PublicKeyFromPrivate(Eip155Key, publicKey);
        if (kind.StartsWith("recId"))
            Assert.True(backendImpl.Verify(Eip155SigningHash.Bytes, signature, publicKey)); // verification ignores the recovery id
        else
            Assert.Throws<SignatureException>(() => backendImpl.Verify(Eip155SigningHash.Bytes, signature, publicKey));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void WrongLengthsThrowSignatureException(string backend)
    {
        var backendImpl = Get(backend);
        byte[] publicKey = new byte[64];
        backendImpl.PublicKeyFromPrivate(Eip155Key, publicKey);
        Assert.Throws<SignatureException>(() => backendImpl.Sign(new byte[31], Eip155SigningHash.Bytes));
        Assert.Throws<SignatureException>(() => backendImpl.Sign(Eip155Key, new byte[33]));
        Assert.Throws<SignatureException>(() => backendImpl.RecoverAddress(new byte[31], Eip155Signature));
        Assert.Throws<SignatureException>(() => backendImpl.Verify(Eip155SigningHash.Bytes, Eip155Signature, publicKey.AsSpan(0, 63)));
        Assert.Throws<SignatureException>(() => backendImpl.Verify(new byte[0], Eip155Signature, publicKey));
        Assert.Throws<SignatureException>(() => backendImpl.PublicKeyFromPrivate(new byte[33], new byte[64]));
    }

    public static TheoryData<string, string> InvalidPrivateKeys()
    {
        var data = new TheoryData<string, string>();
        string n = "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
        foreach (string backend in new[] { "native", "managed" })
        foreach (string key in new[] { "0x" + new string('0', 64), n, "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142", "0x" + new string('f', 64) })
            data.Add(backend, key);
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidPrivateKeys))]
    public void InvalidPrivateKeysThrowSignatureException(string backend, string keyHex)
    {
        var backendImpl = Get(backend);
        byte[] key = Hex.Decode(keyHex);
        Assert.False(backendImpl.IsValidPrivateKey(key));
        var e = Assert.Throws<SignatureException>(() => backendImpl.Sign(key, Eip155SigningHash.Bytes));
        Assert.Contains("private key", e.Message);
        Assert.Throws<SignatureException>(() => backendImpl.PublicKeyFromPrivate(key, new byte[64]));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void PublicKeyOffTheCurveThrowsSignatureException(string backend)
    {
        var backendImpl = Get(backend);
        byte[] publicKey = new byte[64];
        backendImpl.PublicKeyFromPrivate(Eip155Key, publicKey);
        publicKey[63] ^= 1;
        var e = Assert.Throws<SignatureException>(() => backendImpl.Verify(Eip155SigningHash.Bytes, Eip155Signature, publicKey));
        Assert.Contains("not a point", e.Message);
        Array.Fill(publicKey, (byte)0xff); // coordinates ≥ p
        Assert.Throws<SignatureException>(() => backendImpl.Verify(Eip155SigningHash.Bytes, Eip155Signature, publicKey));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void UnrecoverableSignatureThrowsSignatureException(string backend)
    {
        // r = n − 1 with recovery id 2 asks for R.x = r + n = 2n − 1 ≥ p: no such field element.
        var signature = new Secp256k1Signature(Subtract(Secp256k1Signature.CurveOrder, UInt256.One), UInt256.One, 2);
        var e = Assert.Throws<SignatureException>(() => Get(backend).RecoverAddress(Eip155SigningHash.Bytes, signature));
        Assert.Contains("no public key can be recovered", e.Message);
    }

    internal static UInt256 Subtract(UInt256 a, UInt256 b) => UInt256.FromBigInteger(a.ToBigInteger() - b.ToBigInteger());
}
