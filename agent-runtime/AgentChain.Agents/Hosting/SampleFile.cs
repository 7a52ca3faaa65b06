using System.Text.Json;

namespace AgentChain.Agents.Hosting;

/// <summary>
/// Input rows for sample-fed agents and node runners: the <c>input</c> block of a model's expected.json
/// (<c>{"input": {"shape": [rows, features], "data": [...]}}</c>), i.e. held-out rows of the model's own dataset.
/// </summary>
public static class SampleFile
{
    public static float[][] Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("input", out JsonElement input)
            || !input.TryGetProperty("shape", out JsonElement shape) || shape.GetArrayLength() != 2
            || !input.TryGetProperty("data", out JsonElement data))
            throw new FormatException($"{path}: expected {{\"input\": {{\"shape\": [rows, features], \"data\": [...]}}}} (a model's expected.json)");
        int rows = shape[0].GetInt32(), width = shape[1].GetInt32();
        float[] flat = data.EnumerateArray().Select(e => e.GetSingle()).ToArray();
        if (rows <= 0 || width <= 0 || flat.Length != rows * width)
            throw new FormatException($"{path}: shape [{rows}, {width}] does not match {flat.Length} data values");
        return Enumerable.Range(0, rows).Select(r => flat.AsSpan(r * width, width).ToArray()).ToArray();
    }
}
