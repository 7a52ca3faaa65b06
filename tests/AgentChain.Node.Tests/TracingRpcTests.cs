using System.Text.Json.Nodes;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;

namespace AgentChain.Node.Tests;

/// <summary>debug_traceTransaction / debug_traceCall over a real socket: geth's JSON shape and clear errors for bad configs.</summary>
public sealed class TracingRpcTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly JsonObject CallTracer = new() { ["tracer"] = "callTracer" };

    [Fact]
    public async Task TraceTransactionReturnsGethsCallFrameJson()
    {
        string target = "0x000000000000000000000000000000000000a042";
        await node.ResultAsync("anvil_setCode", target, Hex.Encode(TestChain.Returns42Code()));
        await node.ResultAsync("evm_mine");
        string nonce = (string)(await node.ResultAsync("eth_getTransactionCount", TestChain.Accounts[1].Address.ToLowerHex(), "pending"))!;
        var tx = TestChain.Transfer(TestChain.Accounts[1], Convert.ToUInt64(nonce, 16), Address.Parse(target), 5, gas: 50_000);
        string hash = (string)(await node.ResultAsync("eth_sendRawTransaction", Hex.Encode(tx.Encode())))!;
        await node.ResultAsync("evm_mine");
        var receipt = (await node.ResultAsync("eth_getTransactionReceipt", hash))!.AsObject();

        var trace = (await node.ResultAsync("debug_traceTransaction", hash, CallTracer.DeepClone()))!.AsObject();
        Assert.Equal("CALL", (string?)trace["type"]);
        Assert.Equal(TestChain.Accounts[1].Address.ToLowerHex(), (string?)trace["from"]);
        Assert.Equal(target, (string?)trace["to"]);
        Assert.Equal("0xc350", (string?)trace["gas"]);
        Assert.Equal((string?)receipt["gasUsed"], (string?)trace["gasUsed"]);
        Assert.Equal("0x5", (string?)trace["value"]);
        Assert.Equal("0x", (string?)trace["input"]);
        Assert.Equal("0x" + new string('0', 62) + "2a", (string?)trace["output"]);
        Assert.Null(trace["error"]);
        Assert.Null(trace["calls"]);
    }

    [Fact]
    public async Task TraceCallReportsARevertWithItsReason()
    {
        string target = "0x000000000000000000000000000000000000bad1";
        await node.ResultAsync("anvil_setCode", target, Hex.Encode(TestChain.RevertingCode()));
        var trace = (await node.ResultAsync("debug_traceCall", new JsonObject { ["to"] = target, ["gas"] = "0x186a0" }, "latest", CallTracer.DeepClone()))!.AsObject();
        Assert.Equal("execution reverted", (string?)trace["error"]);
        Assert.Equal("nope", (string?)trace["revertReason"]);
        Assert.Equal("0x186a0", (string?)trace["gas"]);
    }

    [Theory]
    [InlineData("{}", "opcode logger is not supported")]
    [InlineData("{\"tracer\":\"prestateTracer\"}", "\"prestateTracer\" is not supported")]
    [InlineData("{\"tracer\":\"callTracer\",\"tracerConfig\":{\"onlyTopCall\":\"yes\"}}", "tracerConfig.onlyTopCall")]
    [InlineData("{\"tracer\":\"callTracer\",\"tracerConfig\":[]}", "tracerConfig")]
    public async Task UnsupportedTracerConfigsAreInvalidParams(string config, string message)
    {
        JsonObject response = await node.CallAsync("debug_traceTransaction", "0x" + new string('a', 64), JsonNode.Parse(config));
        JsonObject error = response["error"]!.AsObject();
        Assert.Equal(-32602, (int)error["code"]!);
        Assert.Contains(message, (string?)error["message"]);
    }

    [Fact]
    public async Task UnknownTransactionIsNotFound()
    {
        JsonObject response = await node.CallAsync("debug_traceTransaction", "0x" + new string('b', 64), CallTracer.DeepClone());
        Assert.Equal(-32000, (int)response["error"]!["code"]!);
        Assert.Equal("transaction not found", (string?)response["error"]!["message"]);
    }
}
