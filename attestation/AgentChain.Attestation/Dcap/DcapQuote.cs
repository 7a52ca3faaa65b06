using System.Buffers.Binary;
using AgentChain.Attestation.Evidence;

namespace AgentChain.Attestation.Dcap;

/// <summary>
/// A parsed Intel DCAP ECDSA-P256 quote: SGX quote v3 or TDX quote v4 (TD 1.0 body).
/// <para>Layout: header[48] ‖ report body (SGX 384 / TD 584) ‖ signature data length u32 ‖ signature data.
/// v3 signature data: quote signature r‖s[64] ‖ attestation key x‖y[64] ‖ QE report[384] ‖ QE report
/// signature[64] ‖ QE auth data (u16 length ‖ bytes) ‖ certification data (type u16 ‖ length u32 ‖ bytes).
/// v4 signature data: quote signature[64] ‖ attestation key[64] ‖ certification data of type 6 (QE report
/// certification data) whose body is QE report ‖ QE report signature ‖ QE auth data ‖ certification data.
/// The PCK chain is certification data type 5 (PEM chain: PCK leaf, intermediate CA, root).</para>
/// Parsing checks every length against the bytes present; trailing bytes after the signature data must be
/// zero (some quote generators hand out a zero-padded buffer; anything else there is tampering).
/// </summary>
public sealed class DcapQuote
{
    public const int CertificationDataPckChain = 5;
    public const int CertificationDataQeReport = 6;

    public required QuoteHeader Header { get; init; }
    public SgxReportBody? SgxBody { get; init; }
    public TdReportBody? TdBody { get; init; }

    /// <summary>Header and body: the bytes the attestation key signs.</summary>
    public required byte[] SignedBytes { get; init; }
    public required byte[] QuoteSignature { get; init; }
    public required byte[] AttestationKey { get; init; }
    public required SgxReportBody QeReport { get; init; }
    public required byte[] QeReportSignature { get; init; }
    public required byte[] QeAuthData { get; init; }
    public required byte[] PckCertChainPem { get; init; }

    public bool IsTdx => Header.TeeType == QuoteHeader.TeeTypeTdx;
    public ReadOnlySpan<byte> ReportData => TdBody is not null ? TdBody.ReportData : SgxBody!.ReportData;

    /// <summary>Parses a quote; throws <see cref="DcapRejection"/> saying what is wrong.</summary>
    internal static DcapQuote Parse(ReadOnlyMemory<byte> quoteMemory)
    {
        var quote = quoteMemory.Span;
        var reader = new Reader(quoteMemory);
        var header = QuoteHeader.Read(reader.Take(QuoteHeader.Length, "header"));
        switch (header.Version)
        {
            case 3 when header.TeeType != QuoteHeader.TeeTypeSgx:
                throw new DcapRejection(RejectionCode.UnsupportedTeeType, $"quote v3 must have TEE type 0 (SGX), got 0x{header.TeeType:x}");
            case 4 when header.TeeType != QuoteHeader.TeeTypeTdx:
                throw new DcapRejection(RejectionCode.UnsupportedTeeType, $"this verifier reads quote v4 for TDX (TEE type 0x81) only, got 0x{header.TeeType:x}");
            case 3 or 4:
                break;
            default:
                throw new DcapRejection(RejectionCode.UnsupportedVersion, $"unsupported quote version {header.Version}: this verifier reads SGX quote v3 and TDX quote v4");
        }
        if (header.AttestationKeyType != QuoteHeader.KeyTypeEcdsaP256)
            throw new DcapRejection(RejectionCode.UnsupportedKeyType, $"unsupported attestation key type {header.AttestationKeyType}: only 2 (ECDSA-256 with P-256) is defined for DCAP");
        if (!header.QeVendorId.AsSpan().SequenceEqual(QuoteHeader.IntelQeVendorId))
            throw new DcapRejection(RejectionCode.UnsupportedVersion, $"QE vendor id {Convert.ToHexString(header.QeVendorId)} is not Intel's");

        SgxReportBody? sgx = null;
        TdReportBody? td = null;
        if (header.Version == 3) sgx = new SgxReportBody(reader.Take(SgxReportBody.Length, "SGX report body"));
        else td = new TdReportBody(reader.Take(TdReportBody.Length, "TD report body"));
        byte[] signed = quote[..reader.Position].ToArray();

        uint signatureLength = reader.U32("signature data length");
        var sig = new Reader(reader.TakeMemory(checked((int)Math.Min(signatureLength, int.MaxValue)), "signature data"));
        var rest = quote[reader.Position..];
        if (rest.IndexOfAnyExcept((byte)0) >= 0)
            throw new DcapRejection(RejectionCode.Malformed, $"{rest.Length} byte(s) after the signature data are not zero padding");

        byte[] quoteSignature = sig.Take(64, "quote signature").ToArray();
        byte[] attestationKey = sig.Take(64, "attestation key").ToArray();
        Reader qe = sig;
        if (header.Version == 4)
        {
            var body = ReadCertificationData(sig, out ushort type);
            if (type != CertificationDataQeReport)
                throw new DcapRejection(RejectionCode.UnsupportedCertificationData, $"quote v4 certification data type {type}, expected 6 (QE report certification data)");
            sig.EnsureEnd("v4 signature data");
            qe = new Reader(body);
        }
        var qeReport = new SgxReportBody(qe.Take(SgxReportBody.Length, "QE report"));
        byte[] qeReportSignature = qe.Take(64, "QE report signature").ToArray();
        ushort authLength = qe.U16("QE auth data length");
        byte[] authData = qe.Take(authLength, "QE auth data").ToArray();
        var pck = ReadCertificationData(qe, out ushort pckType);
        if (pckType != CertificationDataPckChain)
            throw new DcapRejection(RejectionCode.UnsupportedCertificationData, $"certification data type {pckType}: only 5 (PCK certificate chain, PEM) is supported offline");
        qe.EnsureEnd("QE certification data");

        return new DcapQuote
        {
            Header = header, SgxBody = sgx, TdBody = td, SignedBytes = signed, QuoteSignature = quoteSignature,
            AttestationKey = attestationKey, QeReport = qeReport, QeReportSignature = qeReportSignature,
            QeAuthData = authData, PckCertChainPem = pck.ToArray(),
        };
    }

    private static ReadOnlyMemory<byte> ReadCertificationData(Reader reader, out ushort type)
    {
        type = reader.U16("certification data type");
        uint length = reader.U32("certification data length");
        return reader.TakeMemory(checked((int)Math.Min(length, int.MaxValue)), "certification data");
    }

    private sealed class Reader(ReadOnlyMemory<byte> data)
    {
        private readonly ReadOnlyMemory<byte> _data = data;
        public int Position { get; private set; }

        public ReadOnlySpan<byte> Take(int count, string what) => TakeMemory(count, what).Span;

        public ReadOnlyMemory<byte> TakeMemory(int count, string what)
        {
            if (count > _data.Length - Position)
                throw new DcapRejection(RejectionCode.Malformed, $"quote truncated: {what} needs {count} bytes at offset {Position}, {_data.Length - Position} left");
            var slice = _data.Slice(Position, count);
            Position += count;
            return slice;
        }

        public ushort U16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));
        public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

        public void EnsureEnd(string what)
        {
            if (Position != _data.Length)
                throw new DcapRejection(RejectionCode.Malformed, $"{what} has {_data.Length - Position} unexpected trailing byte(s)");
        }
    }
}
