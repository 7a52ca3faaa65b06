namespace AgentChain.Agents.Specs;

/// <summary>How the agent proves its inference to its ControllableAgent.</summary>
public enum ProofKind
{
    /// <summary>Optimistic mode: the signer signs the commitment; the action stays open to challenge.</summary>
    SignedCommitment,

    /// <summary>A dev-TEE report over the commitment, signed by the (INSECURE, devnet-only) dev-TEE platform key.</summary>
    DevTee,
}
