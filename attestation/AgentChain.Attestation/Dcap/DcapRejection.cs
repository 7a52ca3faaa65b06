using AgentChain.Attestation.Evidence;

namespace AgentChain.Attestation.Dcap;

/// <summary>
/// Internal signal that a quote or its collateral failed a check. It never leaves the verifier:
/// <see cref="DcapQuoteVerifier"/> turns it into a rejected <see cref="AttestationVerdict"/>.
/// </summary>
internal sealed class DcapRejection(RejectionCode code, string message) : Exception(message)
{
    public RejectionCode Code { get; } = code;
}
