using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;

namespace AgentChain.Bench.Parallel;

/// <summary>A benchmark key (keccak("agentchain-bench-key-" ‖ i)) and its address, with a transaction builder.</summary>
internal sealed record BenchAccount(byte[] PrivateKey, Address Address)
{
    public const ulong ChainId = 7_777;
    public static readonly UInt256 BaseFee = 1_000_000_000UL;
    public static readonly UInt256 Tip = 1_000_000_000UL;

    public static BenchAccount Derive(int index)
    {
        byte[] key = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes($"agentchain-bench-key-{index}")).ToArray();
        return new BenchAccount(key, Address.FromPublicKey(Secp256k1.PublicKeyFromPrivate(key)));
    }

    public Transaction Send(ulong nonce, Address? to, UInt256 value, byte[] data, ulong gas) => new Transaction
    {
        Type = TransactionType.DynamicFee, ChainId = ChainId, Nonce = nonce, MaxFeePerGas = BaseFee + Tip, MaxPriorityFeePerGas = Tip,
        GasLimit = gas, To = to, Value = value, Data = data,
    }.Sign(PrivateKey);
}
