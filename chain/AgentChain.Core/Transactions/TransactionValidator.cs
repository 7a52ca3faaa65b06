using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Transactions;

/// <summary>
/// The stateless validity rules of a transaction under Cancun: what a node checks before it looks at the sender's
/// account. Each violation is an <see cref="InvalidTransactionException"/> saying which rule; a signature from which no
/// sender can be recovered is a <see cref="SignatureException"/>.
/// </summary>
public static class TransactionValidator
{
    /// <summary>EIP-4844: every versioned hash starts with the KZG version byte.</summary>
    public const byte BlobCommitmentVersionKzg = 0x01;

    /// <summary>EIP-4844 (Cancun): MAX_BLOB_GAS_PER_BLOCK / GAS_PER_BLOB; a transaction with more blobs can never be included.</summary>
    public const int MaxBlobsPerTransaction = 786_432 / GasPerBlob;

    /// <summary>EIP-4844: blob gas per blob.</summary>
    public const int GasPerBlob = 131_072;

    /// <summary>Checks every stateless rule, then recovers and returns the sender.</summary>
    public static Address ValidateAndRecoverSender(Transaction transaction, ulong chainId)
    {
        Validate(transaction, chainId);
        return transaction.RecoverSender();
    }

    /// <summary>Checks every stateless rule except that a sender can be recovered (which costs an EC operation).</summary>
    public static void Validate(Transaction tx, ulong chainId)
    {
        Secp256k1Signature signature = tx.Signature ?? throw new InvalidTransactionException("the transaction is not signed");

        if (tx.ChainId is { } txChainId && txChainId != chainId)
            throw new InvalidTransactionException($"chain id mismatch: the transaction is for chain {txChainId}, this chain is {chainId}");
        if (tx.Type != TransactionType.Legacy && tx.ChainId is null)
            throw new InvalidTransactionException($"a type 0x{(byte)tx.Type:x2} transaction must carry a chain id");

        if (signature.R.IsZero || signature.R >= Secp256k1Signature.CurveOrder)
            throw new InvalidTransactionException("invalid signature: r must be in [1, n−1]");
        if (signature.S.IsZero || signature.S >= Secp256k1Signature.CurveOrder)
            throw new InvalidTransactionException("invalid signature: s must be in [1, n−1]");
        if (!signature.IsLowS)
            throw new InvalidTransactionException("invalid signature: s is in the upper half of the curve order (EIP-2 requires s ≤ n/2)");
        if ((uint)signature.RecoveryId > 1)
            throw new InvalidTransactionException($"invalid signature: y parity must be 0 or 1, got {signature.RecoveryId}");

        // EIP-2681: the nonce stays below 2^64 − 1 so that incrementing it cannot overflow.
        if (tx.Nonce == ulong.MaxValue)
            throw new InvalidTransactionException("nonce 2^64 − 1 is not allowed (EIP-2681)");

        if (tx.Type is (TransactionType.DynamicFee or TransactionType.Blob) && tx.MaxPriorityFeePerGas > tx.MaxFeePerGas)
        {
            throw new InvalidTransactionException(
                $"max priority fee per gas {tx.MaxPriorityFeePerGas} is above max fee per gas {tx.MaxFeePerGas} (EIP-1559)");
        }
        if (MultiplyOverflows(tx.GasLimit, tx.MaxFeePerGasOrGasPrice))
        {
            throw new InvalidTransactionException(
                $"gas limit {tx.GasLimit} × fee per gas {tx.MaxFeePerGasOrGasPrice} exceeds 2^256 − 1: no balance can pay for it");
        }

        if (tx.IsContractCreation && tx.Data.Length > IntrinsicGas.MaxInitCodeSize)
            throw new InvalidTransactionException($"init code is {tx.Data.Length} bytes; the limit is {IntrinsicGas.MaxInitCodeSize} (EIP-3860)");

        switch (tx.Type)
        {
            case TransactionType.Blob:
                ValidateBlobFields(tx);
                break;
            case TransactionType.Legacy or TransactionType.AccessList or TransactionType.DynamicFee:
                if (tx.BlobVersionedHashes.Count != 0 || !tx.MaxFeePerBlobGas.IsZero)
                    throw new InvalidTransactionException($"only a blob (type 0x03) transaction may carry blob fields, this is type 0x{(byte)tx.Type:x2}");
                break;
            default:
                throw new InvalidTransactionException($"transaction type 0x{(byte)tx.Type:x2} is not supported");
        }
        if (tx.Type == TransactionType.Legacy && tx.AccessList.Count != 0)
            throw new InvalidTransactionException("a legacy transaction cannot carry an access list");

        ulong intrinsic = IntrinsicGas.Calculate(tx);
        if (tx.GasLimit < intrinsic)
            throw new InvalidTransactionException($"gas limit {tx.GasLimit} is below the intrinsic gas {intrinsic}");
    }

    private static void ValidateBlobFields(Transaction tx)
    {
        if (tx.To is null)
            throw new InvalidTransactionException("a blob transaction cannot create a contract: 'to' must be an address (EIP-4844)");
        int count = tx.BlobVersionedHashes.Count;
        if (count == 0)
            throw new InvalidTransactionException("a blob transaction must carry at least one blob versioned hash (EIP-4844)");
        if (count > MaxBlobsPerTransaction)
            throw new InvalidTransactionException($"{count} blobs exceed the {MaxBlobsPerTransaction} a Cancun block can hold");
        for (int i = 0; i < count; i++)
        {
            byte version = tx.BlobVersionedHashes[i].Bytes[0];
            if (version != BlobCommitmentVersionKzg)
                throw new InvalidTransactionException($"blob versioned hash {i} has version 0x{version:x2}; EIP-4844 requires 0x01 (KZG)");
        }
        if (MultiplyOverflows((ulong)count * GasPerBlob, tx.MaxFeePerBlobGas))
            throw new InvalidTransactionException($"blob gas × max fee per blob gas {tx.MaxFeePerBlobGas} exceeds 2^256 − 1");
    }

    /// <summary>Whether a · b ≥ 2^256, by schoolbook multiplication of b's 64-bit limbs with carries.</summary>
    private static bool MultiplyOverflows(ulong a, in UInt256 b)
    {
        ulong carry = 0;
        foreach (ulong limb in (ReadOnlySpan<ulong>)[b.U0, b.U1, b.U2, b.U3])
        {
            ulong high = Math.BigMul(a, limb, out ulong low);
            ulong sum = low + carry;
            carry = high + (sum < low ? 1UL : 0UL);
        }
        return carry != 0;
    }
}
