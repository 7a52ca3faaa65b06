using System.Net;
using System.Text.Json.Nodes;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Node.Tests;

/// <summary>
/// A genesis allocation (accounts with code and storage) and the deployment manifest at GET /api/contracts, over a
/// real socket; data directories continue only the genesis they were created with.
/// </summary>
public sealed class GenesisAllocationTests
{
    private static readonly Address ContractAddress = Address.Parse("0x00000000000000000000000000000000000A6E01");
    private static readonly Address Funded = Address.Parse("0x1111111111111111111111111111111111111111");

    private static ChainOptions WithAllocation(byte[] code, ulong slotValue) => new()
    {
        AccountCount = 3,
        GenesisTimestamp = 1_700_000_000,
        GenesisAlloc =
        [
            new GenesisAccount(ContractAddress, new UInt256(7UL), 1, code, new Dictionary<UInt256, UInt256> { [new UInt256(5UL)] = new UInt256(slotValue) }),
            GenesisAccount.Funded(Funded, new UInt256(1_000UL)),
            // Replaces dev account 2 (an allocation built by setup transactions carries the dev accounts' state after them).
            new GenesisAccount(TestChain.Accounts[2].Address, new UInt256(9UL), 4, [], new Dictionary<UInt256, UInt256>()),
        ],
    };

    private const string Manifest = "{\"GovernanceToken\":{\"address\":\"0x00000000000000000000000000000000000A6E01\",\"abi\":[]}}\n";

    private static async Task<(DevnetNode Node, string Dir)> StartAsync(ChainOptions chain, string? manifest, string? dir = null)
    {
        dir ??= TestChain.TempDirectory();
        var node = new DevnetNode(new NodeOptions { Port = 0, DataDirectory = dir, AutoMine = false, Chain = chain, ContractManifestJson = manifest });
        await node.StartAsync();
        return (node, dir);
    }

    private static async Task StopAsync(DevnetNode node)
    {
        await node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static async Task<JsonNode?> RpcAsync(HttpClient http, Uri url, string method, params JsonNode?[] parameters)
    {
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = new JsonArray(parameters) };
        using var content = new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await http.PostAsync(url, content);
        JsonNode reply = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return reply["error"] is JsonNode error ? throw new InvalidOperationException(error.ToJsonString()) : reply["result"];
    }

    [Fact]
    public async Task The_manifest_is_served_as_given_with_cors_on_the_rpc_port()
    {
        (DevnetNode node, string dir) = await StartAsync(new ChainOptions { AccountCount = 1 }, Manifest);
        try
        {
            using var http = new HttpClient();
            using HttpResponseMessage response = await http.GetAsync(new Uri(node.Url!, "/api/contracts"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Equal(Manifest, await response.Content.ReadAsStringAsync());
            // JSON-RPC keeps working on the same port.
            Assert.Equal("0x0", (string?)await RpcAsync(http, node.Url!, "eth_blockNumber"));
            // Other GET paths still get the plain-text hint, not the manifest.
            string root = await http.GetStringAsync(node.Url!);
            Assert.DoesNotContain("GovernanceToken", root);
        }
        finally
        {
            await StopAsync(node);
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Without_predeploys_the_manifest_route_answers_404_with_a_reason()
    {
        (DevnetNode node, string dir) = await StartAsync(new ChainOptions { AccountCount = 1 }, null);
        try
        {
            using var http = new HttpClient();
            using HttpResponseMessage response = await http.GetAsync(new Uri(node.Url!, "/api/contracts"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("--no-predeploys", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            await StopAsync(node);
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Allocated_code_storage_balances_and_nonces_are_the_genesis_state_and_survive_a_restart()
    {
        byte[] code = TestChain.Returns42Code();
        ChainOptions options = WithAllocation(code, 0xabc);
        (DevnetNode node, string dir) = await StartAsync(options, Manifest);
        string genesisHash;
        try
        {
            using var http = new HttpClient();
            Assert.Equal(Hex.Encode(code), (string?)await RpcAsync(http, node.Url!, "eth_getCode", ContractAddress.ToLowerHex(), "latest"));
            Assert.Equal("0x" + new string('0', 61) + "abc", (string?)await RpcAsync(http, node.Url!, "eth_getStorageAt", ContractAddress.ToLowerHex(), "0x5", "latest"));
            Assert.Equal("0x7", (string?)await RpcAsync(http, node.Url!, "eth_getBalance", ContractAddress.ToLowerHex(), "latest"));
            Assert.Equal("0x3e8", (string?)await RpcAsync(http, node.Url!, "eth_getBalance", Funded.ToLowerHex(), "latest"));
            Assert.Equal("0x4", (string?)await RpcAsync(http, node.Url!, "eth_getTransactionCount", TestChain.Accounts[2].Address.ToLowerHex(), "latest"));
            Assert.Equal("0x9", (string?)await RpcAsync(http, node.Url!, "eth_getBalance", TestChain.Accounts[2].Address.ToLowerHex(), "latest"));
            // The allocated code runs: eth_call returns its 42.
            var call = new JsonObject { ["to"] = ContractAddress.ToLowerHex() };
            Assert.Equal("0x" + new string('0', 62) + "2a", (string?)await RpcAsync(http, node.Url!, "eth_call", call, "latest"));
            JsonNode block = (await RpcAsync(http, node.Url!, "eth_getBlockByNumber", "0x0", false))!;
            Assert.Equal("0x6553f100", (string?)block["timestamp"]);
            genesisHash = (string)block["hash"]!;
            await RpcAsync(http, node.Url!, "evm_mine");
        }
        finally
        {
            await StopAsync(node);
        }

        // Same genesis again: the chain continues from block 1 with the same genesis block.
        (node, _) = await StartAsync(options, Manifest, dir);
        try
        {
            Assert.True(node.Chain.Resumed);
            Assert.Equal(1UL, node.Chain.Head.Number);
            using var http = new HttpClient();
            JsonNode block = (await RpcAsync(http, node.Url!, "eth_getBlockByNumber", "0x0", false))!;
            Assert.Equal(genesisHash, (string)block["hash"]!);
        }
        finally
        {
            await StopAsync(node);
        }

        // A fresh chain from the same allocation has the same genesis block (fixed timestamp, same state).
        string other = TestChain.TempDirectory();
        (node, _) = await StartAsync(options, Manifest, other);
        try
        {
            Assert.Equal(genesisHash, node.Chain.GetBlock(0)!.Hash.ToString());
        }
        finally
        {
            await StopAsync(node);
            Directory.Delete(other, true);
        }
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_data_directory_refuses_another_genesis_and_names_fresh_as_the_way_out()
    {
        ChainOptions options = WithAllocation(TestChain.Returns42Code(), 1);
        (DevnetNode node, string dir) = await StartAsync(options, Manifest);
        await StopAsync(node);
        try
        {
            foreach (ChainOptions changed in new[]
            {
                WithAllocation(TestChain.Returns42Code(), 2),               // one storage slot differs
                new ChainOptions { AccountCount = 3, GenesisTimestamp = 1_700_000_000 }, // no predeploys
            })
            {
                var e = Assert.Throws<InvalidOperationException>(() => new DevnetNode(new NodeOptions { Port = 0, DataDirectory = dir, AutoMine = false, Chain = changed }));
                Assert.Contains("another genesis", e.Message);
                Assert.Contains("--fresh", e.Message);
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }
            // The refused attempts changed nothing: the original genesis still opens.
            (node, _) = await StartAsync(options, Manifest, dir);
            Assert.True(node.Chain.Resumed);
            await StopAsync(node);
            // --fresh starts over with the new genesis.
            var fresh = new DevnetNode(new NodeOptions { Port = 0, DataDirectory = dir, AutoMine = false, Fresh = true, Chain = WithAllocation(TestChain.Returns42Code(), 2) });
            Assert.False(fresh.Chain.Resumed);
            Assert.Equal(new UInt256(2UL), fresh.Chain.GetStorage(ContractAddress, new UInt256(5UL)));
            await StopAsync(fresh);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
