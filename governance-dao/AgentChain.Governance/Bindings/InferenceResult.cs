using AgentChain.Core.Types;

namespace AgentChain.Governance.Bindings;

/// <summary>The inference part of a commitment, as the runtime reports it.</summary>
public sealed record InferenceResult(Hash256 ModelHash, Hash256 RuntimeId, Hash256 InputHash, Hash256 OutputHash);
