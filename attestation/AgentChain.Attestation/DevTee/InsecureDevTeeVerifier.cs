using AgentChain.Attestation.Evidence;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Types;

namespace AgentChain.Attestation.DevTee;

/// <summary>
/// INSECURE-DEV: checks a dev report the way InferenceVerifier does on chain — a P-256 signature by the one platform
/// key it was told to trust over the report's digest — and that its reportData is the expected commitment. Every
/// verdict, valid or not, has <see cref="AttestationVerdict.Insecure"/> set and TCB status "INSECURE-DEV". (The chain
/// additionally checks that the measurement is one the agent's policy accepts; that policy lives on chain.)
/// </summary>
public sealed class InsecureDevTeeVerifier(Hash256 trustedKeyX, Hash256 trustedKeyY) : IEvidenceVerifier
{
    public const string Status = "INSECURE-DEV";

    public EvidenceKind Kind => EvidenceKind.InsecureDevTee;

    public AttestationVerdict Verify(AttestationEvidence evidence, Hash256 expectedCommitment)
    {
        if (evidence.Kind != Kind)
            return Reject(RejectionCode.WrongEvidenceKind, $"expected {Kind} evidence, got {evidence.Kind}");
        var report = InsecureDevTeeReport.TryParse(evidence.Payload, out string reason);
        if (report is null) return Reject(RejectionCode.Malformed, reason);
        if (!P256SigningKey.Verify(report.SigningDigest(), report.R, report.S, trustedKeyX, trustedKeyY))
            return Reject(RejectionCode.SignatureInvalid,
                $"the report's P-256 signature does not verify under the trusted platform key ({trustedKeyX}, {trustedKeyY}): another key signed it, or the report was altered");
        if (report.ReportData != expectedCommitment)
            return Reject(RejectionCode.CommitmentMismatch, $"reportData is {report.ReportData}, expected the commitment {expectedCommitment}");

        return new AttestationVerdict
        {
            Kind = Kind,
            Insecure = true,
            TcbStatus = Status,
            Measurements = [new("MEASUREMENT", report.Measurement.ToString()), new("CHAIN_ID", report.ChainId.ToString())],
            ReportData = report.ReportData.ToArray(),
            Commitment = expectedCommitment,
        };
    }

    private AttestationVerdict Reject(RejectionCode code, string reason) => AttestationVerdict.Reject(Kind, code, reason, insecure: true);
}
