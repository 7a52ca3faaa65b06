using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using AgentChain.Evm;

namespace AgentChain.Execution.Tests;

/// <summary>Deterministic test keys (key i is keccak("agentchain-test-key" ‖ i)) and transaction helpers.</summary>
public sealed record TestKeys(byte[] PrivateKey, Address Address)
{
    public const ulong ChainId = 1337;
    public const ulong BaseFee = 7;
    public const ulong Tip = 2;

    public static TestKeys[] Create(int count, int offset = 0) =>
        Enumerable.Range(offset, count).Select(i =>
        {
            byte[] key = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes($"agentchain-test-key-{i}")).ToArray();
            return new TestKeys(key, Address.FromPublicKey(Secp256k1.PublicKeyFromPrivate(key)));
        }).ToArray();

    public static Address AddressOf(int n)
    {
        Span<byte> b = stackalloc byte[20];
        b.Clear();
        b[0] = 0xaa;
        b[18] = (byte)(n >> 8);
        b[19] = (byte)n;
        return new Address(b);
    }

    public static BlockEnvironment Block(Address coinbase) => new()
    {
        Coinbase = coinbase, Number = 1, Timestamp = 1_700_000_000, GasLimit = 30_000_000_000, BaseFee = BaseFee, PrevRandao = 1, ChainId = ChainId,
    };

    public Transaction Transfer(ulong nonce, Address to, UInt256 value, ulong gas = 21_000, ulong tip = Tip) => Call(nonce, to, value, [], gas, tip);

    public Transaction Call(ulong nonce, Address? to, UInt256 value, byte[] data, ulong gas, ulong tip = Tip) => new Transaction
    {
        Type = TransactionType.DynamicFee, ChainId = ChainId, Nonce = nonce, MaxFeePerGas = BaseFee + tip, MaxPriorityFeePerGas = tip,
        GasLimit = gas, To = to, Value = value, Data = data,
    }.Sign(PrivateKey);
}
