using System.Text;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;

namespace AgentChain.Attestation.Evidence;

/// <summary>
/// The outcome of verifying evidence. Valid verdicts carry what the evidence proved (TCB status, advisories,
/// measurements, report data, signer); rejected ones carry a <see cref="RejectionCode"/> and a reason.
/// <see cref="Insecure"/> is true for dev-TEE evidence, and <see cref="ToString"/> then says INSECURE-DEV first.
/// </summary>
public sealed record AttestationVerdict
{
    public required EvidenceKind Kind { get; init; }
    public bool IsValid => Code == RejectionCode.None;
    public RejectionCode Code { get; init; }

    /// <summary>Why the evidence was rejected (empty when valid).</summary>
    public string Reason { get; init; } = "";

    /// <summary>True when the evidence comes from the insecure development TEE and proves nothing.</summary>
    public bool Insecure { get; init; }

    /// <summary>Intel TCB status after merging platform, QE (and TDX module) levels, e.g. "UpToDate".</summary>
    public string? TcbStatus { get; init; }

    public IReadOnlyList<string> AdvisoryIds { get; init; } = [];

    /// <summary>Named measurements in report order (MRENCLAVE, MRSIGNER, MRTD, RTMR0..3, ...), hex.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Measurements { get; init; } = [];

    /// <summary>REPORTDATA of TEE evidence (64 bytes for SGX/TDX quotes, 32 for a dev-TEE report) or null.</summary>
    public byte[]? ReportData { get; init; }

    /// <summary>The commitment the evidence binds (REPORTDATA[0..32] for TEEs, the signed hash otherwise).</summary>
    public Hash256? Commitment { get; init; }

    /// <summary>The address that signed (signed commitments, dev-TEE).</summary>
    public Address? Signer { get; init; }

    public static AttestationVerdict Reject(EvidenceKind kind, RejectionCode code, string reason, bool insecure = false) =>
        new() { Kind = kind, Code = code, Reason = reason, Insecure = insecure };

    public override string ToString()
    {
        var text = new StringBuilder();
        if (Insecure) text.Append("INSECURE-DEV ");
        text.Append(Kind).Append(": ");
        if (!IsValid) return text.Append("REJECTED (").Append(Code).Append(") ").Append(Reason).ToString();
        text.Append("valid");
        if (TcbStatus is not null) text.Append(", TCB ").Append(TcbStatus);
        if (AdvisoryIds.Count > 0) text.Append(", advisories ").Append(string.Join(", ", AdvisoryIds));
        if (Signer is { } signer) text.Append(", signer ").Append(signer);
        if (Commitment is { } commitment) text.Append(", commitment ").Append(commitment);
        if (ReportData is not null) text.Append(", report data ").Append(Hex.Encode(ReportData));
        return text.ToString();
    }
}
