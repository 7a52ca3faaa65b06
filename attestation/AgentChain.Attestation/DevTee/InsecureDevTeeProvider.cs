using AgentChain.Attestation.Commitments;
using AgentChain.Attestation.Evidence;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Attestation.DevTee;

/// <summary>
/// INSECURE-DEV: a software "TEE platform" that signs <see cref="InsecureDevTeeReport"/>s with a P-256 key, so agents
/// can run the TEE code path on machines without SGX/TDX — off chain and on chain alike (governance registers the
/// platform's public key with <c>InferenceVerifier.setDevTeeKey(X, Y)</c>). Anyone holding the key can forge
/// reports; never trust one outside a development chain.
/// </summary>
public sealed class InsecureDevTeeProvider : IEvidenceProvider
{
    private readonly P256SigningKey _platformKey;
    private readonly Hash256 _measurement;

    /// <param name="platformKey">The development platform key (P-256).</param>
    /// <param name="measurement">What the fake TEE claims it ran (e.g. the runtime id), reported as MRENCLAVE would be.</param>
    public InsecureDevTeeProvider(P256SigningKey platformKey, Hash256 measurement)
    {
        _platformKey = platformKey;
        _measurement = measurement;
    }

    public EvidenceKind Kind => EvidenceKind.InsecureDevTee;

    public Hash256 Measurement => _measurement;

    /// <summary>The public key a verifier (and InferenceVerifier.setDevTeeKey) should trust for this platform.</summary>
    public (Hash256 X, Hash256 Y) PlatformPublicKey => (_platformKey.X, _platformKey.Y);

    /// <summary>A report whose reportData is the commitment, for the commitment's chain.</summary>
    public AttestationEvidence Attest(InferenceCommitment commitment) =>
        new(Kind, CreateReport(commitment.ChainId, commitment.Hash()).ToBytes());

    /// <summary>A report over any 32-byte reportData (a commitment, or <see cref="InsecureDevTeeReport.KeyBinding"/>).</summary>
    public InsecureDevTeeReport CreateReport(UInt256 chainId, Hash256 reportData)
    {
        (Hash256 r, Hash256 s) = _platformKey.SignHash(InsecureDevTeeReport.Digest(chainId, _measurement, reportData));
        return new InsecureDevTeeReport(chainId, _measurement, reportData, r, s);
    }
}
