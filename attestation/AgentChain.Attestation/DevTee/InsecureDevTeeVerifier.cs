using AgentChain.Attestation.Evidence;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;

namespace AgentChain.Attestation.DevTee;

/// <summary>
/// INSECURE-DEV: checks a dev report's signature against the one dev key it was told to trust and that its
/// REPORTDATA binds the commitment. Every verdict, valid or not, has <see cref="AttestationVerdict.Insecure"/>
/// set and TCB status "INSECURE-DEV".
/// </summary>
public sealed class InsecureDevTeeVerifier(Address trustedDevKey) : IEvidenceVerifier
{
    public const string Status = "INSECURE-DEV";

    public EvidenceKind Kind => EvidenceKind.InsecureDevTee;

    public AttestationVerdict Verify(AttestationEvidence evidence, Hash256 expectedCommitment)
    {
        if (evidence.Kind != Kind)
            return Reject(RejectionCode.WrongEvidenceKind, $"expected {Kind} evidence, got {evidence.Kind}");
        var report = InsecureDevTeeReport.TryParse(evidence.Payload, out string reason);
        if (report is null) return Reject(RejectionCode.Malformed, reason);

        Address signer;
        try
        {
            signer = Secp256k1.RecoverAddress(
                InsecureDevTeeReport.SigningHash(report.Measurement, report.ReportData), Secp256k1Signature.FromRsv(report.Signature));
        }
        catch (SignatureException e)
        {
            return Reject(RejectionCode.SignatureInvalid, e.Message);
        }
        if (signer != trustedDevKey)
            return Reject(RejectionCode.SignerMismatch, $"report signed by {signer}, not the trusted dev key {trustedDevKey} (or the report was altered)");
        if (!report.ReportData.AsSpan(0, Hash256.Length).SequenceEqual(expectedCommitment.Bytes))
            return Reject(RejectionCode.CommitmentMismatch,
                $"REPORTDATA[0..32] is {Hex.Encode(report.ReportData.AsSpan(0, 32))}, expected the commitment {expectedCommitment}");
        if (report.ReportData.AsSpan(Hash256.Length).IndexOfAnyExcept((byte)0) >= 0)
            return Reject(RejectionCode.Malformed, "REPORTDATA[32..64] must be zero");

        return new AttestationVerdict
        {
            Kind = Kind,
            Insecure = true,
            TcbStatus = Status,
            Measurements = [new("MEASUREMENT", report.Measurement.ToString())],
            ReportData = report.ReportData,
            Commitment = expectedCommitment,
            Signer = signer,
        };
    }

    private AttestationVerdict Reject(RejectionCode code, string reason) => AttestationVerdict.Reject(Kind, code, reason, insecure: true);
}
