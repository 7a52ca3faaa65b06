namespace AgentChain.Core.Transactions;

/// <summary>The EIP-2718 envelope type: the first byte of a typed transaction, or <see cref="Legacy"/> for a bare RLP list.</summary>
public enum TransactionType : byte
{
    /// <summary>Pre-EIP-2718: an RLP list, v = 27/28 or, with EIP-155 replay protection, 2·chainId + 35/36.</summary>
    Legacy = 0,

    /// <summary>EIP-2930: legacy gas price plus an access list.</summary>
    AccessList = 1,

    /// <summary>EIP-1559: max fee and max priority fee per gas.</summary>
    DynamicFee = 2,

    /// <summary>EIP-4844: an EIP-1559 call that also carries versioned hashes of blobs.</summary>
    Blob = 3,
}
