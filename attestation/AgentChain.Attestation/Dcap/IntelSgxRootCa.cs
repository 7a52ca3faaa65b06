namespace AgentChain.Attestation.Dcap;

/// <summary>
/// The trust anchor of every DCAP chain: Intel's "Intel SGX Root CA" (CN=Intel SGX Root CA, O=Intel
/// Corporation, L=Santa Clara, ST=CA, C=US; ECDSA P-256; valid 2018-05-21 to 2049-12-31), as published at
/// certificates.trustedservices.intel.com. We pin its public key, not the certificate bytes: the root that
/// travels in a quote or collateral chain is accepted only if its key is this one and it is self-signed by it.
/// A chain that ends anywhere else is rejected as an untrusted root.
/// </summary>
public static class IntelSgxRootCa
{
    public const string SubjectCommonName = "Intel SGX Root CA";

    /// <summary>The uncompressed P-256 public key point (0x04 ‖ X ‖ Y) of the Intel SGX Root CA.</summary>
    public static readonly byte[] PublicKeyPoint = Convert.FromHexString(
        "040BA9C4C0C0C86193A3FE23D6B02CDA10A8BBD4E88E48B4458561A36E705525F5" +
        "67918E2EDC88E40D860BD0CC4EE26AACC988E505A953558C453F6B0904AE7394");
}
