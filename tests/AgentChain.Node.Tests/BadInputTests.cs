using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;

namespace AgentChain.Node.Tests;

/// <summary>
/// Malformed input over the socket: every request gets a JSON-RPC error (never a crash, hang or success), and the
/// node's chain, state and pool are unchanged afterwards. Seeded, so a failure reproduces.
/// </summary>
public sealed class BadInputTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private const int Requests = 10_000;

    [Fact]
    public async Task TenThousandMalformedRequestsAllGetErrorsAndChangeNothing()
    {
        string head = (string)(await node.ResultAsync("eth_getBlockByNumber", "latest", false))!["hash"]!;
        string balance = (string)(await node.ResultAsync("eth_getBalance", TestChain.Accounts[0].Address.ToLowerHex(), "latest"))!;
        var random = new Random(20261121);
        var bodies = Enumerable.Range(0, Requests).Select(i => MakeBadRequest(random, i)).ToList();
        int checkedCount = 0;
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (body, _) =>
        {
            string response = await node.PostRawAsync(body);
            AssertAllErrors(body, response);
            Interlocked.Increment(ref checkedCount);
        });
        Assert.Equal(Requests, checkedCount);

        Assert.Equal(head, (string?)(await node.ResultAsync("eth_getBlockByNumber", "latest", false))!["hash"]);
        Assert.Equal(balance, (string?)await node.ResultAsync("eth_getBalance", TestChain.Accounts[0].Address.ToLowerHex(), "latest"));
        var pool = (await node.ResultAsync("txpool_status"))!;
        Assert.Equal("0x0", (string?)pool["pending"]);
        Assert.Equal("0x0", (string?)pool["queued"]);
    }

    [Fact]
    public async Task OversizedBodiesAndBatchesAreRefused()
    {
        string huge = "[" + string.Join(",", Enumerable.Repeat("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}""", 1001)) + "]";
        AssertAllErrors("1001 batch", await node.PostRawAsync(huge));
        string big = """{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["0x""" + new string('a', 6 * 1024 * 1024) + "\"]}";
        try
        {
            AssertAllErrors("6 MB body", await node.PostRawAsync(big));
        }
        catch (HttpRequestException)
        {
            // Kestrel may answer 413 and close before the client finished sending: refused either way.
        }
        Assert.Equal("0x7a69", (string?)await node.ResultAsync("eth_chainId"));
    }

    [Fact]
    public async Task TypicalMistakesGetTheRightCodes()
    {
        Assert.Equal(-32700, Code(await node.PostRawAsync("{\"jsonrpc\":")));
        Assert.Equal(-32600, Code(await node.PostRawAsync("[]")));
        Assert.Equal(-32600, Code(await node.PostRawAsync("42")));
        Assert.Equal(-32601, Code(await node.PostRawAsync("""{"jsonrpc":"2.0","id":1,"method":"eth_doesNotExist"}""")));
        Assert.Equal(-32602, Code(await node.PostRawAsync("""{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":[12,"latest"]}""")));
        Assert.Equal(-32602, Code(await node.PostRawAsync("""{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":["0x1234","latest"]}""")));
        Assert.Equal(-32602, Code(await node.PostRawAsync("""{"jsonrpc":"2.0","id":1,"method":"eth_getBlockByNumber","params":["0x""" + new string('f', 80) + "\",false]}")));
        Assert.Equal(-32000, Code(await node.PostRawAsync("""{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["0xf8ff01"]}""")));
    }

    private static int Code(string response) => (int)JsonNode.Parse(response)!["error"]!["code"]!;

    private static void AssertAllErrors(string request, string response)
    {
        JsonNode? parsed;
        try { parsed = JsonNode.Parse(response); }
        catch (JsonException) { throw new Xunit.Sdk.XunitException($"non-JSON response {Shorten(response)} to {Shorten(request)}"); }
        IEnumerable<JsonNode?> items = parsed is JsonArray a ? a : [parsed];
        foreach (JsonNode? item in items)
        {
            if (item?["error"]?["code"] is null)
                throw new Xunit.Sdk.XunitException($"expected a JSON-RPC error for {Shorten(request)}, got {Shorten(response)}");
        }
    }

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "...";

    private static readonly string[] Methods =
    [
        "eth_getBalance", "eth_getCode", "eth_getStorageAt", "eth_getTransactionCount", "eth_call", "eth_estimateGas",
        "eth_getBlockByNumber", "eth_getBlockByHash", "eth_getTransactionReceipt", "eth_getLogs", "eth_sendRawTransaction",
        "eth_feeHistory", "eth_getFilterChanges", "evm_revert", "anvil_setBalance", "eth_subscribe",
    ];

    private static readonly JsonNode?[] BadValues =
    [
        null, 12, -1, 1.5, true, "", "0x", "0xzz", "0x" + new string('f', 65), "latest!", new JsonArray(),
        // Objects wrong for every method that takes one: a call with a numeric 'to', a filter with bad address and topics.
        new JsonObject { ["to"] = 5, ["from"] = "0x12", ["address"] = new JsonArray(1), ["topics"] = new JsonArray(1, 2, 3, 4, 5), ["blockHash"] = 7 },
        "0x" + new string('0', 39), "0xG000000000000000000000000000000000000000", new string('9', 100),
    ];

    private static string MakeBadRequest(Random random, int i)
    {
        switch (i % 6)
        {
            case 0: // broken JSON: a valid request cut short, or with a byte flipped into something unparseable
                {
                    string valid = """{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","latest"]}""";
                    return random.Next(2) == 0 ? valid[..random.Next(1, valid.Length - 1)] : valid.Replace('"', random.Next(2) == 0 ? '\'' : '{');
                }
            case 1: // wrong types / bad values for a real method
                {
                    var parameters = new JsonArray();
                    int count = random.Next(1, 4);
                    for (int k = 0; k < count; k++) parameters.Add(BadValues[random.Next(BadValues.Length)]?.DeepClone());
                    return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = i, ["method"] = Methods[random.Next(Methods.Length)], ["params"] = parameters }.ToJsonString();
                }
            case 2: // invalid RLP
                {
                    var bytes = new byte[random.Next(1, 200)];
                    random.NextBytes(bytes);
                    if (random.Next(2) == 0) bytes[0] = (byte)(0xf8 + random.Next(8));
                    return Raw(i, bytes);
                }
            case 3: // a valid transaction with corrupted bytes (bad signatures, mangled fields)
                {
                    var tx = TestChain.Transfer(TestChain.Accounts[random.Next(3)], (ulong)random.Next(0, 3), Address.Parse("0x000000000000000000000000000000000000beef"));
                    byte[] raw = tx.Encode();
                    // Distinct positions in the signature, so two flips never cancel into the original transaction.
                    foreach (int position in Enumerable.Range(raw.Length - 64, 64).OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
                        raw[position] ^= (byte)(1 << random.Next(8));
                    return Raw(i, raw);
                }
            case 4: // not a request object, no method, or a member given twice
                return random.Next(5) switch
                {
                    0 => "\"eth_chainId\"",
                    1 => $$"""{"jsonrpc":"2.0","id":{{i}}}""",
                    2 => $$"""{"jsonrpc":"2.0","id":{{i}},"method":12}""",
                    3 => $$"""[{"jsonrpc":"2.0","id":{{i}},"method":"eth_chainId","method":"eth_chainId"}]""",
                    _ => $$"""{"jsonrpc":"2.0","id":{"x":1},"method":"eth_chainId"}""",
                };
            default: // a batch of bad requests, with unknown methods and by-name params
                {
                    var batch = new JsonArray();
                    int n = random.Next(1, 20);
                    for (int k = 0; k < n; k++)
                    {
                        batch.Add(random.Next(3) switch
                        {
                            0 => new JsonObject { ["jsonrpc"] = "2.0", ["id"] = k, ["method"] = "eth_nope" + k },
                            1 => new JsonObject { ["jsonrpc"] = "2.0", ["id"] = k, ["method"] = "eth_getBalance", ["params"] = new JsonObject { ["address"] = "0x0" } },
                            _ => 17,
                        });
                    }
                    return batch.ToJsonString();
                }
        }
    }

    private static string Raw(int id, byte[] bytes) =>
        new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "eth_sendRawTransaction", ["params"] = new JsonArray(Hex.Encode(bytes)) }.ToJsonString();
}
