using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Transactions;

/// <summary>
/// A transaction of any type Cancun accepts (legacy, EIP-2930, EIP-1559, EIP-4844). Immutable once built; fields a
/// type does not have stay at their defaults (<see cref="GasPrice"/> is for types 0 and 1, the fee caps for 2 and 3,
/// blob fields for 3). <see cref="TransactionDecoder"/> reads the canonical encoding, <see cref="TransactionEncoder"/>
/// writes it, <see cref="TransactionValidator"/> applies the protocol rules.
/// <code>
/// var tx = new Transaction { Type = TransactionType.DynamicFee, ChainId = 1, Nonce = 0, MaxFeePerGas = 30_000_000_000UL,
///                            GasLimit = 21_000, To = recipient, Value = 1 }.Sign(privateKey);
/// byte[] raw = tx.Encode(); Hash256 hash = tx.Hash; Address from = tx.RecoverSender();
/// </code>
/// </summary>
public sealed class Transaction
{
    private object? _hash;
    private object? _sender;

    public TransactionType Type { get; init; }

    /// <summary>The chain the signature is bound to; null only for a pre-EIP-155 legacy transaction.</summary>
    public ulong? ChainId { get; init; }

    public ulong Nonce { get; init; }

    /// <summary>Price per gas of a legacy or EIP-2930 transaction.</summary>
    public UInt256 GasPrice { get; init; }

    /// <summary>EIP-1559 tip cap (types 2 and 3).</summary>
    public UInt256 MaxPriorityFeePerGas { get; init; }

    /// <summary>EIP-1559 fee cap (types 2 and 3).</summary>
    public UInt256 MaxFeePerGas { get; init; }

    public ulong GasLimit { get; init; }

    /// <summary>The recipient, or null for a contract creation.</summary>
    public Address? To { get; init; }

    public UInt256 Value { get; init; }

    /// <summary>Call data, or the init code of a creation.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>EIP-2930 access list (types 1, 2, 3).</summary>
    public IReadOnlyList<AccessListItem> AccessList { get; init; } = [];

    /// <summary>EIP-4844 blob gas fee cap (type 3).</summary>
    public UInt256 MaxFeePerBlobGas { get; init; }

    /// <summary>EIP-4844 versioned hashes of the blobs (type 3).</summary>
    public IReadOnlyList<Hash256> BlobVersionedHashes { get; init; } = [];

    /// <summary>The signature, or null for an unsigned transaction. Its recovery id is the y parity.</summary>
    public Secp256k1Signature? Signature { get; init; }

    public bool IsContractCreation => To is null;

    /// <summary>The most the sender pays per gas: the gas price (types 0, 1) or the fee cap (types 2, 3).</summary>
    public UInt256 MaxFeePerGasOrGasPrice => Type <= TransactionType.AccessList ? GasPrice : MaxFeePerGas;

    /// <summary>
    /// The v as encoded: 27/28 for a pre-EIP-155 legacy transaction, 2·chainId + 35/36 for an EIP-155 one, the
    /// y parity 0/1 for typed ones.
    /// </summary>
    public UInt256 V
    {
        get
        {
            Secp256k1Signature signature = Signature ?? throw new InvalidOperationException("the transaction is not signed");
            if (Type != TransactionType.Legacy) return (ulong)signature.RecoveryId;
            if (ChainId is not { } chainId) return 27UL + (ulong)signature.RecoveryId;
            return UInt256.FromBigInteger(new System.Numerics.BigInteger(chainId) * 2 + 35 + signature.RecoveryId);
        }
    }

    /// <summary>The hash that is signed (for legacy with a chain id, EIP-155's form).</summary>
    public Hash256 SigningHash() => Keccak256.Hash(TransactionEncoder.EncodeForSigning(this));

    /// <summary>Keccak-256 of the canonical encoding: the transaction hash clients and explorers show.</summary>
    public Hash256 Hash
    {
        get
        {
            if (Volatile.Read(ref _hash) is Hash256 cached) return cached;
            if (Signature is null) throw new InvalidOperationException("an unsigned transaction has no hash; sign it first");
            Hash256 hash = Keccak256.Hash(TransactionEncoder.Encode(this));
            Volatile.Write(ref _hash, hash);
            return hash;
        }
    }

    /// <summary>The canonical encoding: type ‖ rlp(fields) for typed transactions, rlp(fields) for legacy.</summary>
    public byte[] Encode() => TransactionEncoder.Encode(this);

    /// <summary>
    /// The signer, recovered from the signature through <see cref="Secp256k1"/> (computed once, then cached).
    /// Throws <see cref="SignatureException"/> when no key can be recovered. This does not apply the validity
    /// rules (low s, chain id); see <see cref="TransactionValidator"/>.
    /// </summary>
    public Address RecoverSender()
    {
        if (Volatile.Read(ref _sender) is Address cached) return cached;
        Secp256k1Signature signature = Signature ?? throw new InvalidOperationException("an unsigned transaction has no sender");
        Address sender = Secp256k1.RecoverAddress(SigningHash(), signature);
        Volatile.Write(ref _sender, sender);
        return sender;
    }

    /// <summary>A copy carrying <paramref name="signature"/> (which must have y parity 0 or 1).</summary>
    public Transaction WithSignature(Secp256k1Signature signature)
    {
        if ((uint)signature.RecoveryId > 1)
            throw new SignatureException($"a transaction signature's y parity is 0 or 1, got recovery id {signature.RecoveryId}");
        return Copy(signature);
    }

    /// <summary>Signs the transaction's signing hash with the private key (RFC 6979, low s) and returns the signed copy.</summary>
    public Transaction Sign(ReadOnlySpan<byte> privateKey32) => WithSignature(Secp256k1.Sign(privateKey32, SigningHash()));

    // A fresh object rather than a clone, so the cached hash and sender never carry over.
    private Transaction Copy(Secp256k1Signature signature) => new()
    {
        Type = Type, ChainId = ChainId, Nonce = Nonce, GasPrice = GasPrice, MaxPriorityFeePerGas = MaxPriorityFeePerGas,
        MaxFeePerGas = MaxFeePerGas, GasLimit = GasLimit, To = To, Value = Value, Data = Data, AccessList = AccessList,
        MaxFeePerBlobGas = MaxFeePerBlobGas, BlobVersionedHashes = BlobVersionedHashes, Signature = signature,
    };
}
