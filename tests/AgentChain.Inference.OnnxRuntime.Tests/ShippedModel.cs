using System.Text.Json;

namespace AgentChain.Inference.OnnxRuntime.Tests;

/// <summary>A model from models/: its bytes, manifest and the fixed inputs/outputs train.py recorded.</summary>
internal sealed class ShippedModel
{
    public static readonly string[] Names = ["breast_cancer_risk", "diabetes_progression", "wine_cultivar", "digits_mlp"];

    private ShippedModel(string name, byte[] bytes, JsonElement manifest, JsonElement expected)
    {
        Name = name;
        Bytes = bytes;
        Manifest = manifest;
        Expected = expected;
    }

    public string Name { get; }

    public byte[] Bytes { get; }

    public JsonElement Manifest { get; }

    public JsonElement Expected { get; }

    public static ShippedModel Load(string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "models", name);
        return new ShippedModel(name, File.ReadAllBytes(Path.Combine(folder, "model.onnx")),
            JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json"))).RootElement,
            JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected.json"))).RootElement);
    }

    /// <summary>The recorded input as a tensor (float32, [8, features]).</summary>
    public Tensor Input()
    {
        JsonElement input = Expected.GetProperty("input");
        long[] shape = input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        float[] data = input.GetProperty("data").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        return Tensor.Create(data, shape);
    }

    public string InputName => Expected.GetProperty("input").GetProperty("name").GetString()!;

    public IEnumerable<(string Name, long[] Shape, string Type, JsonElement Data, double Tolerance)> ExpectedOutputs()
    {
        JsonElement tolerance = Expected.GetProperty("tolerance");
        foreach (JsonProperty output in Expected.GetProperty("outputs").EnumerateObject())
        {
            long[] shape = output.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            yield return (output.Name, shape, output.Value.GetProperty("type").GetString()!, output.Value.GetProperty("data"),
                tolerance.GetProperty(output.Name).GetDouble());
        }
    }
}
