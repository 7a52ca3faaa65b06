namespace AgentChain.Core.Transactions;

/// <summary>The gas a transaction costs before any code runs, under Cancun rules.</summary>
public static class IntrinsicGas
{
    public const ulong Transaction = 21_000;
    /// <summary>Extra base cost of a contract creation (EIP-2, Homestead).</summary>
    public const ulong ContractCreation = 32_000;
    public const ulong ZeroDataByte = 4;
    /// <summary>EIP-2028 (Istanbul) lowered it from 68.</summary>
    public const ulong NonZeroDataByte = 16;
    public const ulong AccessListAddress = 2_400;
    public const ulong AccessListStorageKey = 1_900;
    /// <summary>EIP-3860 (Shanghai): charged per 32-byte word of creation code.</summary>
    public const ulong InitCodeWord = 2;
    /// <summary>EIP-3860: creation code longer than 2 × the EIP-170 code size limit is invalid.</summary>
    public const int MaxInitCodeSize = 2 * 24_576;

    /// <summary>21000 (+32000 and 2 per initcode word for a creation) + calldata + access list.</summary>
    public static ulong Calculate(Transaction transaction)
    {
        ReadOnlySpan<byte> data = transaction.Data.Span;
        ulong gas = Transaction;
        if (transaction.IsContractCreation)
            gas += ContractCreation + InitCodeWord * (((ulong)data.Length + 31) / 32);
        int zeros = data.Count((byte)0);
        gas += ZeroDataByte * (ulong)zeros + NonZeroDataByte * (ulong)(data.Length - zeros);
        foreach (AccessListItem item in transaction.AccessList)
            gas += AccessListAddress + AccessListStorageKey * (ulong)item.StorageKeys.Count;
        return gas;
    }
}
