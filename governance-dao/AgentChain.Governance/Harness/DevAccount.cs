using AgentChain.Core.Crypto;
using AgentChain.Core.Types;

namespace AgentChain.Governance.Harness;

/// <summary>A funded externally owned account of a <see cref="DevChain"/>: a label, its secp256k1 key and address.</summary>
public sealed class DevAccount
{
    private readonly byte[] _privateKey;

    /// <summary>A deterministic key derived from <paramref name="label"/> (keccak256 of the UTF-8 text), so runs reproduce.</summary>
    public DevAccount(string label)
    {
        Label = label;
        _privateKey = Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes("AgentChain.DevAccount:" + label)).ToArray();
        Address = Secp256k1.AddressFromPrivateKey(_privateKey);
    }

    /// <summary>An account with a given key (e.g. a dev account of the test mnemonic, derived by the caller).</summary>
    public DevAccount(string label, ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32) throw new ArgumentException($"a secp256k1 private key has 32 bytes, not {privateKey.Length}", nameof(privateKey));
        Label = label;
        _privateKey = privateKey.ToArray();
        Address = Secp256k1.AddressFromPrivateKey(_privateKey);
    }

    public string Label { get; }
    public Address Address { get; }
    public ReadOnlySpan<byte> PrivateKey => _privateKey;

    /// <summary>Signs a raw 32-byte digest (no EIP-191 prefix); r‖s‖v with v = 27 + recovery id.</summary>
    public byte[] SignDigest(Hash256 digest) => Secp256k1.Sign(_privateKey, digest).ToRsv();

    public override string ToString() => $"{Label} ({Address})";
}
