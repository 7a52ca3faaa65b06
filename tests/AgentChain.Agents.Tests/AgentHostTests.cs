using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Numerics;
using System.Text.Json.Nodes;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Core.Crypto;
using AgentChain.Inference;
using Xunit.Abstractions;

namespace AgentChain.Agents.Tests;

/// <summary>The host's triggers on a predeployed in-process devnet, reached only over JSON-RPC and WebSocket.</summary>
public class AgentHostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_event_triggered_host_acts_once_per_case_and_counts_it_in_its_metrics()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        using var metrics = new AgentMetrics();
        long accepted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This test's own counter: a listener sees every meter in the process, and other test classes running
            // at the same time create their own AgentMetrics under the same meter name (one of their acceptances
            // was counted here once: 3, not 2).
            if (ReferenceEquals(instrument, metrics.ActionsAccepted)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref accepted, value));
        listener.Start();

        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        using AgentActionExecutor executor = await AgentActionExecutor.CreateAsync(AgentSpec.Load(TestPaths.DemoSpec), node.Rpc, node.Accounts[1].PrivateKey,
            InferenceBackendCatalog.CreateDefault(), logger, metrics, contracts: contracts);
        var host = new AgentHost(executor, node.Rpc, logger);
        var outcomes = new ConcurrentQueue<ActionOutcome>();
        host.ActionCompleted += outcomes.Enqueue;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        Task run = host.RunAsync(stop.Token);
        while (!logger.Said("subscribed to logs")) await Task.Delay(20);

        float[][] rows = SampleFile.Read(TestPaths.Expected("breast_cancer_risk"));
        for (int i = 0; i < 2; i++)
        {
            byte[] caseId = Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes($"host case {i}")).ToArray();
            await ToolCallTests.SubmitCaseAsync(node, contracts["ExampleRiskDesk"], caseId, RiskDeskAbi.FixedPointFeatures(rows[i]), logger);
        }
        while (outcomes.Count < 2) await Task.Delay(50);
        await Task.Delay(500); // nothing further arrives: each case is acted on once

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Accepted, o.ToString()));
        Assert.Equal(2, outcomes.Select(o => o.ActionId).Distinct().Count());
        listener.RecordObservableInstruments();
        Assert.Equal(2, Interlocked.Read(ref accepted));
        stop.Cancel();
        await run;
    }

    [Theory]
    [InlineData("{\"kind\":\"block\",\"everyBlocks\":5}")]
    [InlineData("{\"kind\":\"interval\",\"seconds\":1}")]
    public async Task A_block_or_interval_triggered_host_acts_on_its_samples_and_reports_the_targets_own_error(string trigger)
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        using var metrics = new AgentMetrics();
        JsonObject json = SpecText.Demo();
        json["trigger"] = JsonNode.Parse(trigger);
        json["input"] = new JsonObject { ["samples"] = "../../../models/breast_cancer_risk/expected.json" };
        json["action"]!["arguments"]![0] = new JsonObject { ["from"] = "inputHash" };
        AgentSpec spec = AgentSpec.Parse(json.ToJsonString(), SpecText.DemoDirectory);
        using AgentActionExecutor executor = await AgentActionExecutor.CreateAsync(spec, node.Rpc, node.Accounts[1].PrivateKey,
            InferenceBackendCatalog.CreateDefault(), logger, metrics);
        var host = new AgentHost(executor, node.Rpc, logger);
        var outcomes = new ConcurrentQueue<ActionOutcome>();
        host.ActionCompleted += outcomes.Enqueue;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        Task run = host.RunAsync(stop.Token);
        while (outcomes.IsEmpty) await Task.Delay(50);
        stop.Cancel();
        await run;

        // No case was ever submitted under the input hash, so the desk refuses; the host decodes the desk's own
        // error out of the ControllableAgent's InnerCallFailed instead of reporting an opaque revert.
        ActionOutcome first = outcomes.First();
        Assert.False(first.Accepted);
        Assert.Equal("UnknownCase", first.ErrorName);
        Assert.Equal(first.Action.Evaluation.InputHash, first.Action.Arguments[0]);
    }

    [Fact]
    public async Task A_feed_triggered_host_acts_when_the_feeds_runners_publish_an_answer()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        using var metrics = new AgentMetrics();
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        JsonObject json = SpecText.Demo();
        json["trigger"] = new JsonObject { ["kind"] = "feed", ["contract"] = "AIFeed" };
        json["input"] = new JsonObject { ["samples"] = "../../../models/breast_cancer_risk/expected.json" };
        json["action"]!["arguments"]![0] = new JsonObject { ["from"] = "inputHash" };
        using AgentActionExecutor executor = await AgentActionExecutor.CreateAsync(AgentSpec.Parse(json.ToJsonString(), SpecText.DemoDirectory), node.Rpc,
            node.Accounts[1].PrivateKey, InferenceBackendCatalog.CreateDefault(), logger, metrics, contracts: contracts);
        var host = new AgentHost(executor, node.Rpc, logger);
        var outcomes = new ConcurrentQueue<ActionOutcome>();
        host.ActionCompleted += outcomes.Enqueue;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        Task run = host.RunAsync(stop.Token);
        while (!logger.Said("subscribed to logs")) await Task.Delay(20);
        await Task.Delay(500);
        Assert.Empty(outcomes); // no answer yet, no action

        float[][] samples = SampleFile.Read(TestPaths.Expected("diabetes_progression"));
        foreach (int i in new[] { 2, 3, 4 })
        {
            using Models.AgentModel model = Models.AgentModel.Load(TestPaths.Model("diabetes_progression"),
                "d05b4369c3a18ad98fa2a2dcb67947f6df4afb22b752c384b74e15c2d3356f94", new Inference.Reproducible.ReproducibleBackend());
            NodeRunner.FeedRunner runner = await NodeRunner.FeedRunner.CreateAsync(node.Rpc, contracts, "AIFeed", node.Accounts[i].PrivateKey, model, samples,
                "features", logger, metrics);
            await runner.TryReportAsync();
        }
        while (outcomes.IsEmpty) await Task.Delay(50);
        stop.Cancel();
        await run;
        Assert.Single(outcomes);
        Assert.Equal("UnknownCase", outcomes.First().ErrorName);
    }
}
