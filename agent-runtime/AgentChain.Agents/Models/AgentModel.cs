using System.Security.Cryptography;
using System.Text;
using AgentChain.Agents.Specs;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;
using AgentChain.Inference;

namespace AgentChain.Agents.Models;

/// <summary>
/// A model loaded for an agent or a node runner: the file is read once, its SHA-256 checked against the spec before
/// any backend sees it, and every evaluation reports the hashes the commitment binds (<c>modelHash</c> = SHA-256 of
/// the file as the commitment defines it; <c>runtimeId</c> = keccak256 of the backend's runtime id string).
/// </summary>
public sealed class AgentModel : IDisposable
{
    private readonly IInferenceSession _session;

    private AgentModel(string path, IInferenceBackend backend, IInferenceSession session)
    {
        Path = path;
        _session = session;
        BackendName = backend.Name;
        RuntimeName = backend.RuntimeId;
        RuntimeId = RuntimeIdHash(backend.RuntimeId);
    }

    public string Path { get; }
    public string BackendName { get; }

    /// <summary>The backend's runtime id as text (e.g. "reproducible-v2").</summary>
    public string RuntimeName { get; }

    public Hash256 RuntimeId { get; }
    public Hash256 ModelHash => _session.ModelHash;

    /// <summary>The inputs the model declares (name, element type, shape).</summary>
    public IReadOnlyList<TensorInfo> Inputs => _session.Inputs;

    /// <summary>The outputs the model declares.</summary>
    public IReadOnlyList<TensorInfo> Outputs => _session.Outputs;

    /// <summary>The bytes32 runtime id of a backend's runtime id string.</summary>
    public static Hash256 RuntimeIdHash(string runtimeId) => Keccak256.Hash(Encoding.UTF8.GetBytes(runtimeId));

    /// <summary>Loads <paramref name="spec"/>'s model with its backend; a missing file or a hash mismatch is an <see cref="AgentSpecException"/>.</summary>
    public static AgentModel Load(ModelSpec spec, InferenceBackendCatalog catalog) => Load(spec.Path, spec.Sha256, catalog.Create(spec.Backend));

    public static AgentModel Load(string path, string expectedSha256, IInferenceBackend backend)
    {
        if (!File.Exists(path)) throw new AgentSpecException($"model file {path} does not exist");
        byte[] bytes = File.ReadAllBytes(path);
        string actual = Hex.Encode(SHA256.HashData(bytes), prefix: false);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new AgentSpecException(
                $"model file {path} has SHA-256 {actual}, but the spec expects {expectedSha256}: the file changed or the spec names the wrong model; refusing to run it");
        IInferenceSession session = backend.Load(bytes, InferenceOptions.Default);
        return new AgentModel(path, backend, session);
    }

    /// <summary>Runs the model on one row of features fed as tensor <paramref name="tensorName"/> of shape [1, F].</summary>
    public ModelEvaluation Evaluate(string tensorName, float[] features)
    {
        TensorInfo? info = _session.Inputs.FirstOrDefault(i => i.Name == tensorName)
            ?? throw new InvalidInputException($"the model has no input '{tensorName}' (it has: {string.Join(", ", _session.Inputs.Select(i => i.Name))})");
        if (info.Shape is { Count: 2 } shape && shape[1].Value is long width && width != features.Length)
            throw new InvalidInputException($"input '{tensorName}' takes {width} features per row, got {features.Length}");
        return Run(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [tensorName] = Tensor.Create(features, 1, features.Length) });
    }

    /// <summary>Runs the model on named input tensors as given; the backend refuses missing, unknown or misshapen inputs (<see cref="InvalidInputException"/>).</summary>
    public ModelEvaluation Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        IReadOnlyDictionary<string, Tensor> outputs = _session.Run(inputs);
        return new ModelEvaluation(inputs, outputs, ModelHash, RuntimeId, TensorDigest.Of(inputs), TensorDigest.Of(outputs));
    }

    public void Dispose() => _session.Dispose();
}
