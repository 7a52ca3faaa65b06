using System.Text.Json.Nodes;
using AgentChain.Agents.Specs;
using AgentChain.Core.Numerics;

namespace AgentChain.Agents.Tests;

public class AgentSpecTests
{
    [Fact]
    public void The_shipped_demo_spec_loads_with_every_field_resolved()
    {
        AgentSpec spec = AgentSpec.Load(TestPaths.DemoSpec);
        Assert.Equal("breast-cancer-risk", spec.Name);
        Assert.Equal(TestPaths.Model("breast_cancer_risk"), spec.Model.Path);
        Assert.Equal("reproducible", spec.Model.Backend);
        Assert.Equal("DemoAgent", spec.AgentContract);
        Assert.Equal(UInt256.One, spec.AgentId);
        Assert.Equal(TriggerKind.Event, spec.Trigger.Kind);
        Assert.Equal("CaseSubmitted", spec.Trigger.Event);
        Assert.Equal("features", spec.Input.TriggerField);
        Assert.Equal(1e-6, spec.Input.Scale);
        Assert.Equal("recordAssessment(bytes32,uint16)", spec.Action.Function);
        Assert.Equal([ArgumentSource.Trigger, ArgumentSource.Output], spec.Action.Arguments.Select(a => a.Source));
        Assert.Equal(UInt256.Parse("50000000000000000"), spec.Action.Value!.Wei);
        Assert.Equal(ProofKind.SignedCommitment, spec.Proof);
    }

    public static TheoryData<string, string, string> Broken() => new()
    {
        { "missing model", "$.model=", "model is missing" },
        { "short hash", "$.model.sha256=abc", "model.sha256 must be 64 hex digits" },
        { "unknown trigger", "$.trigger.kind=sometimes", "trigger.kind 'sometimes' is not known" },
        { "zero agent id", "$.agent.agentId=0", "agent.agentId must be a registered agent id" },
        { "unknown proof", "$.proof.mode=trust-me", "proof.mode 'trust-me' is not known" },
        { "bad signature", "$.action.function=recordAssessment", "must be a full signature" },
        { "argument count", "$.action.function=recordAssessment(bytes32,uint16,bool)", "takes 3 argument(s) but action.arguments lists 2" },
        { "bad wei", "$.action.value.wei=lots", "action.value.wei must be a whole number" },
        { "event input on a block trigger", "$.trigger={\"kind\":\"block\"}", "reads the triggering event, but the trigger is 'block'" },
        { "zero interval", "$.trigger={\"kind\":\"interval\",\"seconds\":0}", "trigger.seconds must be between 1" },
        { "unknown argument source", "$.action.arguments[0].from=oracle", "action.arguments[0].from 'oracle' is not known" },
        { "missing samples file", "$.input={\"samples\":\"nope.json\"}", "input.samples file" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_spec_is_refused_with_a_message_naming_the_field(string what, string edit, string expected)
    {
        JsonObject spec = SpecText.Demo();
        Apply(spec, edit);
        var e = Assert.Throws<AgentSpecException>(() => AgentSpec.Parse(spec.ToJsonString(), SpecText.DemoDirectory));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{what}: '{e.Message}' does not say '{expected}'");
    }

    [Fact]
    public void Invalid_json_is_refused()
    {
        var e = Assert.Throws<AgentSpecException>(() => AgentSpec.Parse("{ \"name\": ", SpecText.DemoDirectory));
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void A_missing_spec_file_is_refused_with_its_path()
    {
        var e = Assert.Throws<AgentSpecException>(() => AgentSpec.Load("/no/such/agent.json"));
        Assert.Contains("/no/such/agent.json", e.Message);
    }

    [Fact]
    public void Sample_fed_interval_agents_are_valid()
    {
        JsonObject spec = SpecText.Demo();
        spec["trigger"] = new JsonObject { ["kind"] = "interval", ["seconds"] = 5 };
        spec["input"] = new JsonObject { ["samples"] = "../../../models/breast_cancer_risk/expected.json" };
        spec["action"]!["arguments"]![0] = new JsonObject { ["from"] = "inputHash" };
        AgentSpec parsed = AgentSpec.Parse(spec.ToJsonString(), SpecText.DemoDirectory);
        Assert.Equal(TimeSpan.FromSeconds(5), parsed.Trigger.Interval);
        Assert.Equal(TestPaths.Expected("breast_cancer_risk"), parsed.Input.SamplesPath);
    }

    [Fact]
    public void Dev_tee_proofs_need_a_platform_key_and_measurement()
    {
        JsonObject spec = SpecText.Demo();
        spec["proof"] = new JsonObject { ["mode"] = "dev-tee" };
        Assert.Contains("proof.platformKeySeed", Assert.Throws<AgentSpecException>(() => AgentSpec.Parse(spec.ToJsonString(), SpecText.DemoDirectory)).Message);
        spec["proof"] = new JsonObject { ["mode"] = "dev-tee", ["platformKeySeed"] = "dev", ["measurement"] = "0x12" };
        Assert.Contains("proof.measurement", Assert.Throws<AgentSpecException>(() => AgentSpec.Parse(spec.ToJsonString(), SpecText.DemoDirectory)).Message);
    }

    /// <summary>Applies "$.a.b=value" (value parsed as JSON when it is JSON, else a string; empty removes the field).</summary>
    private static void Apply(JsonObject root, string edit)
    {
        string path = edit[2..edit.IndexOf('=')];
        string value = edit[(edit.IndexOf('=') + 1)..];
        JsonNode parent = root;
        string[] parts = path.Split('.');
        for (int i = 0; i < parts.Length - 1; i++) parent = Step(parent, parts[i]);
        string last = parts[^1];
        JsonNode? node = value.Length == 0 ? null : value.StartsWith('{') || value.All(char.IsDigit) ? JsonNode.Parse(value) : JsonValue.Create(value);
        if (last.EndsWith(']'))
        {
            var (name, index) = Indexed(last);
            ((JsonArray)parent[name]!)[index] = node;
        }
        else if (node is null) ((JsonObject)parent).Remove(last);
        else ((JsonObject)parent)[last] = node;
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        if (!part.EndsWith(']')) return node[part]!;
        var (name, index) = Indexed(part);
        return node[name]![index]!;
    }

    private static (string, int) Indexed(string part) => (part[..part.IndexOf('[')], int.Parse(part[(part.IndexOf('[') + 1)..^1]));
}
