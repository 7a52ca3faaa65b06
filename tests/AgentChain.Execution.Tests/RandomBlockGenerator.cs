using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.State;

namespace AgentChain.Execution.Tests;

/// <summary>
/// Random blocks for the determinism property: plain transfers among 2..10,000 accounts, token transfers (some
/// reverting), a shared counter (some reading the beneficiary's balance, some out of gas), contract creations
/// (one that self-destructs in its constructor), a contract that SELFDESTRUCTs its balance to the beneficiary,
/// transfers to the beneficiary, zero-tip transactions and nonce gaps. Everything follows from the seed.
/// </summary>
public sealed class RandomBlockGenerator
{
    // Hand-assembled runtimes (calldata layouts in the comments); addresses 0xc0de01.. in the genesis state.
    // token.transfer: calldata = to (32 bytes) ‖ amount (32 bytes); balances at slot = holder address; LOG3 on success.
    public static readonly byte[] TokenRuntime = Convert.FromHexString(
        "3354602035818111602857809103335560003580548201905560005260003533" + "60dd60206000a3005b60006000fd");
    // counter: slot0 += 1; with any calldata also stores BALANCE(COINBASE) at slot 1 (reads the beneficiary).
    public static readonly byte[] CounterRuntime = Convert.FromHexString("600054600101600055361560135741316001555b00");
    // bomb: SELFDESTRUCT to the beneficiary (Cancun: moves the balance, keeps the account).
    public static readonly byte[] BombRuntime = Convert.FromHexString("41ff");
    public static readonly byte[] ReverterRuntime = Convert.FromHexString("60006000fd");

    public static readonly Address Token = TestKeys.AddressOf(0xc0de01);
    public static readonly Address Counter = TestKeys.AddressOf(0xc0de02);
    public static readonly Address Bomb = TestKeys.AddressOf(0xc0de03);
    public static readonly Address Reverter = TestKeys.AddressOf(0xc0de04);

    private static readonly TestKeys[] Senders = TestKeys.Create(64);

    public sealed record GeneratedBlock(int Seed, int Accounts, BlockEnvironment Block, InMemoryState Genesis, IReadOnlyList<Transaction> Transactions);

    public static GeneratedBlock Generate(int seed)
    {
        var random = new Random(seed);
        int accounts = (int)Math.Round(Math.Exp(random.NextDouble() * Math.Log(10_000 / 2.0)) * 2);
        accounts = Math.Clamp(accounts, 2, 10_000);
        int senderCount = Math.Clamp(accounts, 2, Senders.Length);
        int txCount = random.Next(1, 161);
        Address coinbase = TestKeys.AddressOf(0xbeef00 + random.Next(3));

        var genesis = new InMemoryState();
        UInt256 rich = UInt256.Parse("1000000000000000000000");
        for (int i = 0; i < senderCount; i++) genesis.SetAccount(Senders[i].Address, 0, rich, Hash256.EmptyKeccak, null);
        for (int i = 0; i < accounts; i++) genesis.SetAccount(Recipient(i), 1, 1000, Hash256.EmptyKeccak, null);
        if (random.Next(2) == 0) genesis.SetAccount(coinbase, 0, 5, Hash256.EmptyKeccak, null);
        Deploy(genesis, Token, TokenRuntime, 0);
        Deploy(genesis, Counter, CounterRuntime, 0);
        Deploy(genesis, Bomb, BombRuntime, 10);
        Deploy(genesis, Reverter, ReverterRuntime, 0);
        for (int i = 0; i < senderCount; i++) genesis.SetStorage(Token, Slot(Senders[i].Address), 1_000_000);

        var nonces = new ulong[senderCount];
        var txs = new List<Transaction>(txCount);
        for (int n = 0; n < txCount; n++)
        {
            // Few senders make same-sender chains; many make independent transactions.
            int s = random.Next(senderCount);
            TestKeys sender = Senders[s];
            ulong tip = random.Next(30) == 0 ? 0UL : TestKeys.Tip;
            ulong nonce = nonces[s];
            if (random.Next(50) == 0) nonce += 1; // a gap: rejected, nonce not consumed
            else nonces[s]++;
            Address anyone = random.Next(4) == 0 ? Senders[random.Next(senderCount)].Address : Recipient(random.Next(accounts));
            int kind = random.Next(100);
            txs.Add(kind switch
            {
                < 35 => sender.Transfer(nonce, anyone, random.Next(8) == 0 ? 0 : (ulong)random.Next(1, 1000), tip: tip),
                < 52 => sender.Call(nonce, Token, 0, TokenTransfer(anyone, random.Next(10) == 0 ? 5_000_000UL : (ulong)random.Next(1, 100)), 100_000, tip),
                < 62 => sender.Call(nonce, Counter, 0, random.Next(3) == 0 ? [1] : [], 100_000, tip),
                < 66 => sender.Call(nonce, Counter, 0, [], 23_000, tip), // out of gas in SSTORE
                < 71 => sender.Call(nonce, null, 0, CreationCode(CounterRuntime), 200_000, tip),
                < 74 => sender.Call(nonce, null, 77, Convert.FromHexString("33ff"), 200_000, tip), // constructor self-destructs
                < 80 => sender.Call(nonce, Bomb, (ulong)random.Next(0, 50), [], 100_000, tip),
                < 87 => sender.Transfer(nonce, coinbase, (ulong)random.Next(0, 100), tip: tip),
                < 90 => sender.Call(nonce, Reverter, 5, [], 100_000, tip),
                _ => sender.Transfer(nonce, Senders[random.Next(senderCount)].Address, (ulong)random.Next(1, 1000), tip: tip),
            });
        }
        return new GeneratedBlock(seed, accounts, TestKeys.Block(coinbase), genesis, txs);
    }

    public static Address Recipient(int i) => TestKeys.AddressOf(0x100000 + i);

    public static UInt256 Slot(Address holder) => UInt256.FromBigEndian(holder.Bytes);

    public static byte[] TokenTransfer(Address to, UInt256 amount)
    {
        var data = new byte[64];
        to.Bytes.CopyTo(data.AsSpan(12));
        amount.WriteBigEndian(data.AsSpan(32));
        return data;
    }

    /// <summary>Init code: SSTORE(5, 7) in the constructor, then return <paramref name="runtime"/>.</summary>
    public static byte[] CreationCode(byte[] runtime)
    {
        byte length = checked((byte)runtime.Length);
        byte[] prefix = [0x60, 0x07, 0x60, 0x05, 0x55, 0x60, length, 0x60, 16, 0x60, 0x00, 0x39, 0x60, length, 0x60, 0x00, 0xf3];
        prefix[8] = (byte)prefix.Length;
        return [.. prefix, .. runtime];
    }

    private static void Deploy(InMemoryState state, Address address, byte[] runtime, UInt256 balance) =>
        state.SetAccount(address, 1, balance, AgentChain.Core.Crypto.Keccak256.Hash(runtime), runtime);
}
