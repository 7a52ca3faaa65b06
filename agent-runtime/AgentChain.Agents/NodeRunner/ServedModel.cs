using System.Text.Json;
using AgentChain.Agents.Models;
using AgentChain.Agents.Specs;
using AgentChain.Inference;

namespace AgentChain.Agents.NodeRunner;

/// <summary>A model the inference endpoint serves, under the name clients use (they may also name it by its SHA-256).</summary>
public sealed record ServedModel(string Name, AgentModel Model)
{
    /// <summary>The model file's SHA-256 as lower-case hex without 0x (the form manifests and specs use).</summary>
    public string Sha256 => Model.ModelHash.ToString()[2..];

    /// <summary>
    /// A shipped model folder (<c>models/NAME/</c>): <c>model.onnx</c>, checked against the SHA-256 in its
    /// <c>manifest.json</c> before the backend sees it, served under the manifest's name. Throws
    /// <see cref="AgentSpecException"/> when a file is missing, the manifest lacks a field, or the hash differs.
    /// </summary>
    public static ServedModel FromModelFolder(string folder, IInferenceBackend backend)
    {
        string manifestPath = System.IO.Path.Combine(folder, "manifest.json");
        if (!File.Exists(manifestPath)) throw new AgentSpecException($"{folder} is not a model folder: it has no manifest.json");
        string name, sha;
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
            name = manifest.RootElement.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
            sha = manifest.RootElement.TryGetProperty("sha256", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
        }
        catch (JsonException e)
        {
            throw new AgentSpecException($"{manifestPath} is not JSON: {e.Message}");
        }
        if (name.Length == 0 || sha.Length == 0) throw new AgentSpecException($"{manifestPath} needs a \"name\" and a \"sha256\"");
        return new ServedModel(name, AgentModel.Load(System.IO.Path.Combine(folder, "model.onnx"), sha, backend));
    }
}
