using System.Numerics;
using AgentChain.Core.Numerics;

namespace AgentChain.Evm;

/// <summary>Cancun gas constants (Yellow Paper appendix G, with EIP-2929, EIP-3529, EIP-3860, EIP-4844, EIP-1153).</summary>
public static class GasCosts
{
    public const long Zero = 0, Base = 2, VeryLow = 3, Low = 5, Mid = 8, High = 10, JumpDest = 1;
    public const long WarmAccess = 100, ColdAccountAccess = 2600, ColdSload = 2100;
    public const long SstoreSet = 20000, SstoreReset = 2900, SstoreSentry = 2300, SstoreClearsRefund = 4800;
    public const long Exp = 10, ExpByte = 50;
    public const long Keccak = 30, KeccakWord = 6, CopyWord = 3;
    public const long Log = 375, LogTopic = 375, LogData = 8;
    public const long Create = 32000, CodeDeposit = 200, InitCodeWord = 2;
    public const long CallValue = 9000, CallStipend = 2300, NewAccount = 25000;
    public const long SelfDestruct = 5000, BlockHash = 20;
    public const long Memory = 3, QuadCoeffDiv = 512;

    public const long TxBase = 21000, TxCreate = 32000, TxDataZero = 4, TxDataNonZero = 16;
    public const long TxAccessListAddress = 2400, TxAccessListSlot = 1900;
    public const long MaxRefundQuotient = 5;

    public const int MaxCodeSize = 24576, MaxInitCodeSize = 2 * MaxCodeSize, MaxCallDepth = 1024;

    public const ulong BlobGasPerBlob = 131072, MaxBlobGasPerBlock = 786432;
    public const ulong BlobBaseFeeUpdateFraction = 3338477;

    public static long Words(long bytes) => (bytes + 31) >> 5;

    /// <summary>Memory cost of <paramref name="words"/> words: 3·w + w²/512 (Yellow Paper C_mem).</summary>
    public static long MemoryCost(long words) => Memory * words + words * words / QuadCoeffDiv;

    /// <summary>EIP-4844 fake_exponential: factor · e^(numerator/denominator) by Taylor series in integers.</summary>
    public static UInt256 FakeExponential(ulong factor, ulong numerator, ulong denominator)
    {
        BigInteger i = 1, output = 0, acc = new BigInteger(factor) * denominator;
        while (acc > 0)
        {
            output += acc;
            acc = acc * numerator / (denominator * i);
            i++;
        }
        BigInteger result = output / denominator;
        return result.GetByteCount(isUnsigned: true) > 32 ? UInt256.MaxValue : UInt256.FromBigInteger(result);
    }
}
