namespace AgentChain.Attestation.Evidence;

/// <summary>What kind of evidence binds a commitment; decides which verifier reads it.</summary>
public enum EvidenceKind
{
    /// <summary>The agent's secp256k1 signer signed the commitment hash (optimistic mode: open to challenge).</summary>
    SignedCommitment,

    /// <summary>A software key pretends to be a TEE. Proves nothing about where the code ran: development only.</summary>
    InsecureDevTee,

    /// <summary>An Intel SGX ECDSA quote (DCAP, quote v3) with the commitment in REPORTDATA.</summary>
    IntelSgxDcap,

    /// <summary>An Intel TDX ECDSA quote (DCAP, quote v4) with the commitment in REPORTDATA.</summary>
    IntelTdxDcap,
}
