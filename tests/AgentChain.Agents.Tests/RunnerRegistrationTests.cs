using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.NodeRunner;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Transactions;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Inference.Reproducible;
using Xunit.Abstractions;

namespace AgentChain.Agents.Tests;

/// <summary>A node runner registering and staking itself on an in-process node with the devnet's predeployed contracts.</summary>
public class RunnerRegistrationTests(ITestOutputHelper output)
{
    private const string DiabetesSha = "d05b4369c3a18ad98fa2a2dcb67947f6df4afb22b752c384b74e15c2d3356f94";
    private static readonly UInt256 Ether = UInt256.Parse("1000000000000000000");

    [Fact]
    public async Task A_new_key_registers_and_stakes_the_minimum_then_a_restart_finds_its_id_and_sends_nothing_and_it_can_report_to_the_feed()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        byte[] key = node.Accounts[7].PrivateKey;
        Address signer = node.Accounts[7].Address;
        using AgentModel model = AgentModel.Load(TestPaths.Model("diabetes_progression"), DiabetesSha, new ReproducibleBackend());
        ulong agentsBefore = await TotalAgentsAsync(node, contracts);

        RunnerEnrollment first = await RunnerRegistration.EnsureAsync(node.Rpc, contracts, Submitter(node, key, logger), "runner-seven", model.ModelHash, logger);
        Assert.True(first.RegisteredNow);
        Assert.Equal((UInt256)(agentsBefore + 1), first.RunnerId);
        Assert.Equal(Ether, first.MinimumStake); // the devnet's governance minimum, read from AgentStaking
        Assert.Equal(Ether, first.StakedNow);
        Assert.Equal(Ether, first.ActiveStake);
        Assert.Equal(Ether, await ActiveStakeAsync(node, contracts, first.RunnerId));
        Assert.Equal(signer, await ReadAsync<Address>(node, contracts["AgentRegistry"], "signerOf", first.RunnerId));
        Assert.Equal(signer, await ReadAsync<Address>(node, contracts["AgentRegistry"], "ownerOf", first.RunnerId));
        Assert.Equal("runner-seven"u8.ToArray(), await ReadAsync<byte[]>(node, contracts["AgentRegistry"], "getMetadata", first.RunnerId, "name"));
        Assert.False(first.ModelAllowed);
        Assert.True(logger.Said($"registered as agent {first.RunnerId}"));
        Assert.True(logger.Said("needs a DAO proposal calling AgentRegistry.setModelAllowed"));

        ulong nonceBefore = await node.Rpc.GetTransactionCountAsync(signer);
        RunnerEnrollment again = await RunnerRegistration.EnsureAsync(node.Rpc, contracts, Submitter(node, key, logger), "runner-seven", model.ModelHash, logger);
        Assert.False(again.RegisteredNow);
        Assert.Equal(first.RunnerId, again.RunnerId);
        Assert.Equal(UInt256.Zero, again.StakedNow);
        Assert.Equal(nonceBefore, await node.Rpc.GetTransactionCountAsync(signer));
        Assert.Equal(agentsBefore + 1, await TotalAgentsAsync(node, contracts));
        Assert.True(logger.Said($"already registered as agent {first.RunnerId}"));
        Assert.True(logger.Said("nothing staked"));

        // The feed takes its report: registered, active, staked is all an AIFeed asks of a runner.
        FeedRunner runner = await FeedRunner.CreateAsync(node.Rpc, contracts, "AIFeed", key, model, SampleFile.Read(TestPaths.Expected("diabetes_progression")),
            "features", logger, new AgentMetrics());
        Assert.Equal(first.RunnerId, runner.RunnerId);
        Assert.Equal(1UL, (await runner.TryReportAsync())!.RoundId);
    }

    [Fact]
    public async Task A_larger_stake_target_tops_up_only_the_difference()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        byte[] key = node.Accounts[6].PrivateKey;
        RunnerEnrollment first = await RunnerRegistration.EnsureAsync(node.Rpc, contracts, Submitter(node, key, logger), "r", null, logger);
        Assert.Null(first.ModelAllowed);
        RunnerEnrollment more = await RunnerRegistration.EnsureAsync(node.Rpc, contracts, Submitter(node, key, logger), "r", null, logger, Ether * 3);
        Assert.Equal(first.RunnerId, more.RunnerId);
        Assert.Equal(Ether * 2, more.StakedNow);
        Assert.Equal(Ether * 3, await ActiveStakeAsync(node, contracts, more.RunnerId));
    }

    [Fact]
    public async Task A_genesis_runner_is_found_by_its_signer_and_its_stake_already_covers_the_minimum()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        using AgentModel model = AgentModel.Load(TestPaths.Model("diabetes_progression"), DiabetesSha, new ReproducibleBackend());
        ulong nonceBefore = await node.Rpc.GetTransactionCountAsync(node.Accounts[3].Address);
        RunnerEnrollment e = await RunnerRegistration.EnsureAsync(node.Rpc, contracts, Submitter(node, node.Accounts[3].PrivateKey, logger), "x", model.ModelHash, logger);
        Assert.Equal((UInt256)3UL, e.RunnerId);
        Assert.False(e.RegisteredNow);
        Assert.Equal(UInt256.Zero, e.StakedNow);
        Assert.Equal(Ether * 2, e.ActiveStake);
        Assert.True(e.ModelAllowed); // the genesis proposal allowed the feed model for runners 2..4
        Assert.Equal(nonceBefore, await node.Rpc.GetTransactionCountAsync(node.Accounts[3].Address));
    }

    [Fact]
    public async Task A_registration_a_previous_run_left_half_done_is_finished_not_repeated()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        DeployedContract registry = contracts["AgentRegistry"];
        byte[] key = node.Accounts[5].PrivateKey;
        // The first step only (register), as if the runner stopped before setting its signer.
        await Submitter(node, key, logger).SendAsync(registry.Address, UInt256.Zero, registry.Abi.GetFunction("register(string)").EncodeCall("agentchain://half-done"),
            new RevertDecoder([registry.Abi]), "register only");
        ulong total = await TotalAgentsAsync(node, contracts);

        RunnerEnrollment e = await RunnerRegistration.EnsureAsync(node.Rpc, contracts, Submitter(node, key, logger), "resumed", null, logger);
        Assert.Equal((UInt256)total, e.RunnerId);
        Assert.True(e.RegisteredNow);
        Assert.Equal(total, await TotalAgentsAsync(node, contracts));
        Assert.Equal(node.Accounts[5].Address, await ReadAsync<Address>(node, registry, "signerOf", e.RunnerId));
        Assert.True(logger.Said("its signer was never set: finishing the registration"));
    }

    [Fact]
    public async Task A_stake_below_the_minimum_or_beyond_the_balance_is_refused_before_anything_is_sent()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        ulong total = await TotalAgentsAsync(node, contracts);

        var below = await Assert.ThrowsAsync<RunnerEnrollmentException>(() =>
            RunnerRegistration.EnsureAsync(node.Rpc, contracts, Submitter(node, node.Accounts[7].PrivateKey, logger), "r", null, logger, Ether / 2));
        Assert.Contains("--stake 0.5 ETH is below the chain's minimum stake of 1 ETH", below.Message);

        // A fresh key holding 0.5 ETH cannot stake the 1 ETH minimum.
        byte[] poor = Keccak256.Hash("a runner key with too little ether"u8).ToArray();
        Address poorAddress = Secp256k1.AddressFromPrivateKey(poor);
        await Submitter(node, node.Accounts[0].PrivateKey, logger).SendAsync(poorAddress, Ether / 2, [], new RevertDecoder([]), "fund the poor key");
        var broke = await Assert.ThrowsAsync<RunnerEnrollmentException>(() =>
            RunnerRegistration.EnsureAsync(node.Rpc, contracts, Submitter(node, poor, logger), "r", null, logger));
        Assert.Contains("holds 0.5 ETH but staking 1 ETH", broke.Message);
        Assert.Contains("fund the key or choose a smaller --stake", broke.Message);

        Assert.Equal(total, await TotalAgentsAsync(node, contracts));
        Assert.Equal(0UL, await node.Rpc.GetTransactionCountAsync(poorAddress));
    }

    private static TransactionSubmitter Submitter(InProcessNode node, byte[] key, RecordingLogger logger) => new(node.Rpc, key, 31337, logger);

    private static async Task<ulong> TotalAgentsAsync(InProcessNode node, ContractDirectory contracts) =>
        (ulong)await ReadAsync<UInt256>(node, contracts["AgentRegistry"], "totalAgents");

    private static async Task<UInt256> ActiveStakeAsync(InProcessNode node, ContractDirectory contracts, UInt256 id)
    {
        DeployedContract staking = contracts["AgentStaking"];
        AbiFunction f = staking.Abi.GetFunction("stakeOf");
        return (UInt256)f.DecodeOutput(await node.Rpc.CallAsync(staking.Address, f.EncodeCall(id)))[0]!;
    }

    private static async Task<T> ReadAsync<T>(InProcessNode node, DeployedContract contract, string function, params object?[] args)
    {
        AbiFunction f = contract.Abi.GetFunction(function);
        return (T)f.DecodeOutput(await node.Rpc.CallAsync(contract.Address, f.EncodeCall(args)))[0]!;
    }
}
