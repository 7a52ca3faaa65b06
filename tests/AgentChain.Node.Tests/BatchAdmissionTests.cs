using System.Text.Json.Nodes;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;
using AgentChain.Node.DevAccounts;
using Transaction = AgentChain.Core.Transactions.Transaction;

namespace AgentChain.Node.Tests;

/// <summary>
/// A JSON-RPC batch's runs of <c>eth_sendRawTransaction</c> are admitted together; every request must still get the
/// response it gets when sent alone. The same script of requests goes to the node once as one batch (from one account)
/// and once request by request (from another), and the answers are compared one by one.
/// </summary>
public sealed class BatchAdmissionTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly Address Recipient = Address.Parse("0x000000000000000000000000000000000000babe");

    /// <summary>The requests for one sender, and what a hash result must be for each (null: no hash expected).</summary>
    private static (List<JsonObject> Requests, List<Transaction?> Sent) Script(DevAccount from, string pendingCountAddress)
    {
        Transaction Tx(ulong nonce, ulong value = 1, ulong maxFeeGwei = 10, ulong tipGwei = 1, ulong chainId = TestChain.ChainId, ulong gas = 21_000) =>
            TestChain.Transfer(from, nonce, Recipient, value, maxFeeGwei, tipGwei, chainId, gas);
        var requests = new List<JsonObject>();
        var sent = new List<Transaction?>();
        int id = 1;
        void Send(Transaction? tx, string? rawOverride = null, bool notification = false, JsonNode? parameters = null)
        {
            var request = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "eth_sendRawTransaction",
                ["params"] = parameters ?? new JsonArray(rawOverride ?? Hex.Encode(tx!.Encode())) };
            if (!notification) request["id"] = id++;
            requests.Add(request);
            sent.Add(tx);
        }
        Send(Tx(0));                                          // admitted
        Send(Tx(1));                                          // admitted, chained behind nonce 0
        Send(null, rawOverride: "0xzz");                       // not hex: invalid params
        Send(Tx(1));                                          // the same bytes again: already known
        Send(Tx(2, chainId: 1));                              // another chain
        Send(Tx(2, gas: 20_000));                             // intrinsic gas too low
        Send(null, rawOverride: "0xf8ff01");                   // not RLP
        Send(null, parameters: new JsonObject());              // params not an array
        requests.Add(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id++, ["method"] = "eth_getTransactionCount",
            ["params"] = new JsonArray(pendingCountAddress, "pending") });   // sees the sends before it, not those after
        sent.Add(null);
        Send(Tx(2), notification: true);                      // admitted, no response
        Send(Tx(3, value: 5));                                // admitted
        Send(Tx(3, value: 6));                                // same fees: replacement transaction underpriced
        Send(Tx(3, value: 7, maxFeeGwei: 11, tipGwei: 2));   // a 10 % bump replaces it
        Send(Tx(4, maxFeeGwei: 0, tipGwei: 0));               // below the base fee
        return (requests, sent);
    }

    [Fact]
    public async Task EveryRequestInABatchGetsTheAnswerItGetsAlone()
    {
        IReadOnlyList<DevAccount> accounts = HdWallet.DeriveAccounts(HdWallet.TestMnemonic, 2);
        (List<JsonObject> batched, List<Transaction?> batchedTxs) = Script(accounts[0], accounts[0].Address.ToLowerHex());
        (List<JsonObject> single, List<Transaction?> singleTxs) = Script(accounts[1], accounts[1].Address.ToLowerHex());

        JsonArray batchAnswer = JsonNode.Parse(await node.PostRawAsync(new JsonArray([.. batched.Select(r => (JsonNode)r)]).ToJsonString()))!.AsArray();
        var singleAnswers = new List<JsonObject>();
        foreach (JsonObject request in single)
        {
            string text = await node.PostRawAsync(request.ToJsonString());
            if (request.ContainsKey("id")) singleAnswers.Add(JsonNode.Parse(text)!.AsObject());
            else Assert.Equal("", text);
        }

        Assert.Equal(singleAnswers.Count, batchAnswer.Count);
        var withIds = Enumerable.Range(0, batched.Count).Where(i => batched[i].ContainsKey("id")).ToList();
        for (int k = 0; k < withIds.Count; k++)
        {
            int i = withIds[k];
            JsonObject fromBatch = batchAnswer[k]!.AsObject(), alone = singleAnswers[k];
            Assert.Equal((int)batched[i]["id"]!, (int)fromBatch["id"]!);
            if (alone["error"] is JsonNode error)
            {
                Assert.True(fromBatch["error"] is not null, $"request {i}: alone it failed with {error.ToJsonString()}, in the batch it gave {fromBatch.ToJsonString()}");
                Assert.Equal((int)error["code"]!, (int)fromBatch["error"]!["code"]!);
                // Messages name the sender and its balance, which differ between the two accounts; the reason is the text before them.
                Assert.Equal(Reason((string)error["message"]!), Reason((string)fromBatch["error"]!["message"]!));
            }
            else if (batchedTxs[i] is { } tx)
            {
                Assert.Equal(singleTxs[i]!.Hash.ToString(), (string?)alone["result"]);
                Assert.Equal(tx.Hash.ToString(), (string?)fromBatch["result"]);
            }
            else Assert.Equal(alone["result"]!.ToJsonString(), fromBatch["result"]!.ToJsonString());
        }
        Assert.Equal("0x2", (string?)batchAnswer[withIds.IndexOf(8)]!["result"]);   // nonces 0 and 1 pending when it ran

        // Both accounts now have the same pending nonces 0..3 in the pool, the replacement included.
        foreach (var (account, txs) in new[] { (accounts[0], batchedTxs), (accounts[1], singleTxs) })
        {
            Assert.Equal("0x4", (string?)await node.ResultAsync("eth_getTransactionCount", account.Address.ToLowerHex(), "pending"));
            JsonObject replaced = (await node.ResultAsync("eth_getTransactionByHash", txs[12]!.Hash.ToString()))!.AsObject();
            Assert.Equal("0x7", (string?)replaced["value"]);
            Assert.Null(await node.ResultAsync("eth_getTransactionByHash", txs[10]!.Hash.ToString()));
        }
    }

    private static string Reason(string message) => message.Split(':')[0];
}
