using System.Text.Json.Nodes;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.Evm.Handler;
using AgentChain.Node.Chain;
using AgentChain.Node.Storage;
using AgentChain.Node.Threading;
using AgentChain.Node.Tracing;

namespace AgentChain.Node.Tests;

/// <summary>
/// debug_traceTransaction / debug_traceCall with geth's callTracer: frames of every kind, failures in geth's words,
/// logs with positions, the config options, and re-execution of a block's earlier transactions.
/// </summary>
public sealed class TracingTests : IDisposable
{
    private readonly string _dir = TestChain.TempDirectory();
    private readonly LocalChain _chain;

    private static readonly Address Returns42 = Address.Parse("0x0000000000000000000000000000000000001000");
    private static readonly Address Caller = Address.Parse("0x0000000000000000000000000000000000002000");
    private static readonly Address Reverter = Address.Parse("0x0000000000000000000000000000000000003000");
    private static readonly Address Looper = Address.Parse("0x0000000000000000000000000000000000004000");
    private static readonly Address Counter = Address.Parse("0x0000000000000000000000000000000000005000");
    private static readonly Hash256 Topic = new(Enumerable.Repeat((byte)0x22, 32).ToArray());

    public TracingTests()
    {
        _chain = new LocalChain(new ChainOptions(), new SqliteChainStore(Path.Combine(_dir, "chain.sqlite")));
        _chain.SetCode(Returns42, TestChain.Returns42Code());
        _chain.SetCode(Reverter, TestChain.RevertingCode());
        _chain.SetCode(Caller, CallerCode());
        _chain.SetCode(Looper, [0x5b, 0x60, 0x00, 0x56]); // JUMPDEST PUSH1 0 JUMP: burns all gas it gets
        _chain.SetCode(Counter, [0x60, 0x00, 0x54, 0x60, 0x01, 0x01, 0x60, 0x00, 0x55, 0x00]); // slot0 += 1
        Mine(); // the dev-method changes above now lie before a block, so later blocks re-execute exactly
    }

    /// <summary>CALL Returns42, STATICCALL Reverter, CALL Looper with 10,000 gas, then LOG1(Topic); stops.</summary>
    private static byte[] CallerCode()
    {
        var code = new List<byte>();
        code.AddRange([0x60, 0x20, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x61, 0x10, 0x00, 0x5a, 0xf1, 0x50]);
        code.AddRange([0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x61, 0x30, 0x00, 0x5a, 0xfa, 0x50]);
        code.AddRange([0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x61, 0x40, 0x00, 0x61, 0x27, 0x10, 0xf1, 0x50]);
        code.Add(0x7f);
        code.AddRange(Topic.Bytes.ToArray());
        code.AddRange([0x60, 0x00, 0x60, 0x00, 0xa1, 0x00]);
        return [.. code];
    }

    private Block Mine() => LargeStack.Run(() => _chain.ProduceBlock(force: true))!;

    private Hash256 Send(int account, ulong nonce, Address to, ulong value = 0, ulong gas = 300_000) =>
        _chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[account], nonce, to, value, gas: gas).Encode());

    [Fact]
    public void NestedCallsRevertsAndOutOfGasAreTracedAsGethDoes()
    {
        Hash256 hash = Send(0, 0, Caller);
        Mine();
        Receipt receipt = _chain.GetReceipt(hash)!;
        CallFrame top = _chain.TraceTransaction(hash, new CallTracerOptions())!;

        Assert.Equal(CallKind.Call, top.Type);
        Assert.Equal(TestChain.Accounts[0].Address, top.From);
        Assert.Equal(Caller, top.To);
        Assert.Equal(300_000, top.Gas);
        Assert.Equal((long)receipt.GasUsed, top.GasUsed);
        Assert.Null(top.Error);
        Assert.Equal(UInt256.Zero, top.Value);
        Assert.Empty(top.Logs); // withLog is off
        Assert.Equal(3, top.Calls.Count);

        CallFrame call = top.Calls[0];
        Assert.Equal(CallKind.Call, call.Type);
        Assert.Equal(Caller, call.From);
        Assert.Equal(Returns42, call.To);
        Assert.Equal(new UInt256(42UL), UInt256.FromBigEndian(call.Output));
        Assert.True(call.GasUsed > 0 && call.GasUsed < call.Gas);

        CallFrame staticCall = top.Calls[1];
        Assert.Equal(CallKind.StaticCall, staticCall.Type);
        Assert.Null(staticCall.Value);
        Assert.Equal("execution reverted", staticCall.Error);
        Assert.Equal("nope", staticCall.RevertReason);
        Assert.Equal(100, staticCall.Output.Length); // Error("nope") ABI-encoded

        CallFrame looping = top.Calls[2];
        Assert.Equal(10_000, looping.Gas);
        Assert.Equal("out of gas", looping.Error);
        Assert.Equal(looping.Gas, looping.GasUsed);
        Assert.Empty(looping.Output);
    }

    [Fact]
    public void WithLogPlacesLogsBetweenCallsAndOnlyTopCallDropsNestedFrames()
    {
        Hash256 hash = Send(0, 0, Caller);
        Mine();
        CallFrame withLog = _chain.TraceTransaction(hash, new CallTracerOptions(WithLog: true))!;
        CallLog log = Assert.Single(withLog.Logs);
        Assert.Equal(Caller, log.Address);
        Assert.Equal([Topic], log.Topics);
        Assert.Equal(3, log.Position); // after the three nested calls

        CallFrame topOnly = _chain.TraceTransaction(hash, new CallTracerOptions(OnlyTopCall: true, WithLog: true))!;
        Assert.Empty(topOnly.Calls);
        Assert.Equal(0, Assert.Single(topOnly.Logs).Position);
        Assert.Equal(withLog.GasUsed, topOnly.GasUsed);
    }

    [Fact]
    public void LogsOfFailedFramesAreCleared()
    {
        // LOG1 then REVERT: the frame's log never happened.
        Address logThenRevert = Address.Parse("0x0000000000000000000000000000000000006000");
        var code = new List<byte> { 0x7f };
        code.AddRange(Topic.Bytes.ToArray());
        code.AddRange([0x60, 0x00, 0x60, 0x00, 0xa1, 0x60, 0x00, 0x60, 0x00, 0xfd]);
        _chain.SetCode(logThenRevert, [.. code]);
        Mine();
        Hash256 hash = Send(1, 0, logThenRevert, gas: 100_000);
        Mine();
        CallFrame top = _chain.TraceTransaction(hash, new CallTracerOptions(WithLog: true))!;
        Assert.Equal("execution reverted", top.Error);
        Assert.Null(top.RevertReason);
        Assert.Empty(top.Output);
        Assert.Empty(top.Logs);
    }

    [Fact]
    public void ValueTransferAndCreationAreTracedWithTheirValueAndDeployedCode()
    {
        Address recipient = Address.Parse("0x000000000000000000000000000000000000beef");
        Hash256 transfer = Send(1, 0, recipient, value: 1234, gas: 21_000);
        // Initcode: PUSH10 <runtime> PUSH1 0 MSTORE PUSH1 10 PUSH1 22 RETURN.
        byte[] runtime = TestChain.Returns42Code();
        byte[] initCode = [0x69, .. runtime, 0x60, 0x00, 0x52, 0x60, 0x0a, 0x60, 0x16, 0xf3];
        var create = new Core.Transactions.Transaction
        {
            Type = Core.Transactions.TransactionType.DynamicFee, ChainId = TestChain.ChainId, Nonce = 0, MaxFeePerGas = TestChain.Gwei * new UInt256(10UL),
            MaxPriorityFeePerGas = TestChain.Gwei, GasLimit = 200_000, To = null, Value = new UInt256(5UL), Data = initCode,
        }.Sign(TestChain.Accounts[2].PrivateKey);
        Hash256 deploy = _chain.SubmitRawTransaction(create.Encode());
        Mine();

        CallFrame t = _chain.TraceTransaction(transfer, new CallTracerOptions())!;
        Assert.Equal(new UInt256(1234UL), t.Value);
        Assert.Equal(recipient, t.To);
        Assert.Equal(21_000, t.GasUsed);
        Assert.Empty(t.Calls);

        CallFrame c = _chain.TraceTransaction(deploy, new CallTracerOptions())!;
        Assert.Equal(CallKind.Create, c.Type);
        Assert.Equal(EvmHost.CreateAddress(TestChain.Accounts[2].Address, 0), c.To);
        Assert.Equal(initCode, c.Input);
        Assert.Equal(runtime, c.Output);
        Assert.Equal(new UInt256(5UL), c.Value);
        Assert.Equal((long)_chain.GetReceipt(deploy)!.GasUsed, c.GasUsed);
    }

    [Fact]
    public void EarlierTransactionsOfTheBlockAreReExecutedFirst()
    {
        // Both bump the same counter; the second's SSTORE (1 -> 2) costs less than the first's (0 -> 1), so a trace
        // that skipped the first transaction would not reproduce the second's receipt.
        Hash256 first = Send(0, 0, Counter, gas: 100_000);
        Hash256 second = Send(1, 0, Counter, gas: 100_000);
        Block block = Mine();
        Assert.Equal(2, block.Transactions.Count);
        ulong firstGas = _chain.GetReceipt(first)!.GasUsed, secondGas = _chain.GetReceipt(second)!.GasUsed;
        Assert.NotEqual(firstGas, secondGas);
        Assert.Equal((long)firstGas, _chain.TraceTransaction(first, new CallTracerOptions())!.GasUsed);
        Assert.Equal((long)secondGas, _chain.TraceTransaction(second, new CallTracerOptions())!.GasUsed);
        Assert.Equal(new UInt256(2UL), _chain.GetStorage(Counter, UInt256.Zero)); // tracing changed nothing
    }

    [Fact]
    public void TraceCallRunsAgainstTheHeadWithTheCallsGasLimit()
    {
        CallFrame top = _chain.TraceCall(new CallRequest { From = TestChain.Accounts[0].Address, To = Caller, Gas = 500_000 }, new CallTracerOptions());
        Assert.Equal(500_000, top.Gas);
        Assert.Equal(3, top.Calls.Count);
        Assert.Equal("nope", top.Calls[1].RevertReason);
    }

    [Fact]
    public void UnknownTransactionHasNoTrace()
    {
        Assert.Null(_chain.TraceTransaction(new Hash256(Enumerable.Repeat((byte)0xab, 32).ToArray()), new CallTracerOptions()));
    }

    [Fact]
    public void ARevertWithAPanicCodeGetsGethsPanicReason()
    {
        var frame = new CallFrame { Type = CallKind.Call, From = Address.Zero, To = Address.Zero, Input = [] };
        byte[] panic = Hex.Decode("0x4e487b710000000000000000000000000000000000000000000000000000000000000011");
        frame.SetOutcome(panic, "execution reverted");
        Assert.Equal("arithmetic underflow or overflow", frame.RevertReason);
        Assert.Equal(panic, frame.Output);

        var create = new CallFrame { Type = CallKind.Create2, From = Address.Zero, To = Returns42, Input = [] };
        create.SetOutcome([], "contract address collision");
        Assert.Null(create.To); // geth reports no address for a failed creation
        Assert.Null(create.RevertReason);
    }

    public void Dispose()
    {
        _chain.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
