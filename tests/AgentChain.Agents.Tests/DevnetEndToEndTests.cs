using System.Numerics;
using System.Text.Json.Nodes;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Agents.Transactions;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Inference;
using AgentChain.Node.DevAccounts;
using Xunit.Abstractions;

namespace AgentChain.Agents.Tests;

/// <summary>
/// End to end on the real <c>agentchain devnet</c> process (genesis predeploys, JSON-RPC over a real socket): a dApp user
/// submits a case, the devnet's own agent host decides from the shipped model and records it within limits, the feed
/// runners answer the AIFeed, an over-cap action is refused with the contract's custom error, and a dishonest host
/// (fault injector) is challenged, re-executed by the node runner with the reproducible backend and slashed.
/// </summary>
public class DevnetEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(90);
    private readonly IReadOnlyList<DevAccount> _dev = HdWallet.DeriveAccounts(HdWallet.TestMnemonic, 10);

    [Fact]
    public async Task The_devnets_agent_assesses_a_submitted_case_its_runners_answer_the_feed_and_an_over_cap_action_is_refused()
    {
        int port = InProcessNode.FreePort();
        await using CliProcess devnet = CliProcess.StartDevnet(output.WriteLine, port);
        await devnet.WaitForAsync("Agents:", StartTimeout);
        using var rpc = new EthRpcClient(new Uri($"http://127.0.0.1:{port}/"));
        ContractDirectory contracts = await rpc.GetContractsAsync();
        var logger = new RecordingLogger(output.WriteLine);

        // A malignant-looking held-out case, so the agent also attaches its follow-up budget.
        AgentSpec spec = AgentSpec.Load(TestPaths.DemoSpec);
        using AgentModel model = AgentModel.Load(spec.Model, InferenceBackendCatalog.CreateDefault());
        float[][] rows = SampleFile.Read(TestPaths.Expected("breast_cancer_risk"));
        float[] row = rows.FirstOrDefault(r => model.Evaluate("features", r).Output("probabilities", 1) >= 0.5) ?? rows[0];
        byte[] caseId = Keccak256.Hash("e2e case 1"u8).ToArray();
        BigInteger[] features = RiskDeskAbi.FixedPointFeatures(row);
        DeployedContract desk = contracts["ExampleRiskDesk"];
        RpcLog submitted = await SubmitCaseAsync(rpc, desk, caseId, features, logger);

        AbiDecodedLog recorded = await WaitForLogAsync(rpc, desk, "AssessmentRecorded", [null, new Hash256(caseId)]);
        var planner = new ActionPlanner(spec, desk.Address, desk.Abi);
        AbiEvent caseEvent = desk.Abi.GetEvent("CaseSubmitted");
        var trigger = new AgentTrigger(caseEvent.DecodeLog(submitted.Topics, submitted.Data).ToDictionary(), submitted, submitted.BlockNumber, 0);
        PlannedAction expected = planner.Plan(trigger, model.Evaluate("features", planner.BuildInput(trigger)));
        Assert.Equal(contracts["DemoAgent"].Address, (Address)recorded["agent"]!);
        Assert.Equal(expected.Arguments[1], recorded["malignantBps"]);
        Assert.Equal(expected.Value, (UInt256)recorded["followUpBudget"]!);
        await devnet.WaitForAsync("open to challenge", ActionTimeout);

        // The three runners have answered the diabetes feed with the model's prediction for round 1's row.
        DeployedContract feed = contracts["AIFeed"];
        object?[] round = await WaitForAnswerAsync(rpc, feed);
        using AgentModel feedModel = AgentModel.Load(TestPaths.Model("diabetes_progression"), "d05b4369c3a18ad98fa2a2dcb67947f6df4afb22b752c384b74e15c2d3356f94",
            new Inference.Reproducible.ReproducibleBackend());
        double prediction = feedModel.Evaluate("features", SampleFile.Read(TestPaths.Expected("diabetes_progression"))[0]).Output("prediction", 0);
        Assert.Equal(new BigInteger(Math.Round(prediction * 1e6, MidpointRounding.ToEven)), (BigInteger)round[1]!);

        // The same agent configured to attach 0.2 ETH is refused by the account's per-call cap (0.1 ETH), before anything is sent.
        JsonObject overCapJson = SpecText.Demo();
        overCapJson["action"]!["value"] = new JsonObject { ["output"] = "probabilities", ["index"] = 1, ["atLeast"] = 0.0, ["wei"] = "200000000000000000" };
        AgentSpec overCap = AgentSpec.Parse(overCapJson.ToJsonString(), SpecText.DemoDirectory);
        using var metrics = new AgentMetrics();
        using AgentActionExecutor executor = await AgentActionExecutor.CreateAsync(overCap, rpc, _dev[1].PrivateKey, InferenceBackendCatalog.CreateDefault(),
            logger, metrics, contracts: contracts);
        ActionOutcome refused = await executor.ActAsync(trigger);
        Assert.False(refused.Accepted);
        Assert.Equal("ValueAboveCap", refused.ErrorName);
        Assert.Contains("cap=100000000000000000", refused.Reason);
    }

    [Fact]
    public async Task A_dishonest_agent_is_challenged_re_executed_by_the_node_runner_and_slashed_by_exactly_the_configured_amount()
    {
        int port = InProcessNode.FreePort();
        string url = $"http://127.0.0.1:{port}/";
        await using CliProcess devnet = CliProcess.StartDevnet(output.WriteLine, port, "--no-agents");
        await devnet.WaitForAsync("Listening on", StartTimeout);
        await using CliProcess liar = CliProcess.Start(l => output.WriteLine("[liar] " + l), "agent", "run", TestPaths.DemoSpec, "--rpc", url,
            "--dev-account", "1", "--fault-inject-dishonest");
        await using CliProcess resolver = CliProcess.Start(l => output.WriteLine("[resolver] " + l), "node-runner", "--rpc", url, "--dev-account", "8",
            "--no-feed", "--resolve");
        await liar.WaitForAsync("subscribed to logs", StartTimeout);
        await resolver.WaitForAsync("subscribed to logs", StartTimeout);
        Assert.True(liar.Printed("FAULT INJECTOR"));

        using var rpc = new EthRpcClient(new Uri(url));
        ContractDirectory contracts = await rpc.GetContractsAsync();
        var logger = new RecordingLogger(output.WriteLine);
        DeployedContract staking = contracts["AgentStaking"];
        DeployedContract verifier = contracts["InferenceVerifier"];
        UInt256 stakeBefore = await ActiveStakeAsync(rpc, staking);
        UInt256 slashAmount = await ReadAsync(rpc, verifier, "fraudSlashAmount");
        UInt256 bond = await ReadAsync(rpc, verifier, "challengeBond");

        byte[] caseId = Keccak256.Hash("e2e dishonest case"u8).ToArray();
        BigInteger[] features = RiskDeskAbi.FixedPointFeatures(SampleFile.Read(TestPaths.Expected("breast_cancer_risk"))[1]);
        DeployedContract desk = contracts["ExampleRiskDesk"];
        await SubmitCaseAsync(rpc, desk, caseId, features, logger);
        AbiDecodedLog recorded = await WaitForLogAsync(rpc, desk, "AssessmentRecorded", [null, new Hash256(caseId)]);

        // The verifier recorded the lie under its commitment; a watcher (dev account 6) challenges it with the bond.
        AbiDecodedLog actionRecorded = await WaitForLogAsync(rpc, verifier, "ActionRecorded", [null, new Hash256(UInt256.One.ToBigEndian())]);
        var actionId = new Hash256((byte[])actionRecorded["actionId"]!);
        var challenger = new TransactionSubmitter(rpc, _dev[6].PrivateKey, 31337, logger);
        await challenger.SendAsync(verifier.Address, bond, verifier.Abi.GetFunction("challenge").EncodeCall(actionId), new RevertDecoder([verifier.Abi]),
            "challenge the dishonest assessment");

        AbiDecodedLog resolved = await WaitForLogAsync(rpc, verifier, "ChallengeResolved", [actionId]);
        Assert.True((bool)resolved["fraud"]!);
        Assert.Equal(slashAmount, (UInt256)resolved["slashed"]!);
        Assert.Equal(stakeBefore - slashAmount, await ActiveStakeAsync(rpc, staking));
        await resolver.WaitForAsync("FRAUD", ActionTimeout);
        output.WriteLine($"dishonest bps {recorded["malignantBps"]}; slashed {slashAmount} wei of {stakeBefore}");
    }

    internal static async Task<RpcLog> SubmitCaseAsync(EthRpcClient rpc, DeployedContract desk, byte[] caseId, BigInteger[] features, RecordingLogger logger)
    {
        var user = new TransactionSubmitter(rpc, HdWallet.DeriveAccounts(HdWallet.TestMnemonic, 6)[5].PrivateKey, 31337, logger);
        SubmittedTransaction tx = await user.SendAsync(desk.Address, UInt256.Zero,
            desk.Abi.GetFunction("submitCase").EncodeCall(caseId, features.Cast<object?>().ToArray()), new RevertDecoder([desk.Abi]), "submit case");
        return Assert.Single(tx.Receipt.Logs, l => l.Topics[0] == desk.Abi.GetEvent("CaseSubmitted").Topic0);
    }

    internal static async Task<AbiDecodedLog> WaitForLogAsync(EthRpcClient rpc, DeployedContract contract, string eventName, IReadOnlyList<Hash256?> topics)
    {
        AbiEvent e = contract.Abi.GetEvent(eventName);
        var filter = new LogFilterSpec(contract.Address, [e.Topic0, .. topics]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < ActionTimeout)
        {
            IReadOnlyList<RpcLog> logs = await rpc.GetLogsAsync(filter, 0);
            if (logs.Count > 0) return e.DecodeLog(logs[0].Topics, logs[0].Data);
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"no {contract.Name}.{eventName} log within {ActionTimeout.TotalSeconds:0} s");
    }

    private static async Task<object?[]> WaitForAnswerAsync(EthRpcClient rpc, DeployedContract feed)
    {
        AbiFunction latest = feed.Abi.GetFunction("latestRoundData");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < ActionTimeout)
        {
            try
            {
                return latest.DecodeOutput(await rpc.CallAsync(feed.Address, latest.EncodeCall()));
            }
            catch (EthRpcException e) when (e.IsRevert)
            {
                await Task.Delay(200); // NoDataPresent until the runners reach quorum
            }
        }
        throw new Xunit.Sdk.XunitException("the AIFeed has no answer: the devnet's node runners did not report");
    }

    private static async Task<UInt256> ActiveStakeAsync(EthRpcClient rpc, DeployedContract staking)
    {
        AbiFunction stakeOf = staking.Abi.GetFunction("stakeOf");
        return (UInt256)stakeOf.DecodeOutput(await rpc.CallAsync(staking.Address, stakeOf.EncodeCall(UInt256.One)))[0]!;
    }

    private static async Task<UInt256> ReadAsync(EthRpcClient rpc, DeployedContract contract, string function)
    {
        AbiFunction f = contract.Abi.GetFunction(function);
        return (UInt256)f.DecodeOutput(await rpc.CallAsync(contract.Address, f.EncodeCall()))[0]!;
    }
}
