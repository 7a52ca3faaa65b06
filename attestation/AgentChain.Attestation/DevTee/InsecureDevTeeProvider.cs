using AgentChain.Attestation.Commitments;
using AgentChain.Attestation.Evidence;
using AgentChain.Core.Crypto;
using AgentChain.Core.Types;

namespace AgentChain.Attestation.DevTee;

/// <summary>
/// INSECURE-DEV: signs <see cref="InsecureDevTeeReport"/>s with a software secp256k1 key so agents can run the
/// TEE code path on machines without SGX/TDX. Anyone holding the key can forge reports; never trust one
/// outside a development chain.
/// </summary>
public sealed class InsecureDevTeeProvider : IEvidenceProvider
{
    private readonly byte[] _devKey;
    private readonly Hash256 _measurement;

    /// <param name="devKey32">The development "TEE" key (a plain secp256k1 private key).</param>
    /// <param name="measurement">What the fake TEE claims it ran (e.g. the runtime id), reported as MRENCLAVE would be.</param>
    public InsecureDevTeeProvider(ReadOnlySpan<byte> devKey32, Hash256 measurement)
    {
        if (!Secp256k1.IsValidPrivateKey(devKey32))
            throw new ArgumentException("the dev-TEE key must be a valid 32-byte secp256k1 private key", nameof(devKey32));
        _devKey = devKey32.ToArray();
        _measurement = measurement;
    }

    public EvidenceKind Kind => EvidenceKind.InsecureDevTee;

    /// <summary>The address a verifier should trust for this dev key.</summary>
    public Address DevKeyAddress => Secp256k1.AddressFromPrivateKey(_devKey);

    public AttestationEvidence Attest(InferenceCommitment commitment) => new(Kind, CreateReport(commitment.Hash()).ToBytes());

    public InsecureDevTeeReport CreateReport(Hash256 commitment)
    {
        var reportData = new byte[InsecureDevTeeReport.ReportDataLength];
        commitment.Bytes.CopyTo(reportData);
        var signature = Secp256k1.Sign(_devKey, InsecureDevTeeReport.SigningHash(_measurement, reportData));
        return new InsecureDevTeeReport(_measurement, reportData, signature.ToRsv());
    }
}
