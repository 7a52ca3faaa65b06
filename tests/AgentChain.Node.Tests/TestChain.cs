using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using AgentChain.Node.DevAccounts;

namespace AgentChain.Node.Tests;

/// <summary>Signed transactions and small contracts for node tests.</summary>
internal static class TestChain
{
    public const ulong ChainId = 31337;
    public static readonly IReadOnlyList<DevAccount> Accounts = HdWallet.DeriveAccounts(HdWallet.TestMnemonic, 3);
    public static readonly UInt256 Gwei = new(1_000_000_000UL);

    public static Transaction Transfer(DevAccount from, ulong nonce, Address to, ulong value = 1, ulong maxFeeGwei = 10, ulong tipGwei = 1, ulong chainId = ChainId, ulong gas = 21_000, byte[]? data = null) =>
        new Transaction
        {
            Type = TransactionType.DynamicFee, ChainId = chainId, Nonce = nonce, MaxFeePerGas = Gwei * new UInt256(maxFeeGwei),
            MaxPriorityFeePerGas = Gwei * new UInt256(tipGwei), GasLimit = gas, To = to, Value = value, Data = data ?? [],
        }.Sign(from.PrivateKey);

    /// <summary>Runtime code that reverts with Error("nope").</summary>
    public static byte[] RevertingCode()
    {
        var code = new List<byte> { 0x7f, 0x08, 0xc3, 0x79, 0xa0 };
        code.AddRange(new byte[28]);
        code.AddRange([0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x04, 0x52, 0x60, 0x04, 0x60, 0x24, 0x52, 0x7f, (byte)'n', (byte)'o', (byte)'p', (byte)'e']);
        code.AddRange(new byte[28]);
        code.AddRange([0x60, 0x44, 0x52, 0x60, 0x64, 0x60, 0x00, 0xfd]);
        return [.. code];
    }

    /// <summary>Runtime code that returns the word 42.</summary>
    public static byte[] Returns42Code() => [0x60, 42, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3];

    /// <summary>Runtime code that emits LOG1(topic = 0x11..11) with no data.</summary>
    public static byte[] LoggingCode()
    {
        var code = new List<byte> { 0x7f };
        code.AddRange(Enumerable.Repeat((byte)0x11, 32));
        code.AddRange([0x60, 0x00, 0x60, 0x00, 0xa1, 0x00]);
        return [.. code];
    }

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "agentchain-node-tests-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
