using System.Numerics;
using System.Text.Json.Nodes;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.Specs;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Agents.Tests;

public class ActionPlannerTests
{
    private static readonly Address Desk = Address.Parse("0x00000000000000000000000000000000000A6E20");

    [Fact]
    public void A_case_event_maps_to_record_assessment_with_the_models_probability_in_basis_points()
    {
        AgentSpec spec = AgentSpec.Load(TestPaths.DemoSpec);
        using AgentModel model = AgentModel.Load(spec.Model, Inference.InferenceBackendCatalog.CreateDefault());
        var planner = new ActionPlanner(spec, Desk, RiskDeskAbi.Abi);
        float[] row = SampleFile.Read(TestPaths.Expected("breast_cancer_risk"))[0];
        byte[] caseId = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var trigger = new AgentTrigger(new Dictionary<string, object?>
        {
            ["caseId"] = caseId,
            ["features"] = RiskDeskAbi.FixedPointFeatures(row).Cast<object?>().ToArray(),
        }, null, 7, 0);

        float[] input = planner.BuildInput(trigger);
        Assert.Equal(row, input, (a, b) => Math.Abs(a - b) <= 1e-5f * Math.Max(1, Math.Abs(a)));
        ModelEvaluation e = model.Evaluate("features", input);
        PlannedAction action = planner.Plan(trigger, e);

        ushort bps = (ushort)Math.Round(e.Output("probabilities", 1) * 10000, MidpointRounding.ToEven);
        Assert.Equal(Desk, action.Target);
        Assert.Equal(RiskDeskAbi.Abi.GetFunction("recordAssessment").EncodeCall(caseId, (UInt256)(ulong)bps), action.Data);
        Assert.Equal(e.Output("probabilities", 1) >= 0.5 ? UInt256.Parse("50000000000000000") : UInt256.Zero, action.Value);
    }

    [Fact]
    public void The_value_rule_attaches_the_budget_only_at_or_above_its_threshold()
    {
        JsonObject json = SpecText.Demo();
        json["action"]!["value"]!["atLeast"] = 0.0;
        AgentSpec always = AgentSpec.Parse(json.ToJsonString(), SpecText.DemoDirectory);
        json["action"]!["value"]!["atLeast"] = 1.01;
        AgentSpec never = AgentSpec.Parse(json.ToJsonString(), SpecText.DemoDirectory);
        using AgentModel model = AgentModel.Load(always.Model, Inference.InferenceBackendCatalog.CreateDefault());
        ModelEvaluation e = model.Evaluate("features", SampleFile.Read(TestPaths.Expected("breast_cancer_risk"))[0]);
        var trigger = new AgentTrigger(new Dictionary<string, object?> { ["caseId"] = new byte[32] }, null, 1, 0);
        Assert.Equal(UInt256.Parse("50000000000000000"), new ActionPlanner(always, Desk, RiskDeskAbi.Abi).Plan(trigger, e).Value);
        Assert.Equal(UInt256.Zero, new ActionPlanner(never, Desk, RiskDeskAbi.Abi).Plan(trigger, e).Value);
    }

    [Fact]
    public void An_output_that_does_not_fit_the_parameter_type_is_refused_not_truncated()
    {
        JsonObject json = SpecText.Demo();
        json["action"]!["arguments"]![1]!["scale"] = 1e9; // probability × 1e9 overflows uint16
        AgentSpec spec = AgentSpec.Parse(json.ToJsonString(), SpecText.DemoDirectory);
        using AgentModel model = AgentModel.Load(spec.Model, Inference.InferenceBackendCatalog.CreateDefault());
        ModelEvaluation e = model.Evaluate("features", SampleFile.Read(TestPaths.Expected("breast_cancer_risk"))[0]);
        var trigger = new AgentTrigger(new Dictionary<string, object?> { ["caseId"] = new byte[32] }, null, 1, 0);
        var error = Assert.Throws<InvalidOperationException>(() => new ActionPlanner(spec, Desk, RiskDeskAbi.Abi).Plan(trigger, e));
        Assert.Contains("outside uint16", error.Message);
    }

    [Fact]
    public void Sample_fed_agents_take_rows_in_turn_and_can_name_the_case_by_its_input_hash()
    {
        JsonObject json = SpecText.Demo();
        json["trigger"] = new JsonObject { ["kind"] = "block", ["everyBlocks"] = 3 };
        json["input"] = new JsonObject { ["samples"] = "../../../models/breast_cancer_risk/expected.json" };
        json["action"]!["arguments"]![0] = new JsonObject { ["from"] = "inputHash" };
        AgentSpec spec = AgentSpec.Parse(json.ToJsonString(), SpecText.DemoDirectory);
        var planner = new ActionPlanner(spec, Desk, RiskDeskAbi.Abi);
        float[][] rows = SampleFile.Read(TestPaths.Expected("breast_cancer_risk"));
        Assert.Equal(rows[2], planner.BuildInput(new AgentTrigger(new Dictionary<string, object?>(), null, 9, 2)));
        Assert.Equal(rows[0], planner.BuildInput(new AgentTrigger(new Dictionary<string, object?>(), null, 9, rows.Length)));

        using AgentModel model = AgentModel.Load(spec.Model, Inference.InferenceBackendCatalog.CreateDefault());
        ModelEvaluation e = model.Evaluate("features", rows[2]);
        PlannedAction action = planner.Plan(new AgentTrigger(new Dictionary<string, object?>(), null, 9, 2), e);
        Assert.Equal(e.InputHash, action.Arguments[0]);
    }
}
