using System.Text.Json.Nodes;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Transactions;
using AgentChain.Core.Abi;
using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;
using Xunit.Abstractions;

namespace AgentChain.Agents.Tests;

public class RpcAndSubmitterTests(ITestOutputHelper output)
{
    private static readonly UInt256 Gwei = 1_000_000_000UL;

    [Fact]
    public async Task The_client_reads_chain_id_blocks_and_balances_from_a_real_node()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: false);
        Assert.Equal(31337UL, await node.Rpc.ChainIdAsync());
        ulong before = await node.Rpc.BlockNumberAsync();
        await node.MineAsync();
        Assert.Equal(before + 1, await node.Rpc.BlockNumberAsync());
        Assert.True(await node.Rpc.GetBalanceAsync(node.Accounts[0].Address) > UInt256.Zero);
        Assert.Equal(new Uri($"ws://127.0.0.1:{node.Port}/"), node.Rpc.WebSocketUrl);
    }

    [Fact]
    public async Task Transactions_from_one_signer_get_consecutive_nonces_and_receipts()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true);
        var logger = new RecordingLogger(output.WriteLine);
        using var metrics = new AgentMetrics();
        var submitter = new TransactionSubmitter(node.Rpc, node.Accounts[5].PrivateKey, 31337, logger, metrics);
        Address to = node.Accounts[6].Address;
        UInt256 before = await node.Rpc.GetBalanceAsync(to);
        var nonces = new List<ulong>();
        for (int i = 0; i < 3; i++)
        {
            SubmittedTransaction tx = await submitter.SendAsync(to, Gwei, [], new RevertDecoder([]), $"transfer {i}");
            Assert.True(tx.Receipt.Succeeded);
            nonces.Add(tx.Nonce);
        }
        Assert.Equal([nonces[0], nonces[0] + 1, nonces[0] + 2], nonces);
        Assert.Equal(before + Gwei * 3, await node.Rpc.GetBalanceAsync(to));
    }

    [Fact]
    public async Task A_stuck_transaction_is_replaced_at_the_same_nonce_with_higher_fees()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: false);
        var logger = new RecordingLogger(output.WriteLine);
        using var metrics = new AgentMetrics();
        var policy = new SubmissionPolicy { StuckAfter = TimeSpan.FromMilliseconds(300), ReceiptPollInterval = TimeSpan.FromMilliseconds(50) };
        var submitter = new TransactionSubmitter(node.Rpc, node.Accounts[5].PrivateKey, 31337, logger, metrics, policy);

        Task<SubmittedTransaction> send = submitter.SendAsync(node.Accounts[6].Address, Gwei, [], new RevertDecoder([]), "stuck transfer");
        // Nothing mines until the submitter has replaced the transaction at least once.
        while (!logger.Said("not mined after")) await Task.Delay(50);
        await node.MineAsync();
        SubmittedTransaction tx = await send;

        Assert.True(tx.FeeBumps >= 1);
        Assert.True(tx.Receipt.Succeeded);
        Assert.True(logger.Said("replaced with"));
        // Only one version was mined: the sender's nonce advanced by exactly one.
        Assert.Equal(tx.Nonce + 1, await node.Rpc.GetTransactionCountAsync(node.Accounts[5].Address, "latest"));
    }

    [Fact]
    public async Task An_unreachable_node_is_retried_with_backoff_until_it_answers()
    {
        int port = InProcessNode.FreePort();
        var logger = new RecordingLogger(output.WriteLine);
        using var rpc = new EthRpcClient(new Uri($"http://127.0.0.1:{port}/"));
        var policy = new SubmissionPolicy { MaxAttempts = 20, InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(400) };
        string dir = TestPaths.TempDirectory();
        var keys = AgentChain.Node.DevAccounts.HdWallet.DeriveAccounts(AgentChain.Node.DevAccounts.HdWallet.TestMnemonic, 7);
        var submitter = new TransactionSubmitter(rpc, keys[5].PrivateKey, 31337, logger, new AgentMetrics(), policy);

        Task<SubmittedTransaction> send = submitter.SendAsync(keys[6].Address, Gwei, [], new RevertDecoder([]), "transfer while the node is down");
        await Task.Delay(700);
        Assert.False(send.IsCompleted);
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, port: port, dir: dir);
        SubmittedTransaction tx = await send;
        Assert.True(tx.Receipt.Succeeded);
        Assert.True(logger.Said("retrying in"));
    }

    [Fact]
    public async Task A_call_that_would_revert_is_never_sent_and_its_custom_error_is_decoded()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true);
        var logger = new RecordingLogger(output.WriteLine);
        ContractArtifact registryArtifact = ContractArtifact.Load("AgentRegistry");
        Address registry = await DeployAsync(node, registryArtifact, node.Accounts[0].Address, node.Accounts[9].Address, 600UL, node.Accounts[0].Address);
        var submitter = new TransactionSubmitter(node.Rpc, node.Accounts[5].PrivateKey, 31337, logger, new AgentMetrics());
        ulong nonceBefore = await node.Rpc.GetTransactionCountAsync(node.Accounts[5].Address);

        byte[] data = registryArtifact.Abi.GetFunction("setAgentURI").EncodeCall((UInt256)999, "https://example.invalid/agent.json");
        var e = await Assert.ThrowsAsync<ContractRevertedException>(() =>
            submitter.SendAsync(registry, UInt256.Zero, data, new RevertDecoder([registryArtifact.Abi]), "setAgentURI of an unknown agent"));

        Assert.Equal(RevertKind.CustomError, e.Reason.Kind);
        Assert.NotNull(e.ErrorName);
        Assert.Contains("999", e.Reason.Message);
        Assert.Null(e.TransactionHash);
        Assert.Equal(nonceBefore, await node.Rpc.GetTransactionCountAsync(node.Accounts[5].Address));
        Assert.False(logger.Said("retrying"));
    }

    [Fact]
    public async Task A_newHeads_subscription_reconnects_after_the_node_restarts()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: false);
        var logger = new RecordingLogger(output.WriteLine);
        var subscriber = new EthSubscriber(node.Rpc.WebSocketUrl, logger) { MaxBackoff = TimeSpan.FromMilliseconds(500) };
        var heads = new System.Collections.Concurrent.ConcurrentQueue<ulong>();
        int reconnects = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task run = subscriber.RunAsync(["newHeads"], h =>
        {
            heads.Enqueue(EthRpcClient.Quantity(h["number"], "number"));
            return Task.CompletedTask;
        }, () =>
        {
            Interlocked.Increment(ref reconnects);
            return Task.CompletedTask;
        }, stop.Token);

        while (subscriber.Connections < 1) await Task.Delay(20);
        await node.MineAsync();
        while (heads.IsEmpty) await Task.Delay(20);

        await node.RestartAsync(TimeSpan.FromMilliseconds(600));
        while (subscriber.Connections < 2) await Task.Delay(20);
        ulong restartedAt = await node.Rpc.BlockNumberAsync();
        await node.MineAsync();
        while (!heads.Contains(restartedAt + 1)) await Task.Delay(20);

        Assert.Equal(1, reconnects);
        Assert.True(logger.Said("reconnecting in"));
        stop.Cancel();
        await run;
    }

    /// <summary>Deploys an artifact with a contract-creation transaction (test setup only; agents never deploy).</summary>
    internal static async Task<Address> DeployAsync(InProcessNode node, ContractArtifact artifact, params object?[] args)
    {
        byte[] key = node.Accounts[0].PrivateKey;
        ulong nonce = await node.Rpc.GetTransactionCountAsync(node.Accounts[0].Address);
        UInt256 baseFee = await node.Rpc.BaseFeeAsync();
        byte[] code = artifact.Abi.Constructor is { } ctor ? ctor.EncodeDeployment(artifact.Bytecode, args) : artifact.Bytecode;
        var tx = new Transaction
        {
            Type = TransactionType.DynamicFee, ChainId = 31337, Nonce = nonce, MaxPriorityFeePerGas = Gwei, MaxFeePerGas = baseFee * 2 + Gwei,
            GasLimit = 15_000_000, Value = UInt256.Zero, Data = code,
        }.Sign(key);
        Hash256 hash = await node.Rpc.SendRawTransactionAsync(tx.Encode());
        while (true)
        {
            RpcReceipt? receipt = await node.Rpc.GetTransactionReceiptAsync(hash);
            if (receipt is not null)
            {
                Assert.True(receipt.Succeeded, $"deploying {artifact.Name} failed");
                JsonNode r = (await node.Rpc.RequestAsync("eth_getTransactionReceipt", [hash.ToString()]))!;
                return Address.Parse(r["contractAddress"]!.GetValue<string>());
            }
            await Task.Delay(50);
        }
    }
}
