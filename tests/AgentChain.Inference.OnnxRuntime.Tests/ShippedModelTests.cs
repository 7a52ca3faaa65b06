using System.Text.Json;

namespace AgentChain.Inference.OnnxRuntime.Tests;

/// <summary>Every model in models/ runs through the binding and reproduces what train.py recorded with numpy/sklearn.</summary>
public sealed class ShippedModelTests
{
    public ShippedModelTests() => OrtTestLibrary.Ensure();

    public static TheoryData<string, bool> ModelsAndProfiles()
    {
        var data = new TheoryData<string, bool>();
        foreach (string name in ShippedModel.Names)
        {
            data.Add(name, true);
            data.Add(name, false);
        }
        return data;
    }

    public static TheoryData<string> Models() => new(ShippedModel.Names);

    [Theory]
    [MemberData(nameof(ModelsAndProfiles))]
    public void Outputs_match_the_recorded_expected_outputs(string name, bool deterministic)
    {
        ShippedModel model = ShippedModel.Load(name);
        using IInferenceSession session = new OnnxRuntimeBackend().Load(model.Bytes, new InferenceOptions { Deterministic = deterministic });
        IReadOnlyDictionary<string, Tensor> outputs = session.Run(new Dictionary<string, Tensor> { [model.InputName] = model.Input() });

        foreach (var (outputName, shape, type, data, tolerance) in model.ExpectedOutputs())
        {
            Tensor actual = outputs[outputName];
            Assert.Equal(shape, actual.ShapeToArray());
            if (type == "int64")
            {
                Assert.Equal(data.EnumerateArray().Select(e => e.GetInt64()).ToArray(), actual.AsSpan<long>().ToArray());
            }
            else
            {
                double[] expected = data.EnumerateArray().Select(e => e.GetDouble()).ToArray();
                ReadOnlySpan<float> got = actual.AsSpan<float>();
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(got[i] - expected[i]) <= tolerance,
                        $"{name}.{outputName}[{i}]: expected {expected[i]}, got {got[i]} (tolerance {tolerance})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ModelHash_is_the_manifest_sha256(string name)
    {
        ShippedModel model = ShippedModel.Load(name);
        using IInferenceSession session = new OnnxRuntimeBackend().Load(model.Bytes, InferenceOptions.Default);
        Assert.Equal("0x" + model.Manifest.GetProperty("sha256").GetString(), session.ModelHash.ToString());
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Declared_inputs_and_outputs_match_the_manifest(string name)
    {
        ShippedModel model = ShippedModel.Load(name);
        using IInferenceSession session = new OnnxRuntimeBackend().Load(model.Bytes, InferenceOptions.Default);
        AssertSameSignature(model.Manifest.GetProperty("inputs"), session.Inputs);
        AssertSameSignature(model.Manifest.GetProperty("outputs"), session.Outputs);
    }

    private static void AssertSameSignature(JsonElement declared, IReadOnlyList<TensorInfo> actual)
    {
        JsonElement[] items = declared.EnumerateArray().ToArray();
        Assert.Equal(items.Length, actual.Count);
        for (int i = 0; i < items.Length; i++)
        {
            Assert.Equal(items[i].GetProperty("name").GetString(), actual[i].Name);
            Assert.Equal(items[i].GetProperty("type").GetString(), actual[i].ElementType switch
            {
                TensorElementType.Float => "float",
                TensorElementType.Int64 => "int64",
                var other => other.ToString(),
            });
            string[] dims = items[i].GetProperty("shape").EnumerateArray()
                .Select(d => d.ValueKind == JsonValueKind.String ? d.GetString()! : d.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture))
                .ToArray();
            Assert.Equal(dims, actual[i].Shape!.Select(d => d.ToString()).ToArray());
        }
    }

    [Fact]
    public void The_risk_gate_scores_a_whole_batch_in_one_run()
    {
        ShippedModel model = ShippedModel.Load("breast_cancer_risk");
        using IInferenceSession session = new OnnxRuntimeBackend().Load(model.Bytes, InferenceOptions.Default);
        Tensor input = model.Input();
        Tensor probabilities = session.Run(new Dictionary<string, Tensor> { ["features"] = input })["probabilities"];
        ReadOnlySpan<float> p = probabilities.AsSpan<float>();
        for (int row = 0; row < 8; row++)
            Assert.InRange(p[row * 2] + p[row * 2 + 1], 0.9999f, 1.0001f);
    }
}
