using System.Text.Json;
using AgentChain.Inference;

namespace AgentChain.Bench.Inference;

/// <summary>
/// A shipped model from models/ as the inference benchmarks use it: its bytes, its input and first output names, and
/// the eight held-out rows train.py recorded in expected.json (real data, so the kernels see realistic values).
/// </summary>
public sealed class BenchmarkModel
{
    private readonly float[] _rows;

    private BenchmarkModel(string name, string path, byte[] bytes, string inputName, string outputName, int features, bool batchIsFree, float[] rows)
    {
        Name = name;
        Path = path;
        Bytes = bytes;
        InputName = inputName;
        OutputName = outputName;
        Features = features;
        BatchIsFree = batchIsFree;
        _rows = rows;
    }

    public string Name { get; }

    /// <summary>The model.onnx file.</summary>
    public string Path { get; }

    public byte[] Bytes { get; }

    public string InputName { get; }

    /// <summary>The first output the manifest lists (what the benchmarks read back after every run).</summary>
    public string OutputName { get; }

    public int Features { get; }

    /// <summary>True when the manifest declares the batch dimension symbolic, so batches larger than one are allowed.</summary>
    public bool BatchIsFree { get; }

    /// <summary>The folder that holds the shipped models: models/ of the repository above the current folder or the application.</summary>
    public static string? DefaultFolder()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "AgentChain.sln")) && Directory.Exists(System.IO.Path.Combine(dir.FullName, "models")))
                    return System.IO.Path.Combine(dir.FullName, "models");
        return null;
    }

    /// <summary>Every model under <paramref name="folder"/> (each subfolder with model.onnx, manifest.json and expected.json), by name.</summary>
    public static IReadOnlyList<BenchmarkModel> LoadAll(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"models folder '{folder}' does not exist");
        var models = Directory.EnumerateDirectories(folder)
            .Where(d => File.Exists(System.IO.Path.Combine(d, "model.onnx")) && File.Exists(System.IO.Path.Combine(d, "manifest.json")))
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();
        if (models.Count == 0) throw new DirectoryNotFoundException($"no models (folders with model.onnx and manifest.json) under '{folder}'");
        return models;
    }

    public static BenchmarkModel Load(string folder)
    {
        string name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(folder));
        string modelPath = System.IO.Path.Combine(folder, "model.onnx");
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(folder, "manifest.json")));
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(folder, "expected.json")));
        JsonElement input = manifest.RootElement.GetProperty("inputs")[0];
        JsonElement[] shape = input.GetProperty("shape").EnumerateArray().ToArray();
        if (input.GetProperty("type").GetString() != "float" || shape.Length != 2 || shape[1].ValueKind != JsonValueKind.Number)
            throw new InvalidDataException($"{name}: the inference benchmarks take models with one float input [batch, features]; the manifest declares {input}");
        JsonElement recorded = expected.RootElement.GetProperty("input");
        float[] rows = recorded.GetProperty("data").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        int features = shape[1].GetInt32();
        if (rows.Length == 0 || rows.Length % features != 0)
            throw new InvalidDataException($"{name}: expected.json holds {rows.Length} input values, not whole rows of {features}");
        return new BenchmarkModel(name, modelPath, File.ReadAllBytes(modelPath), input.GetProperty("name").GetString()!,
            manifest.RootElement.GetProperty("outputs")[0].GetProperty("name").GetString()!, features,
            batchIsFree: shape[0].ValueKind == JsonValueKind.String, rows);
    }

    /// <summary>A [batch, features] input made of the recorded rows, repeated in order.</summary>
    public Dictionary<string, Tensor> Input(int batch)
    {
        if (batch < 1 || (batch > 1 && !BatchIsFree)) throw new ArgumentOutOfRangeException(nameof(batch), $"{Name} takes batch 1 only");
        var data = new float[batch * Features];
        for (int i = 0; i < data.Length; i++) data[i] = _rows[i % _rows.Length];
        return new Dictionary<string, Tensor>(StringComparer.Ordinal) { [InputName] = Tensor.Create(data, batch, Features) };
    }
}
