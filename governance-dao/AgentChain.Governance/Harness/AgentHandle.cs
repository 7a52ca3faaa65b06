using AgentChain.Core.Numerics;
using AgentChain.Governance.Bindings;

namespace AgentChain.Governance.Harness;

/// <summary>A registered, staked agent with its bound account, its owner and signer, and a prover for its proofs.</summary>
public sealed record AgentHandle(UInt256 Id, ControllableAgent Account, DevAccount Owner, DevAccount Signer, AgentProver Prover, InferenceResult Inference)
{
    /// <summary>A proof for the account's next action.</summary>
    public AgentProof Prove(ProofMode mode = ProofMode.SignedCommitment) => Prover.Prove(Account, Id, mode, Inference);
}
