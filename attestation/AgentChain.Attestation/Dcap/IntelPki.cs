using System.Security.Cryptography;
using System.Text;
using AgentChain.Attestation.Evidence;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace AgentChain.Attestation.Dcap;

/// <summary>
/// An explicit walk of Intel's PKI, chosen over a platform chain builder because every step must be offline
/// and explainable: strict PEM, DER-exact certificates, ECDSA-SHA256 signatures link by link, validity at
/// the verification time, the root pinned to <see cref="IntelSgxRootCa"/>, and every non-root certificate
/// checked against a CRL signed by its issuer (root CA CRL for intermediates, PCK CRL for PCK leaves).
/// </summary>
internal static class IntelPki
{
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string PemBegin = "-----BEGIN CERTIFICATE-----\n";
    private const string PemEnd = "-----END CERTIFICATE-----\n";

    /// <summary>
    /// Reads a PEM chain written the canonical way (64-character base64 lines, "\n" line ends). Anything else —
    /// a changed separator, non-canonical base64 — is rejected, so no bit of the chain can change unnoticed.
    /// Trailing NUL bytes (the C-string terminator quote generators include) are allowed.
    /// </summary>
    public static List<X509Certificate> ReadPemChain(ReadOnlySpan<byte> pemBytes, string what)
    {
        int end = pemBytes.Length;
        while (end > 0 && pemBytes[end - 1] == 0) end--;
        string pem = Encoding.ASCII.GetString(pemBytes[..end]);
        if (pemBytes[..end].IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 || pemBytes[..end].Contains((byte)0))
            throw Invalid($"{what}: the PEM text contains non-ASCII or NUL bytes");
        var certificates = new List<X509Certificate>();
        int position = 0;
        while (position < pem.Length)
        {
            if (string.CompareOrdinal(pem, position, PemBegin, 0, PemBegin.Length) != 0)
                throw Invalid($"{what}: expected \"-----BEGIN CERTIFICATE-----\" at character {position}");
            position += PemBegin.Length;
            int stop = pem.IndexOf("-----END CERTIFICATE-----", position, StringComparison.Ordinal);
            if (stop < 0 || string.CompareOrdinal(pem, stop, PemEnd, 0, PemEnd.Length) != 0)
                throw Invalid($"{what}: certificate {certificates.Count} has no \"-----END CERTIFICATE-----\" line");
            string body = pem[position..stop];
            string base64 = body.Replace("\n", "", StringComparison.Ordinal);
            byte[] der;
            try
            {
                der = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                throw Invalid($"{what}: certificate {certificates.Count} is not valid base64");
            }
            if (Canonical(der) != body)
                throw Invalid($"{what}: certificate {certificates.Count} is not canonical PEM (64-character base64 lines)");
            certificates.Add(ReadDer(der, $"{what}, certificate {certificates.Count}"));
            position = stop + PemEnd.Length;
        }
        if (certificates.Count == 0) throw Invalid($"{what}: no certificates");
        return certificates;
    }

    /// <summary>Lenient PEM for collateral chains, which are not covered by the quote's bit-exactness rule.</summary>
    public static List<X509Certificate> ReadCollateralChain(string pem, string what)
    {
        var certificates = new List<X509Certificate>();
        foreach (System.Text.RegularExpressions.Match block in System.Text.RegularExpressions.Regex.Matches(pem, "-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            byte[] der;
            try
            {
                der = Convert.FromBase64String(block.Groups[1].Value);
            }
            catch (FormatException)
            {
                throw DcapCollateral.Malformed($"{what}: a certificate is not valid base64");
            }
            certificates.Add(ReadDer(der, what));
        }
        if (certificates.Count == 0) throw DcapCollateral.Malformed($"{what}: no certificates");
        return certificates;
    }

    private static string Canonical(byte[] der)
    {
        string base64 = Convert.ToBase64String(der);
        var text = new StringBuilder();
        for (int i = 0; i < base64.Length; i += 64)
            text.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        return text.ToString();
    }

    private static X509Certificate ReadDer(byte[] der, string what)
    {
        X509Certificate? certificate;
        try
        {
            certificate = new X509CertificateParser().ReadCertificate(der);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Invalid($"{what}: not a valid X.509 certificate ({e.Message})");
        }
        // DER exactness: a BER variant (e.g. a boolean 0xFE instead of 0xFF) would be re-encoded before the
        // signature check and so verify; requiring the bytes to be their own DER encoding closes that gap.
        if (certificate is null || !certificate.GetEncoded().AsSpan().SequenceEqual(der))
            throw Invalid($"{what}: not a DER-exact X.509 certificate");
        return certificate;
    }

    public static X509Crl ReadCrl(byte[] der, string what)
    {
        X509Crl? crl;
        try
        {
            crl = new X509CrlParser().ReadCrl(der);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw DcapCollateral.Malformed($"{what} is not a valid CRL ({e.Message})");
        }
        if (crl is null || !crl.GetEncoded().AsSpan().SequenceEqual(der))
            throw DcapCollateral.Malformed($"{what} is not a DER-exact CRL");
        return crl;
    }

    /// <summary>Checks a chain leaf-first up to the pinned root, at <paramref name="time"/>, against the CRLs.</summary>
    public static void VerifyChain(IReadOnlyList<X509Certificate> chain, DateTime time, IReadOnlyList<X509Crl> crls, string what)
    {
        if (chain.Count < 2) throw Invalid($"{what}: a chain needs at least a leaf and the root, got {chain.Count} certificate(s)");
        var root = chain[^1];
        VerifyRoot(root, what);
        for (int i = 0; i < chain.Count; i++)
        {
            var certificate = chain[i];
            string name = $"{what}: \"{certificate.SubjectDN}\"";
            if (time < certificate.NotBefore || time > certificate.NotAfter)
                throw new DcapRejection(RejectionCode.CertificateExpired,
                    $"{name} is valid {certificate.NotBefore:u} to {certificate.NotAfter:u}, not at {time:u}");
            if (i == chain.Count - 1) break;
            var issuer = chain[i + 1];
            if (!certificate.IssuerDN.Equivalent(issuer.SubjectDN))
                throw Invalid($"{name} is issued by \"{certificate.IssuerDN}\", but the next certificate is \"{issuer.SubjectDN}\"");
            if (issuer.GetBasicConstraints() < 0)
                throw Invalid($"{what}: \"{issuer.SubjectDN}\" is not a CA certificate");
            if (!VerifySigned(certificate.CertificateStructure.SignatureAlgorithm, certificate.CertificateStructure.TbsCertificate.Signature,
                    certificate.GetTbsCertificate(), certificate.GetSignature(), issuer))
                throw Invalid($"{name}: signature by \"{issuer.SubjectDN}\" does not verify");
            var crl = crls.FirstOrDefault(c => c.IssuerDN.Equivalent(certificate.IssuerDN))
                ?? throw new DcapRejection(RejectionCode.CertificateRevoked, $"{name}: no CRL from its issuer \"{certificate.IssuerDN}\" to check revocation");
            if (crl.IsRevoked(certificate))
                throw new DcapRejection(RejectionCode.CertificateRevoked, $"{name} (serial {certificate.SerialNumber.ToString(16)}) is revoked by \"{crl.IssuerDN}\"");
        }
    }

    private static void VerifyRoot(X509Certificate root, string what)
    {
        byte[] point = root.CertificateStructure.SubjectPublicKeyInfo.PublicKeyData.GetBytes();
        if (!point.AsSpan().SequenceEqual(IntelSgxRootCa.PublicKeyPoint))
            throw new DcapRejection(RejectionCode.UntrustedRoot, $"{what}: the chain ends at \"{root.SubjectDN}\", whose key is not the pinned Intel SGX Root CA key");
        if (!VerifySigned(root.CertificateStructure.SignatureAlgorithm, root.CertificateStructure.TbsCertificate.Signature,
                root.GetTbsCertificate(), root.GetSignature(), root))
            throw new DcapRejection(RejectionCode.UntrustedRoot, $"{what}: the root certificate's self-signature does not verify");
    }

    /// <summary>Checks a CRL's signature by its issuer and its thisUpdate/nextUpdate against the time.</summary>
    public static void VerifyCrl(X509Crl crl, X509Certificate issuer, string what)
    {
        if (!crl.IssuerDN.Equivalent(issuer.SubjectDN))
            throw DcapCollateral.Malformed($"{what} is issued by \"{crl.IssuerDN}\", expected \"{issuer.SubjectDN}\"");
        var structure = CertificateList.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(crl.GetEncoded()));
        if (!VerifySigned(structure.SignatureAlgorithm, structure.TbsCertList.Signature, crl.GetTbsCertList(), crl.GetSignature(), issuer))
            throw new DcapRejection(RejectionCode.CollateralSignatureInvalid, $"{what}: signature by \"{issuer.SubjectDN}\" does not verify");
        if (crl.NextUpdate is null)
            throw DcapCollateral.Malformed($"{what} has no nextUpdate");
    }

    private static bool VerifySigned(AlgorithmIdentifier outer, AlgorithmIdentifier inner, byte[] signedBytes, byte[] signature, X509Certificate issuer)
    {
        if (outer.Algorithm.Id != EcdsaWithSha256 || !outer.Equals(inner)) return false;
        using var key = PublicKey(issuer);
        return key.VerifyData(signedBytes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public static ECDsa PublicKey(X509Certificate certificate)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(certificate.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded(), out _);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException)
        {
            key.Dispose();
            throw Invalid($"\"{certificate.SubjectDN}\" has no usable EC public key ({e.Message})");
        }
    }

    private static DcapRejection Invalid(string message) => new(RejectionCode.CertificateChainInvalid, message);
}
