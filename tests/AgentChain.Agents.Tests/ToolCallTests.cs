using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Agents.Tools;
using AgentChain.Agents.Transactions;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Inference;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace AgentChain.Agents.Tests;

/// <summary>
/// An IChatClient-driven agent's tool call takes the host's own path on a node with the devnet's predeployed contracts:
/// the shipped model decides, the commitment is proven, the ControllableAgent checks its limits.
/// </summary>
public class ToolCallTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_tool_call_from_a_chat_model_is_assessed_by_the_shipped_model_and_accepted_on_chain()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        using var metrics = new AgentMetrics();
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        DeployedContract desk = contracts["ExampleRiskDesk"];
        byte[] caseId = Keccak256.Hash("tool-call case"u8).ToArray();
        float[] row = SampleFile.Read(TestPaths.Expected("breast_cancer_risk"))[3];
        BigInteger[] fixedPoint = RiskDeskAbi.FixedPointFeatures(row);
        await SubmitCaseAsync(node, desk, caseId, fixedPoint, logger);

        AgentSpec spec = AgentSpec.Load(TestPaths.DemoSpec);
        using AgentActionExecutor executor = await AgentActionExecutor.CreateAsync(spec, node.Rpc, node.Accounts[1].PrivateKey,
            InferenceBackendCatalog.CreateDefault(), logger, metrics, contracts: contracts);
        IReadOnlyList<AITool> tools = AgentToolset.Create(executor);
        var tool = Assert.IsAssignableFrom<AIFunction>(Assert.Single(tools));
        Assert.Equal("recordAssessment", tool.Name);
        Assert.Equal(["caseId", "features"], tool.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));

        var chat = new ScriptedChatClientTestDouble(
            _ => new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "recordAssessment", new Dictionary<string, object?>
            {
                ["caseId"] = Hex.Encode(caseId),
                ["features"] = JsonSerializer.SerializeToElement(fixedPoint.Select(b => (long)b).ToArray()),
            })]),
            history => new ChatMessage(ChatRole.Assistant, "Recorded the assessment."));
        IReadOnlyList<ChatMessage> conversation = await new ToolCallingAgent(chat, tools, logger).RunAsync("Assess the new case on the risk desk.");

        Assert.Same(tool, Assert.Single(chat.Requests[0].Options!.Tools!));
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(conversation.SelectMany(m => m.Contents).OfType<FunctionResultContent>()));
        JsonObject outcome = Assert.IsType<JsonObject>(result.Result);
        output.WriteLine(outcome.ToJsonString());
        Assert.True(outcome["accepted"]!.GetValue<bool>(), outcome.ToJsonString());

        // On chain: the desk holds the model's own probability, recorded by the demo agent's account, with a commitment in the verifier.
        PlannedAction honest = executor.Decide(new AgentTrigger(new Dictionary<string, object?> { ["caseId"] = caseId, ["features"] = fixedPoint.Cast<object?>().ToArray() }, null, 0, 0));
        AbiFunction assessmentOf = desk.Abi.GetFunction("assessmentOf");
        var assessment = (object?[])assessmentOf.DecodeOutput(await node.Rpc.CallAsync(desk.Address, assessmentOf.EncodeCall(caseId)))[0]!;
        Assert.Equal(contracts["DemoAgent"].Address, (Address)assessment[0]!);
        Assert.Equal(honest.Arguments[1], assessment[1]);
        DeployedContract verifier = contracts["InferenceVerifier"];
        AbiFunction actionOf = verifier.Abi.GetFunction("actionOf");
        object?[] action = actionOf.DecodeOutput(await node.Rpc.CallAsync(verifier.Address, actionOf.EncodeCall(Hash256.Parse(outcome["actionId"]!.GetValue<string>()))));
        Assert.Equal(UInt256.One, (UInt256)action[0]!);
    }

    [Fact]
    public async Task A_tool_call_over_the_per_call_value_cap_is_rejected_with_the_contracts_custom_error()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        using var metrics = new AgentMetrics();
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        byte[] caseId = Keccak256.Hash("over the cap"u8).ToArray();
        BigInteger[] features = RiskDeskAbi.FixedPointFeatures(SampleFile.Read(TestPaths.Expected("breast_cancer_risk"))[0]);
        await SubmitCaseAsync(node, contracts["ExampleRiskDesk"], caseId, features, logger);

        JsonObject json = SpecText.Demo();
        json["action"]!["value"] = new JsonObject { ["output"] = "probabilities", ["index"] = 1, ["atLeast"] = 0.0, ["wei"] = "200000000000000000" };
        AgentSpec overCap = AgentSpec.Parse(json.ToJsonString(), SpecText.DemoDirectory);
        using AgentActionExecutor executor = await AgentActionExecutor.CreateAsync(overCap, node.Rpc, node.Accounts[1].PrivateKey,
            InferenceBackendCatalog.CreateDefault(), logger, metrics, contracts: contracts);
        ulong nonce = await node.Rpc.GetTransactionCountAsync(node.Accounts[1].Address);

        var tool = (AIFunction)AgentToolset.Create(executor)[0];
        var outcome = (JsonObject)(await tool.InvokeAsync(new AIFunctionArguments(new Dictionary<string, object?>
        {
            ["caseId"] = Hex.Encode(caseId),
            ["features"] = features.Select(f => (object?)f.ToString()).ToArray(),
        })))!;

        Assert.False(outcome["accepted"]!.GetValue<bool>());
        Assert.Equal("ValueAboveCap", outcome["error"]!.GetValue<string>());
        Assert.Contains("100000000000000000", outcome["reason"]!.GetValue<string>());
        Assert.True(logger.Said("rejected by the contract: ValueAboveCap"));
        Assert.Equal(nonce, await node.Rpc.GetTransactionCountAsync(node.Accounts[1].Address));
    }

    [Fact]
    public async Task Bad_tool_arguments_are_reported_back_to_the_chat_model_and_nothing_is_sent()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        var logger = new RecordingLogger(output.WriteLine);
        using var metrics = new AgentMetrics();
        using AgentActionExecutor executor = await AgentActionExecutor.CreateAsync(AgentSpec.Load(TestPaths.DemoSpec), node.Rpc, node.Accounts[1].PrivateKey,
            InferenceBackendCatalog.CreateDefault(), logger, metrics);
        var chat = new ScriptedChatClientTestDouble(
            _ => new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "recordAssessment", new Dictionary<string, object?> { ["caseId"] = "0x1234" })]),
            _ => new ChatMessage(ChatRole.Assistant, "I could not."));
        IReadOnlyList<ChatMessage> conversation = await new ToolCallingAgent(chat, AgentToolset.Create(executor), logger).RunAsync("assess");
        string result = Assert.Single(conversation.SelectMany(m => m.Contents).OfType<FunctionResultContent>()).Result!.ToString()!;
        Assert.Contains("invalid arguments", result);
        Assert.Equal(0UL, await node.Rpc.GetTransactionCountAsync(node.Accounts[1].Address) - await node.Rpc.GetTransactionCountAsync(node.Accounts[1].Address, "latest"));
    }

    internal static async Task SubmitCaseAsync(InProcessNode node, DeployedContract desk, byte[] caseId, BigInteger[] features, RecordingLogger logger)
    {
        var user = new TransactionSubmitter(node.Rpc, node.Accounts[5].PrivateKey, 31337, logger);
        byte[] data = desk.Abi.GetFunction("submitCase").EncodeCall(caseId, features.Cast<object?>().ToArray());
        await user.SendAsync(desk.Address, UInt256.Zero, data, new RevertDecoder([desk.Abi]), "submit case");
    }
}
