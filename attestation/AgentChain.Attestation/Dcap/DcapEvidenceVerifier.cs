using AgentChain.Attestation.Evidence;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;

namespace AgentChain.Attestation.Dcap;

/// <summary>
/// TEE mode behind <see cref="IEvidenceVerifier"/>: a DCAP quote binds a commitment when it verifies against the
/// collateral at the clock's time and its REPORTDATA[0..32] is the commitment hash (REPORTDATA[32..64] is left
/// to the enclave, e.g. for a key it wants attested alongside).
/// </summary>
public sealed class DcapEvidenceVerifier(EvidenceKind kind, DcapCollateral collateral, Func<DateTimeOffset> clock) : IEvidenceVerifier
{
    public EvidenceKind Kind { get; } = kind is EvidenceKind.IntelSgxDcap or EvidenceKind.IntelTdxDcap
        ? kind : throw new ArgumentException("a DCAP verifier reads IntelSgxDcap or IntelTdxDcap evidence", nameof(kind));

    public AttestationVerdict Verify(AttestationEvidence evidence, Hash256 expectedCommitment)
    {
        if (evidence.Kind != Kind)
            return AttestationVerdict.Reject(Kind, RejectionCode.WrongEvidenceKind, $"expected {Kind} evidence, got {evidence.Kind}");
        var verdict = DcapQuoteVerifier.Verify(evidence.Payload, collateral, clock());
        if (!verdict.IsValid) return verdict;
        if (verdict.Kind != Kind)
            return AttestationVerdict.Reject(Kind, RejectionCode.UnsupportedTeeType, $"the quote is {verdict.Kind}, expected {Kind}");
        if (verdict.Commitment != expectedCommitment)
            return verdict with
            {
                Code = RejectionCode.CommitmentMismatch,
                Reason = $"REPORTDATA[0..32] is {Hex.Encode(verdict.ReportData.AsSpan(0, 32))}, expected the commitment {expectedCommitment}",
            };
        return verdict;
    }
}
