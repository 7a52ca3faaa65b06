using System.Security.Cryptography;
using AgentChain.Core.Types;

namespace AgentChain.Governance.Genesis;

/// <summary>
/// A model from <c>models/</c> embedded in this assembly, so the genesis can allow it by the exact hash an agent's
/// runtime commits to: SHA-256 of the model file's bytes (the commitment's <c>modelHash</c>, as
/// <c>IInferenceSession.ModelHash</c> defines it).
/// </summary>
public static class ShippedModel
{
    public const string BreastCancerRisk = "breast_cancer_risk";
    public const string DiabetesProgression = "diabetes_progression";

    /// <summary>SHA-256 of <c>models/&lt;name&gt;/model.onnx</c>.</summary>
    public static Hash256 ModelHash(string name)
    {
        using Stream stream = typeof(ShippedModel).Assembly.GetManifestResourceStream($"models/{name}/model.onnx")
            ?? throw new ArgumentException($"no shipped model '{name}' is embedded; known: {BreastCancerRisk}, {DiabetesProgression}", nameof(name));
        return new Hash256(SHA256.HashData(stream));
    }
}
