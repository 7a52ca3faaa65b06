using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;
using AgentChain.Node.DevAccounts;
using AgentChain.Node.Rpc;

namespace AgentChain.Node.Tests;

/// <summary>
/// Bodies made only of <c>eth_sendRawTransaction</c> requests are answered without a JSON DOM. Two identical chains
/// get the same random bodies, one through <see cref="JsonRpcProcessor.RespondTo"/> (fast path where it applies) and
/// one through the DOM path only; the responses must be byte-identical, body after body, and so must the pools.
/// </summary>
public sealed class RawTransactionFastPathTests : IAsyncLifetime
{
    private readonly string _fastDir = TestChain.TempDirectory(), _domDir = TestChain.TempDirectory();
    private DevnetNode _fast = null!, _dom = null!;
    private static readonly IReadOnlyList<DevAccount> Senders = HdWallet.DeriveAccounts(HdWallet.TestMnemonic, 4);

    public Task InitializeAsync()
    {
        _fast = new DevnetNode(new NodeOptions { Port = 0, DataDirectory = _fastDir, AutoMine = false });
        _dom = new DevnetNode(new NodeOptions { Port = 0, DataDirectory = _domDir, AutoMine = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _fast.DisposeAsync();
        await _dom.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (string dir in new[] { _fastDir, _domDir })
            try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    private (string Fast, string Dom) Answer(string body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        var fast = new ArrayBufferWriter<byte>();
        bool any = _fast.Processor.RespondTo(bytes, fast, null);
        JsonNode? dom = _dom.Processor.Respond(bytes, null);
        Assert.Equal(dom is not null, any);
        return (Encoding.UTF8.GetString(fast.WrittenSpan), dom is null ? "" : Serialize(dom));
    }

    private static string Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) node.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void PlainBatchesTakeTheFastPathAndAnswerAsTheDomPathDoes()
    {
        var items = new List<string>();
        for (ulong n = 0; n < 5; n++) items.Add(Request($"{n + 1}", Raw(Senders[0], n)));
        items.Add(Request("\"text id \\u00e9 <&>\"", Raw(Senders[0], 5)));
        items.Add(Request("null", Raw(Senders[0], 6)));
        items.Add(Request(null, Raw(Senders[0], 7)));                       // a notification: no response
        items.Add(Request("1.50e2", Raw(Senders[0], 7)));                   // already known
        items.Add(Request("-0", Raw(Senders[0], 20, chainId: 1)));          // another chain
        items.Add(Request("12345678901234567890123", Raw(Senders[0], 8, gas: 20_000)));
        items.Add(Request("9", "0x" + Convert.ToHexString(Raw(Senders[0], 9))));  // upper-case hex digits
        string body = "[" + string.Join(",", items) + "]";
        Assert.True(RawTransactionBatchParses(body));
        (string fast, string dom) = Answer(body);
        Assert.Equal(dom, fast);
        Assert.Contains("already known", fast);
        Assert.Contains("invalid chain id", fast);
        Assert.Contains("intrinsic gas too low", fast);
        // One request on its own (not a batch) is answered with an object.
        (fast, dom) = Answer(Request("7", Raw(Senders[0], 10)));
        Assert.Equal(dom, fast);
        Assert.StartsWith("{", fast);
        SamePools();
    }

    [Fact]
    public void BodiesOutsideThePlainShapeFallBackAndStillAnswerTheSame()
    {
        string ok = Request("1", Raw(Senders[1], 0));
        string[] bodies =
        [
            "[]", "[" + ok + ",]", "[" + ok + "] x", ok + ok, "[" + ok, "{}",
            "[" + ok + "," + ok.Replace("eth_sendRawTransaction", "eth_chainId") + "]",
            "[" + ok.Replace("\"params\":[\"0x", "\"params\":[\"0xzz") + "]",
            "[" + ok.Replace("\"params\":[\"0x", "\"params\":[\"0x0") + "]",                         // odd length
            "[" + ok.Replace("\"params\":[\"0x", "\"params\":[\"0\\u0078") + "]",                   // escaped 0x
            "[" + ok.Replace("\"params\":[\"0x", "\"params\":[\"") + "]",                            // no prefix
            "[" + ok.Replace("\"id\":1", "\"id\":1,\"id\":2") + "]",                                 // repeated member
            "[" + ok.Replace("\"id\":1", "\"id\":true") + "]",
            "[" + ok.Replace("\"id\":1", "\"id\":{}") + "]",
            "[" + ok.Replace("\"id\":1", "\"id\":1,\"extra\":0") + "]",
            "[" + ok.Replace("\"jsonrpc\":\"2.0\",", "") + "]",
            "[" + ok.Replace("]}", ",\"latest\"]}") + "]",                                           // two params
            "[" + ok.Replace("eth_sendRawTransaction", "eth_sendRaw\\u0054ransaction") + "]",     // escaped method name
            "[" + string.Join(",", Enumerable.Repeat(ok, JsonRpcProcessor.MaxBatch + 1)) + "]",
        ];
        foreach (string body in bodies)
        {
            (string fast, string dom) = Answer(body);
            Assert.Equal(dom, fast);
        }
        SamePools();
    }

    [Fact]
    public void RandomBatchesAnswerTheSameOnBothPaths()
    {
        int seed = Environment.GetEnvironmentVariable("AGENTCHAIN_FASTPATH_SEED") is { } s ? int.Parse(s) : 20261122;
        var random = new Random(seed);
        var nonces = new ulong[Senders.Count];
        int fastBodies = 0;
        for (int round = 0; round < 60; round++)
        {
            var items = new List<string>();
            int count = random.Next(1, 40);
            for (int i = 0; i < count; i++)
            {
                int who = random.Next(Senders.Count);
                ulong nonce = random.Next(10) switch { 0 => nonces[who] + 2, 1 when nonces[who] > 0 => nonces[who] - 1, _ => nonces[who]++ };
                string? id = random.Next(6) switch { 0 => null, 1 => "\"s" + random.Next(100) + "\"", 2 => "null", _ => random.Next(1000).ToString() };
                ulong tip = (ulong)random.Next(1, 3), chainId = random.Next(25) == 0 ? 5UL : TestChain.ChainId, gas = random.Next(25) == 0 ? 20_000UL : 21_000UL;
                string hex = Hex.Encode(TestChain.Transfer(Senders[who], nonce, Address.Parse("0x00000000000000000000000000000000000000aa"), (ulong)random.Next(1, 1000), tipGwei: tip, chainId: chainId, gas: gas).Encode());
                string request = Request(id, hex);
                if (random.Next(30) == 0) request = request.Replace("eth_sendRawTransaction", "eth_blockNumber");   // the whole body falls back
                items.Add(request);
            }
            string body = count == 1 && random.Next(2) == 0 ? items[0] : "[" + string.Join(",", items) + "]";
            if (RawTransactionBatchParses(body)) fastBodies++;
            (string fast, string dom) = Answer(body);
            Assert.True(dom == fast, $"seed {seed}, round {round}: the paths differ for {body}\nfast: {fast}\ndom:  {dom}");
        }
        Assert.True(fastBodies >= 30, $"only {fastBodies} of 60 bodies took the fast path");
        SamePools();
    }

    private void SamePools()
    {
        foreach (DevAccount sender in Senders)
            Assert.Equal(_dom.Chain.GetPendingNonce(sender.Address), _fast.Chain.GetPendingNonce(sender.Address));
        Assert.Equal(Serialize(_dom.Processor.Respond("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"txpool_status\",\"params\":[]}"u8, null)!),
            Serialize(_fast.Processor.Respond("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"txpool_status\",\"params\":[]}"u8, null)!));
    }

    private static bool RawTransactionBatchParses(string body) =>
        RawTransactionBatch.TryParse(Encoding.UTF8.GetBytes(body), JsonRpcProcessor.MaxBatch, out _);

    private static byte[] Raw(DevAccount from, ulong nonce, ulong chainId = TestChain.ChainId, ulong gas = 21_000) =>
        TestChain.Transfer(from, nonce, Address.Parse("0x00000000000000000000000000000000000000bb"), chainId: chainId, gas: gas).Encode();

    private static string Request(string? id, byte[] raw) => Request(id, Hex.Encode(raw));

    private static string Request(string? id, string hex) =>
        "{\"jsonrpc\":\"2.0\"," + (id is null ? "" : $"\"id\":{id},") + $"\"method\":\"eth_sendRawTransaction\",\"params\":[\"{hex}\"]}}";
}
