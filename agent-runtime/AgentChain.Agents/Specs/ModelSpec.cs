namespace AgentChain.Agents.Specs;

/// <summary>The model file (absolute once loaded), its expected SHA-256 and the inference backend that runs it.</summary>
public sealed record ModelSpec(string Path, string Sha256, string Backend);
