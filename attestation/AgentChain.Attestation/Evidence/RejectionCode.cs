namespace AgentChain.Attestation.Evidence;

/// <summary>Why evidence was rejected; <see cref="AttestationVerdict.Reason"/> carries the detail.</summary>
public enum RejectionCode
{
    None = 0,
    WrongEvidenceKind,
    Malformed,
    UnsupportedVersion,
    UnsupportedTeeType,
    UnsupportedKeyType,
    UnsupportedCertificationData,
    SignatureInvalid,
    SignerMismatch,
    CommitmentMismatch,
    QuoteSignatureInvalid,
    QeReportSignatureInvalid,
    QeReportDataMismatch,
    QeIdentityMismatch,
    CertificateChainInvalid,
    UntrustedRoot,
    CertificateExpired,
    CertificateRevoked,
    CollateralMalformed,
    CollateralSignatureInvalid,
    CollateralExpired,
    CollateralNotYetValid,
    FmspcMismatch,
    TcbLevelNotFound,
    TcbRevoked,
    DebugMode,
}
