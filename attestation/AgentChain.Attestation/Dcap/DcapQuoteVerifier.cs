using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AgentChain.Attestation.Evidence;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;
using Org.BouncyCastle.X509;

namespace AgentChain.Attestation.Dcap;

/// <summary>
/// Verifies Intel SGX (quote v3) and TDX (quote v4) DCAP quotes offline against supplied collateral, at a
/// given time, following Intel's quote verification flow: collateral window and signatures, PCK chain to
/// the pinned Intel SGX Root CA with CRLs, QE report signature and its binding of the attestation key, QE
/// identity, quote signature, then TCB level matching (FMSPC, CPUSVN components, PCESVN, for TDX
/// TEE_TCB_SVN and the TDX module identity) to a status with advisories. Never throws for bad input.
/// </summary>
public static class DcapQuoteVerifier
{
    public static AttestationVerdict Verify(ReadOnlyMemory<byte> quote, DcapCollateral collateral, DateTimeOffset time)
    {
        EvidenceKind kind = quote.Length >= 8 && BinaryPrimitives.ReadUInt32LittleEndian(quote.Span[4..]) == QuoteHeader.TeeTypeTdx
            ? EvidenceKind.IntelTdxDcap : EvidenceKind.IntelSgxDcap;
        try
        {
            return VerifyOrThrow(quote, collateral, time.UtcDateTime);
        }
        catch (DcapRejection rejection)
        {
            return AttestationVerdict.Reject(kind, rejection.Code, rejection.Message);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            // Belt and braces: a library (BouncyCastle, the platform's crypto) refusing a malformed structure deep
            // inside a check is still a rejection of the input, never a crash of the caller.
            return AttestationVerdict.Reject(kind, RejectionCode.Malformed, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static AttestationVerdict VerifyOrThrow(ReadOnlyMemory<byte> rawQuote, DcapCollateral collateral, DateTime time)
    {
        var quote = DcapQuote.Parse(rawQuote);
        var tcbInfo = TcbInfo.Parse(collateral.TcbInfoJson);
        var qeIdentity = QeIdentity.Parse(collateral.QeIdentityJson);
        var rootCrl = IntelPki.ReadCrl(collateral.RootCaCrl, "root CA CRL");
        var pckCrl = IntelPki.ReadCrl(collateral.PckCrl, "PCK CRL");

        CheckCollateralWindow(time, tcbInfo, qeIdentity, rootCrl, pckCrl);

        // Collateral: root CRL by the pinned root, then the chains that sign TCB info, QE identity and the PCK CRL.
        var tcbChain = IntelPki.ReadCollateralChain(collateral.TcbInfoIssuerChain, "TCB info issuer chain");
        IntelPki.VerifyCrl(rootCrl, tcbChain[^1], "root CA CRL");
        IntelPki.VerifyChain(tcbChain, time, [rootCrl], "TCB info issuer chain");
        VerifyRawSignature(tcbChain[0], Encoding.UTF8.GetBytes(collateral.TcbInfoJson), collateral.TcbInfoSignature, "TCB info");
        var qeChain = IntelPki.ReadCollateralChain(collateral.QeIdentityIssuerChain, "QE identity issuer chain");
        IntelPki.VerifyChain(qeChain, time, [rootCrl], "QE identity issuer chain");
        VerifyRawSignature(qeChain[0], Encoding.UTF8.GetBytes(collateral.QeIdentityJson), collateral.QeIdentitySignature, "QE identity");
        var pckCrlChain = IntelPki.ReadCollateralChain(collateral.PckCrlIssuerChain, "PCK CRL issuer chain");
        IntelPki.VerifyChain(pckCrlChain, time, [rootCrl], "PCK CRL issuer chain");
        IntelPki.VerifyCrl(pckCrl, pckCrlChain[0], "PCK CRL");

        // The quote's PCK chain, to the pinned root, with both CRLs.
        var pckChain = IntelPki.ReadPemChain(quote.PckCertChainPem, "PCK certificate chain");
        IntelPki.VerifyChain(pckChain, time, [rootCrl, pckCrl], "PCK certificate chain");
        var pck = pckChain[0];

        using (var pckKey = IntelPki.PublicKey(pck))
        {
            if (!pckKey.VerifyData(quote.QeReport.Raw, quote.QeReportSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                throw new DcapRejection(RejectionCode.QeReportSignatureInvalid, "the QE report signature does not verify with the PCK certificate's key");
        }
        Span<byte> keyHash = stackalloc byte[32];
        SHA256.HashData([.. quote.AttestationKey, .. quote.QeAuthData], keyHash);
        if (!quote.QeReport.ReportData[..32].SequenceEqual(keyHash) || quote.QeReport.ReportData[32..].IndexOfAnyExcept((byte)0) >= 0)
            throw new DcapRejection(RejectionCode.QeReportDataMismatch,
                "the QE report's REPORTDATA is not sha256(attestation key ‖ QE auth data) ‖ zeros: the attestation key is not the one the QE certified");

        var qeStatus = MatchQeIdentity(quote, qeIdentity);

        if (!VerifyAttestationKeySignature(quote))
            throw new DcapRejection(RejectionCode.QuoteSignatureInvalid, "the quote signature over header and report body does not verify with the attestation key");

        var extensions = PckCertificateExtensions.Read(pck);
        if (!extensions.Fmspc.AsSpan().SequenceEqual(tcbInfo.Fmspc))
            throw new DcapRejection(RejectionCode.FmspcMismatch,
                $"the PCK certificate's FMSPC {Convert.ToHexString(extensions.Fmspc)} is not the TCB info's {Convert.ToHexString(tcbInfo.Fmspc)}: wrong collateral for this platform");
        string expectedId = quote.IsTdx ? "TDX" : "SGX";
        if (tcbInfo.Id != expectedId || tcbInfo.Version < (quote.IsTdx ? 3 : 2))
            throw DcapCollateral.Malformed($"TCB info is \"{tcbInfo.Id}\" v{tcbInfo.Version}; a {expectedId} quote needs \"{expectedId}\" TCB info");

        var (status, advisories) = MatchPlatformTcb(quote, tcbInfo, extensions);
        status = TcbLevelStatus.Converge(status, qeStatus.Status);
        advisories = [.. advisories.Union(qeStatus.AdvisoryIds)];
        if (quote.TdBody is { } td && td.TeeTcbSvn[1] > 0)
        {
            var module = MatchTdxModule(td, tcbInfo);
            status = TcbLevelStatus.Converge(status, module.Status);
            advisories = [.. advisories.Union(module.AdvisoryIds)];
        }
        if (status == TcbLevelStatus.Revoked)
            throw new DcapRejection(RejectionCode.TcbRevoked, "the platform or QE TCB level is Revoked");
        if (quote.SgxBody?.IsDebug == true || quote.TdBody?.IsDebug == true)
            throw new DcapRejection(RejectionCode.DebugMode, "the enclave/TD runs in debug mode: its memory is readable, so the quote proves nothing");

        byte[] reportData = quote.ReportData.ToArray();
        return new AttestationVerdict
        {
            Kind = quote.IsTdx ? EvidenceKind.IntelTdxDcap : EvidenceKind.IntelSgxDcap,
            TcbStatus = status,
            AdvisoryIds = advisories,
            Measurements = Measurements(quote),
            ReportData = reportData,
            Commitment = new Hash256(reportData.AsSpan(0, 32)),
        };
    }

    private static void CheckCollateralWindow(DateTime time, TcbInfo tcbInfo, QeIdentity qeIdentity, X509Crl rootCrl, X509Crl pckCrl)
    {
        var issued = new[] { tcbInfo.IssueDate.UtcDateTime, qeIdentity.IssueDate.UtcDateTime, rootCrl.ThisUpdate, pckCrl.ThisUpdate }.Max();
        // The window ends at the earlier nextUpdate of TCB info and QE identity (the samples README's definition,
        // and dcap-qvl's). A CRL's nextUpdate only says when a newer CRL will be published; PCCS CRLs often
        // run a little shorter than the TCB info, and rejecting then would reject collateral Intel still serves.
        var expires = new[] { tcbInfo.NextUpdate.UtcDateTime, qeIdentity.NextUpdate.UtcDateTime }.Min();
        string window = $"the collateral (TCB info, QE identity, CRLs) is valid {issued:u} ({ToUnix(issued)}) to {expires:u} ({ToUnix(expires)})";
        if (time < issued)
            throw new DcapRejection(RejectionCode.CollateralNotYetValid, $"collateral not yet valid at {time:u} ({ToUnix(time)}): {window}");
        if (time > expires)
            throw new DcapRejection(RejectionCode.CollateralExpired, $"collateral expired at {time:u} ({ToUnix(time)}): {window}; fetch fresh collateral");
    }

    private static long ToUnix(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds();

    private static void VerifyRawSignature(X509Certificate signer, byte[] data, byte[] signature, string what)
    {
        using var key = IntelPki.PublicKey(signer);
        if (signature.Length != 64 || !key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            throw new DcapRejection(RejectionCode.CollateralSignatureInvalid, $"the {what} signature does not verify with \"{signer.SubjectDN}\"");
    }

    private static bool VerifyAttestationKeySignature(DcapQuote quote)
    {
        try
        {
            using var key = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = quote.AttestationKey[..32], Y = quote.AttestationKey[32..] },
            });
            return key.VerifyData(quote.SignedBytes, quote.QuoteSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false; // not a point on P-256
        }
    }

    private static TcbInfo.ModuleLevel MatchQeIdentity(DcapQuote quote, QeIdentity identity)
    {
        var report = quote.QeReport;
        string expectedId = quote.IsTdx ? "TD_QE" : "QE";
        if (identity.Id != expectedId)
            throw DcapCollateral.Malformed($"QE identity is \"{identity.Id}\"; a {(quote.IsTdx ? "TDX" : "SGX")} quote needs \"{expectedId}\"");
        if (!report.MrSigner.SequenceEqual(identity.MrSigner))
            throw new DcapRejection(RejectionCode.QeIdentityMismatch, $"QE MRSIGNER {Convert.ToHexString(report.MrSigner)} is not Intel's {Convert.ToHexString(identity.MrSigner)}");
        if (report.IsvProdId != identity.IsvProdId)
            throw new DcapRejection(RejectionCode.QeIdentityMismatch, $"QE ISVPRODID {report.IsvProdId}, expected {identity.IsvProdId}");
        if ((report.MiscSelect & identity.MiscSelectMask) != (identity.MiscSelect & identity.MiscSelectMask))
            throw new DcapRejection(RejectionCode.QeIdentityMismatch, $"QE MISCSELECT {report.MiscSelect:X8} does not match {identity.MiscSelect:X8} under mask {identity.MiscSelectMask:X8}");
        for (int i = 0; i < 16; i++)
        {
            if ((report.Attributes[i] & identity.AttributesMask[i]) != (identity.Attributes[i] & identity.AttributesMask[i]))
                throw new DcapRejection(RejectionCode.QeIdentityMismatch, $"QE ATTRIBUTES {Convert.ToHexString(report.Attributes)} do not match {Convert.ToHexString(identity.Attributes)} under mask {Convert.ToHexString(identity.AttributesMask)}");
        }
        return identity.Levels.FirstOrDefault(l => report.IsvSvn >= l.IsvSvn)
            ?? throw new DcapRejection(RejectionCode.TcbLevelNotFound, $"QE ISVSVN {report.IsvSvn} is below every QE identity TCB level");
    }

    private static (string Status, IReadOnlyList<string> AdvisoryIds) MatchPlatformTcb(DcapQuote quote, TcbInfo tcbInfo, PckCertificateExtensions pck)
    {
        foreach (var level in tcbInfo.Levels)
        {
            if (!AtLeast(pck.TcbComponents, level.SgxComponents) || pck.PceSvn < level.PceSvn) continue;
            if (quote.TdBody is { } td)
            {
                if (level.TdxComponents is null) throw DcapCollateral.Malformed("TDX TCB info level without tdxtcbcomponents");
                // TDX module 1.x+ (TEE_TCB_SVN[1] > 0): bytes 0–1 are the module's SVN and major version, judged by
                // the TDX module identity instead; the level comparison starts at byte 2 (Intel TDX DCAP QVL).
                int from = td.TeeTcbSvn[1] > 0 ? 2 : 0;
                if (!AtLeast(td.TeeTcbSvn[from..], level.TdxComponents.AsSpan(from))) continue;
            }
            return (level.Status, level.AdvisoryIds);
        }
        throw new DcapRejection(RejectionCode.TcbLevelNotFound,
            $"no TCB level in the TCB info matches this platform (components {Convert.ToHexString(pck.TcbComponents)}, PCESVN {pck.PceSvn}" +
            (quote.TdBody is { } t ? $", TEE_TCB_SVN {Convert.ToHexString(t.TeeTcbSvn)}" : "") + ")");
    }

    private static TcbInfo.ModuleLevel MatchTdxModule(TdReportBody td, TcbInfo tcbInfo)
    {
        string id = $"TDX_{td.TeeTcbSvn[1]:X2}";
        var identity = tcbInfo.TdxModuleIdentities.FirstOrDefault(m => m.Id == id)
            ?? throw new DcapRejection(RejectionCode.TcbLevelNotFound, $"the TCB info has no TDX module identity {id}");
        if (!td.MrSignerSeam.SequenceEqual(identity.MrSigner))
            throw new DcapRejection(RejectionCode.TcbLevelNotFound, $"MRSIGNERSEAM {Convert.ToHexString(td.MrSignerSeam)} is not {id}'s");
        for (int i = 0; i < 8 && i < identity.AttributesMask.Length; i++)
        {
            if ((td.SeamAttributes[i] & identity.AttributesMask[i]) != (identity.Attributes[i] & identity.AttributesMask[i]))
                throw new DcapRejection(RejectionCode.TcbLevelNotFound, $"SEAMATTRIBUTES {Convert.ToHexString(td.SeamAttributes)} do not match {id}");
        }
        return identity.Levels.FirstOrDefault(l => td.TeeTcbSvn[0] >= l.IsvSvn)
            ?? throw new DcapRejection(RejectionCode.TcbLevelNotFound, $"TDX module SVN {td.TeeTcbSvn[0]} is below every {id} TCB level");
    }

    private static bool AtLeast(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> required)
    {
        for (int i = 0; i < required.Length; i++)
            if (actual[i] < required[i]) return false;
        return true;
    }

    private static List<KeyValuePair<string, string>> Measurements(DcapQuote quote)
    {
        var list = new List<KeyValuePair<string, string>>();
        void Add(string name, ReadOnlySpan<byte> value) => list.Add(new(name, Hex.Encode(value)));
        if (quote.SgxBody is { } sgx)
        {
            Add("MRENCLAVE", sgx.MrEnclave);
            Add("MRSIGNER", sgx.MrSigner);
            list.Add(new("ISVPRODID", sgx.IsvProdId.ToString()));
            list.Add(new("ISVSVN", sgx.IsvSvn.ToString()));
            Add("ATTRIBUTES", sgx.Attributes);
            Add("CPUSVN", sgx.CpuSvn);
        }
        else if (quote.TdBody is { } td)
        {
            Add("MRTD", td.MrTd);
            for (int i = 0; i < 4; i++) Add($"RTMR{i}", td.Rtmr(i));
            Add("TEE_TCB_SVN", td.TeeTcbSvn);
            Add("MRSEAM", td.MrSeam);
            Add("TDATTRIBUTES", td.TdAttributes);
            Add("XFAM", td.Xfam);
            Add("MRCONFIGID", td.MrConfigId);
            Add("MROWNER", td.MrOwner);
            Add("MROWNERCONFIG", td.MrOwnerConfig);
        }
        return list;
    }
}
