using System.Text.Json;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.Specs;
using AgentChain.Core.Crypto;
using AgentChain.Inference;
using AgentChain.Inference.Reproducible;

namespace AgentChain.Agents.Tests;

public class ModelTests
{
    private const string BreastCancerSha = "d94b22ea7835905e71fec924897266170524568bf4de23ab195333ce9023d66c";

    [Fact]
    public void A_model_whose_hash_differs_from_the_spec_is_refused_before_any_backend_sees_it()
    {
        string wrong = new('0', 64);
        var e = Assert.Throws<AgentSpecException>(() => AgentModel.Load(TestPaths.Model("breast_cancer_risk"), wrong, new ReproducibleBackend()));
        Assert.Contains(BreastCancerSha, e.Message);
        Assert.Contains("refusing to run it", e.Message);
    }

    [Fact]
    public void Evaluation_matches_the_models_expected_outputs_and_reports_the_commitment_hashes()
    {
        using AgentModel model = AgentModel.Load(TestPaths.Model("breast_cancer_risk"), BreastCancerSha, new ReproducibleBackend());
        float[][] rows = SampleFile.Read(TestPaths.Expected("breast_cancer_risk"));
        using var expected = JsonDocument.Parse(File.ReadAllText(TestPaths.Expected("breast_cancer_risk")));
        float[] probabilities = expected.RootElement.GetProperty("outputs").GetProperty("probabilities").GetProperty("data")
            .EnumerateArray().Select(e => e.GetSingle()).ToArray();

        ModelEvaluation e = model.Evaluate("features", rows[0]);
        Assert.Equal(probabilities[0], e.Output("probabilities", 0), 5);
        Assert.Equal(probabilities[1], e.Output("probabilities", 1), 5);
        Assert.Equal(Convert.FromHexString(BreastCancerSha), e.ModelHash.ToArray());
        Assert.Equal(Keccak256.Hash("reproducible-v2"u8), e.RuntimeId);
        Assert.Equal(TensorDigest.Of(e.Inputs), e.InputHash);
        Assert.Equal(TensorDigest.Of(e.Outputs), e.OutputHash);

        ModelEvaluation again = model.Evaluate("features", rows[0]);
        Assert.Equal(e.InputHash, again.InputHash);
        Assert.Equal(e.OutputHash, again.OutputHash);
        Assert.NotEqual(e.InputHash, model.Evaluate("features", rows[1]).InputHash);
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_refused()
    {
        using AgentModel model = AgentModel.Load(TestPaths.Model("breast_cancer_risk"), BreastCancerSha, new ReproducibleBackend());
        Assert.Throws<InvalidInputException>(() => model.Evaluate("features", new float[29]));
        Assert.Throws<InvalidInputException>(() => model.Evaluate("pixels", new float[30]));
    }

    [Fact]
    public void The_tensor_digest_covers_names_types_and_shapes_not_only_bytes()
    {
        float[] data = [1, 2, 3, 4];
        var flat = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(data, 1, 4) };
        var square = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(data, 2, 2) };
        var renamed = new Dictionary<string, Tensor> { ["y"] = Tensor.Create(data, 1, 4) };
        var retyped = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(data.Select(BitConverter.SingleToInt32Bits).ToArray(), 1, 4) };
        Hash[] digests = [new(TensorDigest.Of(flat)), new(TensorDigest.Of(square)), new(TensorDigest.Of(renamed)), new(TensorDigest.Of(retyped))];
        Assert.Equal(4, digests.Distinct().Count());

        var a = new Dictionary<string, Tensor> { ["a"] = Tensor.Create(data, 4), ["b"] = Tensor.Create(data, 4) };
        var b = new Dictionary<string, Tensor> { ["b"] = Tensor.Create(data, 4), ["a"] = Tensor.Create(data, 4) };
        Assert.Equal(TensorDigest.Of(a), TensorDigest.Of(b));
    }

    private readonly record struct Hash(Core.Types.Hash256 Value);

    [Fact]
    public void The_fault_injector_reverses_the_output_and_recommits_to_the_lie()
    {
        using AgentModel model = AgentModel.Load(TestPaths.Model("breast_cancer_risk"), BreastCancerSha, new ReproducibleBackend());
        ModelEvaluation honest = model.Evaluate("features", SampleFile.Read(TestPaths.Expected("breast_cancer_risk"))[0]);
        var injector = new ReversedOutputFaultInjector("probabilities");
        ModelEvaluation lie = injector.Tamper(honest);
        Assert.Contains("FAULT INJECTOR", injector.Description);
        Assert.Equal(honest.Output("probabilities", 0), lie.Output("probabilities", 1));
        Assert.Equal(honest.Output("probabilities", 1), lie.Output("probabilities", 0));
        Assert.Equal(honest.InputHash, lie.InputHash);
        Assert.NotEqual(honest.OutputHash, lie.OutputHash);
        Assert.Equal(TensorDigest.Of(lie.Outputs), lie.OutputHash);
    }
}
