using System.Numerics;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.NodeRunner;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Agents.Transactions;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Inference;
using AgentChain.Inference.Reproducible;
using Xunit.Abstractions;

namespace AgentChain.Agents.Tests;

/// <summary>Feed runners and the challenge resolver on an in-process node with the devnet's predeployed contracts.</summary>
public class NodeRunnerTests(ITestOutputHelper output)
{
    private const string DiabetesSha = "d05b4369c3a18ad98fa2a2dcb67947f6df4afb22b752c384b74e15c2d3356f94";

    [Fact]
    public async Task Three_runners_find_their_ids_and_answer_round_one_with_the_models_prediction_then_wait_for_the_heartbeat()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        using var metrics = new AgentMetrics();
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        float[][] samples = SampleFile.Read(TestPaths.Expected("diabetes_progression"));
        var runners = new List<FeedRunner>();
        var models = new List<AgentModel>();
        foreach (int i in new[] { 2, 3, 4 })
        {
            AgentModel model = AgentModel.Load(TestPaths.Model("diabetes_progression"), DiabetesSha, new ReproducibleBackend());
            models.Add(model);
            runners.Add(await FeedRunner.CreateAsync(node.Rpc, contracts, "AIFeed", node.Accounts[i].PrivateKey, model, samples, "features", logger, metrics));
        }
        Assert.Equal([2, 3, 4], runners.Select(r => (int)(ulong)r.RunnerId));

        foreach (FeedRunner runner in runners) Assert.Equal(1UL, (await runner.TryReportAsync())!.RoundId);
        DeployedContract feed = contracts["AIFeed"];
        AbiFunction latest = feed.Abi.GetFunction("latestRoundData");
        object?[] round = latest.DecodeOutput(await node.Rpc.CallAsync(feed.Address, latest.EncodeCall()));
        double prediction = models[0].Evaluate("features", samples[0]).Output("prediction", 0);
        Assert.Equal(new BigInteger(Math.Round(prediction * 1e6, MidpointRounding.ToEven)), (BigInteger)round[1]!);

        // Answered, and the heartbeat (an hour) has not passed: nothing to report.
        Assert.Null(await runners[0].TryReportAsync());
        foreach (AgentModel m in models) m.Dispose();
    }

    [Fact]
    public async Task A_key_that_signs_for_no_agent_cannot_run_a_feed()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        using AgentModel model = AgentModel.Load(TestPaths.Model("diabetes_progression"), DiabetesSha, new ReproducibleBackend());
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => FeedRunner.CreateAsync(node.Rpc, contracts, "AIFeed", node.Accounts[7].PrivateKey,
            model, SampleFile.Read(TestPaths.Expected("diabetes_progression")), "features", new RecordingLogger(), new AgentMetrics()));
        Assert.Contains("is the signer of no registered agent", e.Message);
    }

    [Fact]
    public async Task An_honest_action_that_is_challenged_is_re_executed_and_resolved_as_no_fraud()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        using var metrics = new AgentMetrics();
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        AgentSpec spec = AgentSpec.Load(TestPaths.DemoSpec);
        byte[] caseId = Keccak256.Hash("honest, challenged"u8).ToArray();
        await ToolCallTests.SubmitCaseAsync(node, contracts["ExampleRiskDesk"], caseId,
            RiskDeskAbi.FixedPointFeatures(SampleFile.Read(TestPaths.Expected("breast_cancer_risk"))[4]), logger);
        using AgentActionExecutor executor = await AgentActionExecutor.CreateAsync(spec, node.Rpc, node.Accounts[1].PrivateKey,
            InferenceBackendCatalog.CreateDefault(), logger, metrics, contracts: contracts);
        DeployedContract desk = contracts["ExampleRiskDesk"];
        RpcLog caseLog = (await node.Rpc.GetLogsAsync(new LogFilterSpec(desk.Address, [desk.Abi.GetEvent("CaseSubmitted").Topic0, new(caseId)]), 0))[0];
        var trigger = new AgentTrigger(desk.Abi.GetEvent("CaseSubmitted").DecodeLog(caseLog.Topics, caseLog.Data).ToDictionary(), caseLog, caseLog.BlockNumber, 0);
        ActionOutcome outcome = await executor.ActAsync(trigger);
        Assert.True(outcome.Accepted, outcome.ToString());

        DeployedContract verifier = contracts["InferenceVerifier"];
        AbiFunction bondOf = verifier.Abi.GetFunction("challengeBond");
        var bond = (UInt256)bondOf.DecodeOutput(await node.Rpc.CallAsync(verifier.Address, bondOf.EncodeCall()))[0]!;
        await new TransactionSubmitter(node.Rpc, node.Accounts[6].PrivateKey, 31337, logger).SendAsync(verifier.Address, bond,
            verifier.Abi.GetFunction("challenge").EncodeCall(outcome.ActionId), new RevertDecoder([verifier.Abi]), "challenge an honest action");

        using var resolver = new ChallengeResolver(node.Rpc, contracts, node.Accounts[8].PrivateKey, 31337, [spec], logger, metrics);
        ChallengeVerdict verdict = (await resolver.ResolveAsync(outcome.ActionId))!;
        Assert.False(verdict.Fraud, verdict.Reason);
        Assert.Contains("reproduces the committed input, output and call exactly", verdict.Reason);
        AbiFunction actionOf = verifier.Abi.GetFunction("actionOf");
        object?[] action = actionOf.DecodeOutput(await node.Rpc.CallAsync(verifier.Address, actionOf.EncodeCall(outcome.ActionId)));
        Assert.Equal((UInt256)3UL, (UInt256)action[2]!); // ActionStatus.Final: the challenge was rejected
        AbiEvent resolved = verifier.Abi.GetEvent("ChallengeResolved");
        RpcLog log = Assert.Single(await node.Rpc.GetLogsAsync(new LogFilterSpec(verifier.Address, [resolved.Topic0, outcome.ActionId]), 0));
        Assert.False((bool)resolved.DecodeLog(log.Topics, log.Data)["fraud"]!);
        Assert.Equal(UInt256.Zero, (UInt256)resolved.DecodeLog(log.Topics, log.Data)["slashed"]!);
    }
}
