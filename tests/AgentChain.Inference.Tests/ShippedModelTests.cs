using System.Text.Json;
using AgentChain.Inference.Reproducible;

namespace AgentChain.Inference.Tests;

/// <summary>
/// Every shipped model (models/NAME/model.onnx with expected.json) runs on the reproducible backend within the
/// recorded tolerance and gives byte-identical outputs across thread counts. Models come from the ORT work; until
/// they are merged the folder may be absent (AGENTCHAIN_MODELS_DIR points elsewhere).
/// </summary>
public sealed class ShippedModelTests
{
    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        string? dir = ModelsDirectory();
        if (dir is not null)
            foreach (string model in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
                if (File.Exists(Path.Combine(model, "model.onnx")) && File.Exists(Path.Combine(model, "expected.json")))
                    data.Add(Path.GetFileName(model));
        if (data.Count == 0) data.Add("");
        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ShippedModel_MatchesExpectedOutputs_AndIsDeterministic(string name)
    {
        if (name.Length == 0) return; // no models/ in this checkout yet
        string dir = Path.Combine(ModelsDirectory()!, name);
        byte[] model = File.ReadAllBytes(Path.Combine(dir, "model.onnx"));
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")));
        JsonElement input = expected.RootElement.GetProperty("input");
        long[] shape = input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        float[] values = input.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var inputs = new Dictionary<string, Tensor> { [input.GetProperty("name").GetString()!] = Tensor.Create(values, shape) };

        using IInferenceSession session = new ReproducibleBackend().Load(model, new InferenceOptions { Threads = 1 });
        IReadOnlyDictionary<string, Tensor> outputs = session.Run(inputs);
        JsonElement tolerance = expected.RootElement.GetProperty("tolerance");
        foreach (JsonProperty output in expected.RootElement.GetProperty("outputs").EnumerateObject())
        {
            Tensor actual = outputs[output.Name];
            Assert.Equal(output.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray(), actual.ShapeToArray());
            double[] want = output.Value.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double[] got = actual.Data switch
            {
                float[] f => Array.ConvertAll(f, v => (double)v),
                long[] l => Array.ConvertAll(l, v => (double)v),
                _ => throw new InvalidOperationException($"unexpected output type {actual}"),
            };
            double tol = tolerance.TryGetProperty(output.Name, out JsonElement t) ? t.GetDouble() : 0;
            for (int i = 0; i < want.Length; i++)
                Assert.True(Math.Abs(got[i] - want[i]) <= tol + 1e-6 * Math.Abs(want[i]) * (tol > 0 ? 1 : 0), $"{name}/{output.Name}[{i}]: {got[i]:R}, expected {want[i]:R} (tolerance {tol})");
        }
        DeterminismTests.AssertSameAcrossThreads(model, inputs);
    }

    private static string? ModelsDirectory()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("AGENTCHAIN_MODELS_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment)) return Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AgentChain.sln")))
                return Directory.Exists(Path.Combine(dir.FullName, "models")) ? Path.Combine(dir.FullName, "models") : null;
        return null;
    }
}
