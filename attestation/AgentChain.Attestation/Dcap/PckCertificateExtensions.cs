using AgentChain.Attestation.Evidence;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.X509;

namespace AgentChain.Attestation.Dcap;

/// <summary>
/// The Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1, Intel "SGX PCK Certificate and
/// CRL Profile"): a SEQUENCE of (OID, value) pairs, of which we need TCB (.2: component SVNs .2.1–.2.16,
/// PCESVN .2.17, CPUSVN .2.18), PCE-ID (.3) and FMSPC (.4).
/// </summary>
public sealed record PckCertificateExtensions(byte[] TcbComponents, int PceSvn, byte[] CpuSvn, byte[] Fmspc, byte[] PceId)
{
    public const string SgxExtensionsOid = "1.2.840.113741.1.13.1";

    internal static PckCertificateExtensions Read(X509Certificate pck)
    {
        try
        {
            var extension = pck.GetExtensionValue(new DerObjectIdentifier(SgxExtensionsOid))
                ?? throw new DcapRejection(RejectionCode.CertificateChainInvalid, "the PCK certificate has no Intel SGX extension (1.2.840.113741.1.13.1)");
            var entries = Pairs(Asn1Object.FromByteArray(extension.GetOctets()));
            var components = new byte[16];
            int pceSvn = -1;
            byte[]? cpuSvn = null;
            foreach (var (oid, value) in Pairs(Get(entries, ".2")))
            {
                string suffix = oid[(SgxExtensionsOid.Length + ".2.".Length)..];
                if (suffix == "17") pceSvn = DerInteger.GetInstance(value).Value.IntValueExact;
                else if (suffix == "18") cpuSvn = Asn1OctetString.GetInstance(value).GetOctets();
                else if (int.TryParse(suffix, out int index) && index is >= 1 and <= 16)
                    components[index - 1] = checked((byte)DerInteger.GetInstance(value).Value.IntValueExact);
            }
            if (pceSvn < 0 || cpuSvn is null)
                throw new DcapRejection(RejectionCode.CertificateChainInvalid, "the PCK certificate's TCB extension lacks PCESVN or CPUSVN");
            byte[] fmspc = Asn1OctetString.GetInstance(Get(entries, ".4")).GetOctets();
            byte[] pceId = Asn1OctetString.GetInstance(Get(entries, ".3")).GetOctets();
            return new PckCertificateExtensions(components, pceSvn, cpuSvn, fmspc, pceId);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or ArithmeticException or OverflowException or FormatException)
        {
            throw new DcapRejection(RejectionCode.CertificateChainInvalid, $"the PCK certificate's Intel SGX extension is malformed: {e.Message}");
        }
    }

    private static List<(string Oid, Asn1Encodable Value)> Pairs(Asn1Encodable sequence) =>
        Asn1Sequence.GetInstance(sequence).OfType<Asn1Encodable>()
            .Select(e => Asn1Sequence.GetInstance(e))
            .Select(s => (DerObjectIdentifier.GetInstance(s[0]).Id, s[1]))
            .ToList();

    private static Asn1Encodable Get(List<(string Oid, Asn1Encodable Value)> entries, string suffix)
    {
        foreach (var (oid, value) in entries)
            if (oid == SgxExtensionsOid + suffix) return value;
        throw new DcapRejection(RejectionCode.CertificateChainInvalid, $"the PCK certificate's Intel SGX extension lacks {SgxExtensionsOid}{suffix}");
    }
}
