using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;

namespace AgentChain.Node.Tests;

/// <summary>The JSON-RPC server over a real socket: shapes, error codes, dev methods, subscriptions.</summary>
public sealed class JsonRpcTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static string A0 => TestChain.Accounts[0].Address.ToLowerHex();

    [Fact]
    public async Task BasicMethodsAnswerAsGethDoes()
    {
        Assert.Equal("0x7a69", (string?)await node.ResultAsync("eth_chainId"));
        Assert.Equal("31337", (string?)await node.ResultAsync("net_version"));
        Assert.StartsWith("AgentChain/", (string?)await node.ResultAsync("web3_clientVersion"));
        Assert.False((bool)(await node.ResultAsync("eth_syncing"))!);
        var accounts = (await node.ResultAsync("eth_accounts"))!.AsArray();
        Assert.Equal(A0, (string?)accounts[0]);
        Assert.Equal("0x0", (string?)await node.ResultAsync("eth_getCode", "0x0000000000000000000000000000000000000001", "latest") is "0x" ? "0x0" : "bad");
        var fees = (await node.ResultAsync("eth_feeHistory", "0x2", "latest", new JsonArray(50)))!.AsObject();
        Assert.NotNull(fees["baseFeePerGas"]);
        var block = (await node.ResultAsync("eth_getBlockByNumber", "earliest", false))!.AsObject();
        Assert.Equal("0x0", (string?)block["number"]);
        Assert.Equal(66, ((string?)block["hash"])!.Length);
    }

    [Fact]
    public async Task SendRawTransactionMineAndReadTheReceipt()
    {
        string nonce = (string)(await node.ResultAsync("eth_getTransactionCount", TestChain.Accounts[2].Address.ToLowerHex(), "pending"))!;
        var tx = TestChain.Transfer(TestChain.Accounts[2], Convert.ToUInt64(nonce, 16), Address.Parse("0x000000000000000000000000000000000000c0de"), 77);
        string hash = (string)(await node.ResultAsync("eth_sendRawTransaction", Hex.Encode(tx.Encode())))!;
        Assert.Equal(tx.Hash.ToString(), hash);
        var pending = (await node.ResultAsync("eth_getTransactionByHash", hash))!.AsObject();
        Assert.Null(pending["blockNumber"]);
        await node.ResultAsync("evm_mine");
        var receipt = (await node.ResultAsync("eth_getTransactionReceipt", hash))!.AsObject();
        Assert.Equal("0x1", (string?)receipt["status"]);
        Assert.Equal("0x5208", (string?)receipt["gasUsed"]);
        var mined = (await node.ResultAsync("eth_getTransactionByHash", hash))!.AsObject();
        Assert.Equal((string?)receipt["blockHash"], (string?)mined["blockHash"]);
        var receipts = (await node.ResultAsync("eth_getBlockReceipts", (string?)receipt["blockNumber"]))!.AsArray();
        Assert.Contains(receipts, r => (string?)r!["transactionHash"] == hash);
        Assert.Equal("0x4d", (string?)await node.ResultAsync("eth_getBalance", "0x000000000000000000000000000000000000c0de", "latest"));
        string before = "0x" + (Convert.ToUInt64((string)receipt["blockNumber"]!, 16) - 1).ToString("x");
        Assert.Equal("0x0", (string?)await node.ResultAsync("eth_getBalance", "0x000000000000000000000000000000000000c0de", before));
        Assert.Equal("0x4d", (string?)await node.ResultAsync("eth_getBalance", "0x000000000000000000000000000000000000c0de", (string?)receipt["blockNumber"]));
    }

    [Fact]
    public async Task CallRevertIsErrorCode3WithTheRevertData()
    {
        string target = "0x00000000000000000000000000000000000bad00";
        await node.ResultAsync("anvil_setCode", target, Hex.Encode(TestChain.RevertingCode()));
        JsonObject response = await node.CallAsync("eth_call", new JsonObject { ["to"] = target, ["data"] = "0x" }, "latest");
        JsonObject error = response["error"]!.AsObject();
        Assert.Equal(3, (int)error["code"]!);
        Assert.Equal("execution reverted: nope", (string?)error["message"]);
        Assert.StartsWith("0x08c379a0", (string?)error["data"]);
        JsonObject estimate = await node.CallAsync("eth_estimateGas", new JsonObject { ["from"] = A0, ["to"] = target });
        Assert.Equal(3, (int)estimate["error"]!["code"]!);
    }

    [Fact]
    public async Task CallWithStateOverridesAndEstimateGas()
    {
        string target = "0x0000000000000000000000000000000000042042";
        var overrides = new JsonObject { [target] = new JsonObject { ["code"] = Hex.Encode(TestChain.Returns42Code()) } };
        string result = (string)(await node.ResultAsync("eth_call", new JsonObject { ["to"] = target }, "latest", overrides))!;
        Assert.Equal("0x" + new string('0', 62) + "2a", result);
        Assert.Equal("0x", (string?)await node.ResultAsync("eth_getCode", target, "latest"));
        Assert.Equal("0x5208", (string?)await node.ResultAsync("eth_estimateGas", new JsonObject { ["from"] = A0, ["to"] = target, ["value"] = "0x1" }));
    }

    [Fact]
    public async Task DevMethodsChangeStateAndSnapshotsRevertThem()
    {
        string who = "0x000000000000000000000000000000000000d00d";
        string snapshot = (string)(await node.ResultAsync("evm_snapshot"))!;
        await node.ResultAsync("anvil_setBalance", who, "0x1234");
        await node.ResultAsync("hardhat_setNonce", who, "0x5");
        await node.ResultAsync("anvil_setStorageAt", who, "0x1", "0x" + new string('0', 63) + "9");
        Assert.Equal("0x1234", (string?)await node.ResultAsync("eth_getBalance", who, "latest"));
        Assert.Equal("0x5", (string?)await node.ResultAsync("eth_getTransactionCount", who, "latest"));
        Assert.Equal("0x" + new string('0', 63) + "9", (string?)await node.ResultAsync("eth_getStorageAt", who, "0x1", "latest"));
        string before = (string)(await node.ResultAsync("eth_blockNumber"))!;
        await node.ResultAsync("anvil_mine", "0x3");
        Assert.Equal(Convert.ToUInt64(before, 16) + 3, Convert.ToUInt64((string)(await node.ResultAsync("eth_blockNumber"))!, 16));
        Assert.True((bool)(await node.ResultAsync("evm_revert", snapshot))!);
        Assert.Equal("0x0", (string?)await node.ResultAsync("eth_getBalance", who, "latest"));
        Assert.Equal(before, (string?)await node.ResultAsync("eth_blockNumber"));
    }

    [Fact]
    public async Task TimeControlsMoveTheNextBlockTimestamp()
    {
        var head = (await node.ResultAsync("eth_getBlockByNumber", "latest", false))!;
        ulong t = Convert.ToUInt64((string)head["timestamp"]!, 16) + 1000;
        await node.ResultAsync("evm_setNextBlockTimestamp", "0x" + t.ToString("x"));
        await node.ResultAsync("evm_mine");
        var mined = (await node.ResultAsync("eth_getBlockByNumber", "latest", false))!;
        Assert.Equal(t, Convert.ToUInt64((string)mined["timestamp"]!, 16));
        await node.ResultAsync("evm_increaseTime", "0x3c");
        await node.ResultAsync("evm_mine");
        var later = (await node.ResultAsync("eth_getBlockByNumber", "latest", false))!;
        Assert.True(Convert.ToUInt64((string)later["timestamp"]!, 16) >= t + 60);
    }

    [Fact]
    public async Task LogsFiltersAndPollingFilters()
    {
        string logger = "0x0000000000000000000000000000000000010910";
        await node.ResultAsync("anvil_setCode", logger, Hex.Encode(TestChain.LoggingCode()));
        string filterId = (string)(await node.ResultAsync("eth_newFilter", new JsonObject { ["address"] = logger }))!;
        string blockFilter = (string)(await node.ResultAsync("eth_newBlockFilter"))!;
        var account = TestChain.Accounts[1];
        ulong nonce = Convert.ToUInt64((string)(await node.ResultAsync("eth_getTransactionCount", account.Address.ToLowerHex(), "pending"))!, 16);
        await node.ResultAsync("eth_sendRawTransaction", Hex.Encode(TestChain.Transfer(account, nonce, Address.Parse(logger), 0, gas: 60_000).Encode()));
        await node.ResultAsync("evm_mine");
        var changes = (await node.ResultAsync("eth_getFilterChanges", filterId))!.AsArray();
        Assert.Single(changes);
        Assert.NotEmpty((await node.ResultAsync("eth_getFilterChanges", blockFilter))!.AsArray());
        Assert.Empty((await node.ResultAsync("eth_getFilterChanges", filterId))!.AsArray());
        string topic = "0x" + string.Concat(Enumerable.Repeat("11", 32));
        var logs = (await node.ResultAsync("eth_getLogs", new JsonObject { ["fromBlock"] = "0x0", ["toBlock"] = "latest", ["topics"] = new JsonArray(topic) }))!.AsArray();
        Assert.Contains(logs, l => (string?)l!["address"] == logger);
        Assert.True((bool)(await node.ResultAsync("eth_uninstallFilter", filterId))!);
        Assert.Equal(-32000, (int)(await node.CallAsync("eth_getFilterChanges", filterId))["error"]!["code"]!);
    }

    [Fact]
    public async Task WebSocketSubscriptionReceivesNewHeads()
    {
        using var ws = new ClientWebSocket();
        var wsUri = new UriBuilder(node.Url) { Scheme = "ws" }.Uri;
        await ws.ConnectAsync(wsUri, CancellationToken.None);
        await SendAsync(ws, """{"jsonrpc":"2.0","id":7,"method":"eth_subscribe","params":["newHeads"]}""");
        JsonObject subscribed = await ReceiveAsync(ws);
        string id = (string)subscribed["result"]!;
        await node.ResultAsync("evm_mine");
        JsonObject notification = await ReceiveAsync(ws);
        Assert.Equal("eth_subscription", (string?)notification["method"]);
        Assert.Equal(id, (string?)notification["params"]!["subscription"]);
        Assert.NotNull(notification["params"]!["result"]!["number"]);
        await SendAsync(ws, $$"""{"jsonrpc":"2.0","id":8,"method":"eth_unsubscribe","params":["{{id}}"]}""");
        Assert.True((bool)(await ReceiveAsync(ws))["result"]!);
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task WebSocketSubscriptionsForPendingTransactionsAndLogs()
    {
        string logger = "0x0000000000000000000000000000000000010911";
        await node.ResultAsync("anvil_setCode", logger, Hex.Encode(TestChain.LoggingCode()));
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(new UriBuilder(node.Url) { Scheme = "ws" }.Uri, CancellationToken.None);
        await SendAsync(ws, """{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newPendingTransactions"]}""");
        string pendingId = (string)(await ReceiveAsync(ws))["result"]!;
        await SendAsync(ws, $$"""{"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["logs",{"address":"{{logger}}"}]}""");
        string logsId = (string)(await ReceiveAsync(ws))["result"]!;

        var account = TestChain.Accounts[0];
        ulong nonce = Convert.ToUInt64((string)(await node.ResultAsync("eth_getTransactionCount", account.Address.ToLowerHex(), "pending"))!, 16);
        string hash = (string)(await node.ResultAsync("eth_sendRawTransaction", Hex.Encode(TestChain.Transfer(account, nonce, Address.Parse(logger), 0, gas: 60_000).Encode())))!;
        JsonObject pending = await ReceiveAsync(ws);
        Assert.Equal(pendingId, (string?)pending["params"]!["subscription"]);
        Assert.Equal(hash, (string?)pending["params"]!["result"]);
        await node.ResultAsync("evm_mine");
        JsonObject log = await ReceiveAsync(ws);
        Assert.Equal(logsId, (string?)log["params"]!["subscription"]);
        Assert.Equal(logger, (string?)log["params"]!["result"]!["address"]);
        Assert.Equal(hash, (string?)log["params"]!["result"]!["transactionHash"]);
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task HttpSubscribeIsRefusedAndCorsIsOpen()
    {
        JsonObject response = await node.CallAsync("eth_subscribe", "newHeads");
        Assert.Equal(-32601, (int)response["error"]!["code"]!);
        using var request = new HttpRequestMessage(HttpMethod.Options, node.Url);
        request.Headers.Add("Origin", "http://localhost:3000");
        using HttpResponseMessage preflight = await node.Http.SendAsync(request);
        Assert.Equal("*", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    internal static Task SendAsync(ClientWebSocket ws, string text) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    internal static async Task<JsonObject> ReceiveAsync(ClientWebSocket ws)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await ws.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return JsonNode.Parse(message.ToArray())!.AsObject();
    }
}
