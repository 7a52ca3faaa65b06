using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Crypto;

/// <summary>
/// The native and managed backends must be interchangeable: same RFC 6979 low-s signature bytes, same recovery id,
/// same recovered signer, and each accepts the other's signatures. Seeded, so a failure reproduces.
/// </summary>
public class Secp256k1BackendAgreementTests
{
    private const int Cases = 1000;

    [Fact]
    public void NativeAndManagedAgreeOnRandomKeysAndMessages()
    {
        ISecp256k1Backend native = Secp256k1Tests.Get("native");
        ISecp256k1Backend managed = Secp256k1Tests.Get("managed");
        var random = new Random(20240611);
        var key = new byte[32];
        var message = new byte[32];
        Span<byte> nativeKey = stackalloc byte[64];
        Span<byte> managedKey = stackalloc byte[64];
        for (int i = 0; i < Cases; i++)
        {
            random.NextBytes(key);
            random.NextBytes(message);
            Assert.True(native.IsValidPrivateKey(key), $"case {i}: a random 32-byte key is valid with overwhelming probability");
            Assert.True(managed.IsValidPrivateKey(key));

            native.PublicKeyFromPrivate(key, nativeKey);
            managed.PublicKeyFromPrivate(key, managedKey);
            Assert.True(nativeKey.SequenceEqual(managedKey), $"case {i}: public keys differ");
            Address signer = Address.FromPublicKey(nativeKey);

            Secp256k1Signature nativeSignature = native.Sign(key, message);
            Secp256k1Signature managedSignature = managed.Sign(key, message);
            Assert.Equal(nativeSignature, managedSignature);
            Assert.True(nativeSignature.IsLowS);

            Assert.Equal(signer, native.RecoverAddress(message, managedSignature));
            Assert.Equal(signer, managed.RecoverAddress(message, nativeSignature));
            Assert.True(native.Verify(message, managedSignature, managedKey), $"case {i}: native rejects managed's signature");
            Assert.True(managed.Verify(message, nativeSignature, nativeKey), $"case {i}: managed rejects native's signature");
        }
    }

    [Fact]
    public void NativeAndManagedAgreeOnArbitraryRsAndRecoveryIds()
    {
        // Random (r, s, recovery id) triples: about half of the r values are not x coordinates of a curve point,
        // and recovery ids 2/3 need r + n < p, so this exercises the failure paths as well as success.
        ISecp256k1Backend native = Secp256k1Tests.Get("native");
        ISecp256k1Backend managed = Secp256k1Tests.Get("managed");
        var random = new Random(7);
        var bytes = new byte[64];
        var message = new byte[32];
        int recovered = 0, rejected = 0;
        for (int i = 0; i < 200; i++)
        {
            random.NextBytes(bytes);
            random.NextBytes(message);
            UInt256 r = UInt256.FromBigEndian(bytes.AsSpan(0, 32));
            if (i % 4 >= 2) r = new UInt256(r.U0, r.U1 & 0xFF); // small r so that r + n < p and recovery ids 2/3 can succeed
            var signature = new Secp256k1Signature(r, UInt256.FromBigEndian(bytes.AsSpan(32)), i % 4);
            string nativeResult = Outcome(native, message, signature);
            string managedResult = Outcome(managed, message, signature);
            Assert.Equal(nativeResult, managedResult);
            if (nativeResult.StartsWith("0x")) recovered++; else rejected++;
        }
        Assert.True(recovered > 20 && rejected > 20, $"recovered {recovered}, rejected {rejected}");
    }

    [Fact]
    public void TheSharedNativeContextRecoversCorrectlyFromManyThreadsAtOnce()
    {
        ISecp256k1Backend native = Secp256k1Tests.Get("native");
        const int Signers = 64;
        var hashes = new byte[Signers][];
        var signatures = new Secp256k1Signature[Signers];
        var expected = new Address[Signers];
        var random = new Random(99);
        for (int i = 0; i < Signers; i++)
        {
            var key = new byte[32];
            random.NextBytes(key);
            hashes[i] = new byte[32];
            random.NextBytes(hashes[i]);
            signatures[i] = native.Sign(key, hashes[i]);
            expected[i] = Secp256k1.AddressFromPrivateKey(key);
        }
        int mismatches = 0;
        Parallel.For(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            int i = n % Signers;
            if (native.RecoverAddress(hashes[i], signatures[i]) != expected[i]) Interlocked.Increment(ref mismatches);
        });
        Assert.Equal(0, mismatches);
    }

    private static string Outcome(ISecp256k1Backend backend, byte[] message, Secp256k1Signature signature)
    {
        try
        {
            return backend.RecoverAddress(message, signature).ToString();
        }
        catch (SignatureException)
        {
            return "rejected";
        }
    }
}
