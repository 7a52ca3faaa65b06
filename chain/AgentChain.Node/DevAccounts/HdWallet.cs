using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using AgentChain.Core.Crypto;
using AgentChain.Core.Types;

namespace AgentChain.Node.DevAccounts;

/// <summary>
/// BIP-39 seed from a mnemonic and BIP-32 private derivation along an Ethereum path (m/44'/60'/0'/0/i),
/// enough to reproduce the dev accounts every Ethereum tool derives from the same mnemonic. Only the private
/// (CKDpriv) derivation is needed: a non-hardened step hashes the parent's compressed public key.
/// </summary>
public static class HdWallet
{
    /// <summary>The mnemonic anvil, hardhat and foundry use for their dev accounts.</summary>
    public const string TestMnemonic = "test test test test test test test test test test test junk";

    private const uint Hardened = 0x8000_0000;

    private static readonly BigInteger CurveOrder = Secp256k1Signature.CurveOrder.ToBigInteger();

    /// <summary>BIP-39: PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + passphrase, 2048 rounds) → 64 bytes.</summary>
    public static byte[] SeedFromMnemonic(string mnemonic, string passphrase = "")
    {
        byte[] password = Encoding.UTF8.GetBytes(mnemonic.Normalize(NormalizationForm.FormKD));
        byte[] salt = Encoding.UTF8.GetBytes(("mnemonic" + passphrase).Normalize(NormalizationForm.FormKD));
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, 2048, HashAlgorithmName.SHA512, 64);
    }

    /// <summary>The private key at m/44'/60'/0'/0/<paramref name="index"/> (Ethereum's BIP-44 path).</summary>
    public static byte[] DeriveEthereumKey(byte[] seed, uint index) =>
        DerivePath(seed, [44 | Hardened, 60 | Hardened, 0 | Hardened, 0, index]);

    /// <summary>BIP-32: master key from HMAC-SHA512("Bitcoin seed", seed), then CKDpriv per path element.</summary>
    public static byte[] DerivePath(byte[] seed, ReadOnlySpan<uint> path)
    {
        byte[] master = HMACSHA512.HashData("Bitcoin seed"u8, seed);
        byte[] key = master[..32];
        byte[] chainCode = master[32..];
        foreach (uint index in path) (key, chainCode) = DeriveChild(key, chainCode, index);
        return key;
    }

    private static (byte[] Key, byte[] ChainCode) DeriveChild(byte[] parentKey, byte[] chainCode, uint index)
    {
        Span<byte> data = stackalloc byte[37];
        if ((index & Hardened) != 0)
        {
            data[0] = 0;
            parentKey.CopyTo(data[1..]);
        }
        else
        {
            Compress(Secp256k1.PublicKeyFromPrivate(parentKey), data[..33]);
        }
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data[33..], index);
        byte[] i = HMACSHA512.HashData(chainCode, data);
        var left = new BigInteger(i.AsSpan(0, 32), isUnsigned: true, isBigEndian: true);
        // BIP-32: IL ≥ n or a zero child key make this index invalid (probability ~2^-127); a dev tool may stop.
        if (left >= CurveOrder) throw new InvalidOperationException($"BIP-32 child {index} is invalid (IL ≥ n); use the next index");
        BigInteger child = (left + new BigInteger(parentKey, isUnsigned: true, isBigEndian: true)) % CurveOrder;
        if (child.IsZero) throw new InvalidOperationException($"BIP-32 child {index} is invalid (zero key); use the next index");
        var key = new byte[32];
        byte[] bytes = child.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(key, 32 - bytes.Length);
        return (key, i[32..]);
    }

    /// <summary>SEC 1 compressed point: 0x02/0x03 by the parity of Y, then X.</summary>
    private static void Compress(ReadOnlySpan<byte> publicKey64, Span<byte> destination33)
    {
        destination33[0] = (byte)(2 + (publicKey64[63] & 1));
        publicKey64[..32].CopyTo(destination33[1..]);
    }

    /// <summary>The first <paramref name="count"/> accounts of a mnemonic.</summary>
    public static IReadOnlyList<DevAccount> DeriveAccounts(string mnemonic, int count)
    {
        byte[] seed = SeedFromMnemonic(mnemonic);
        var accounts = new DevAccount[count];
        for (int i = 0; i < count; i++)
        {
            byte[] key = DeriveEthereumKey(seed, (uint)i);
            accounts[i] = new DevAccount(Secp256k1.AddressFromPrivateKey(key), key);
        }
        return accounts;
    }
}
