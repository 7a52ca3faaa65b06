using System.Buffers.Binary;
using AgentChain.Attestation.Dcap;
using AgentChain.Attestation.Evidence;

namespace AgentChain.Attestation.Tests;

/// <summary>Any single flipped bit, truncation or unknown version must be rejected with a reason, never thrown.</summary>
public class DcapTamperTests
{
    public static TheoryData<string> Quotes => new() { "sgx", "tdx" };

    private static (byte[] Quote, DcapCollateral Collateral, DateTimeOffset Time) Load(string which) => which == "sgx"
        ? (Samples.Quote("sgx_quote"), Samples.Collateral("sgx_quote"), DateTimeOffset.FromUnixTimeSeconds(Samples.SgxTime))
        : (Samples.Quote("tdx_quote"), Samples.Collateral("tdx_quote"), DateTimeOffset.FromUnixTimeSeconds(Samples.TdxTime));

    private static void AssertRejected(AttestationVerdict verdict, string what)
    {
        Assert.False(verdict.IsValid, $"{what} was accepted: {verdict}");
        Assert.NotEqual(RejectionCode.None, verdict.Code);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason), what);
    }

    /// <summary>Every 7th byte of the whole quote (header, body, signature data, PCK chain, padding), bit = offset mod 8.</summary>
    [Theory]
    [MemberData(nameof(Quotes))]
    public void EverySeventhByteFlippedIsRejected(string which)
    {
        var (quote, collateral, time) = Load(which);
        int step = Environment.GetEnvironmentVariable("AGENTCHAIN_EXHAUSTIVE_BITFLIPS") == "1" ? 1 : 7;
        var accepted = new List<string>();
        for (int offset = 0; offset < quote.Length; offset += step)
        {
            for (int bit = step == 1 ? 0 : offset % 8; bit < 8; bit += step == 1 ? 1 : 8)
            {
                byte[] tampered = (byte[])quote.Clone();
                tampered[offset] ^= (byte)(1 << bit);
                var verdict = DcapQuoteVerifier.Verify(tampered, collateral, time);
                if (verdict.IsValid || verdict.Reason.Length == 0) accepted.Add($"offset {offset} bit {bit}");
            }
        }
        Assert.True(accepted.Count == 0, $"accepted after a bit flip: {string.Join("; ", accepted)}");
    }

    /// <summary>Chosen fields in every region, every bit of their first byte, with the reason we expect.</summary>
    [Theory]
    [InlineData("sgx", 0, RejectionCode.UnsupportedVersion)]                 // header: version
    [InlineData("sgx", 2, RejectionCode.UnsupportedKeyType)]                 // header: attestation key type
    [InlineData("sgx", 10, RejectionCode.QuoteSignatureInvalid)]             // header: PCE SVN
    [InlineData("sgx", 30, RejectionCode.QuoteSignatureInvalid)]             // header: user data
    [InlineData("sgx", 48 + 64, RejectionCode.QuoteSignatureInvalid)]        // MRENCLAVE
    [InlineData("sgx", 48 + 128 + 31, RejectionCode.QuoteSignatureInvalid)]  // MRSIGNER
    [InlineData("sgx", 48 + 320, RejectionCode.QuoteSignatureInvalid)]       // REPORTDATA
    [InlineData("sgx", 48 + 383, RejectionCode.QuoteSignatureInvalid)]       // last REPORTDATA byte
    [InlineData("sgx", 436 + 5, RejectionCode.QuoteSignatureInvalid)]        // quote signature r
    [InlineData("sgx", 436 + 64 + 40, RejectionCode.QeReportDataMismatch)]   // attestation key
    [InlineData("sgx", 436 + 128 + 64, RejectionCode.QeReportSignatureInvalid)] // QE report MRENCLAVE
    [InlineData("sgx", 436 + 512 + 3, RejectionCode.QeReportSignatureInvalid)]  // QE report signature
    [InlineData("tdx", 48 + 136, RejectionCode.QuoteSignatureInvalid)]       // MRTD
    [InlineData("tdx", 48 + 328 + 47, RejectionCode.QuoteSignatureInvalid)]  // RTMR0
    [InlineData("tdx", 48 + 520, RejectionCode.QuoteSignatureInvalid)]       // REPORTDATA
    [InlineData("tdx", 48 + 0, RejectionCode.QuoteSignatureInvalid)]         // TEE_TCB_SVN
    [InlineData("tdx", 636 + 10, RejectionCode.QuoteSignatureInvalid)]       // quote signature
    [InlineData("tdx", 636 + 128 + 6 + 320, RejectionCode.QeReportSignatureInvalid)] // QE REPORTDATA
    public void ChosenFieldFlipsAreRejectedWithTheirReason(string which, int offset, RejectionCode expected)
    {
        var (quote, collateral, time) = Load(which);
        for (int bit = 0; bit < 8; bit++)
        {
            byte[] tampered = (byte[])quote.Clone();
            tampered[offset] ^= (byte)(1 << bit);
            var verdict = DcapQuoteVerifier.Verify(tampered, collateral, time);
            AssertRejected(verdict, $"offset {offset} bit {bit}");
            // A flipped version or key type byte can land on another unsupported value; all other fields name their check.
            if (offset >= 4) Assert.Equal(expected, verdict.Code);
        }
    }

    [Theory]
    [MemberData(nameof(Quotes))]
    public void TruncatedQuotesAreRejected(string which)
    {
        var (quote, collateral, time) = Load(which);
        foreach (int length in new[] { 0, 1, 47, 48, 100, 431, 432, 435, 436, 500, 1000, 1100, quote.Length / 2, quote.Length - 100 })
        {
            var verdict = DcapQuoteVerifier.Verify(quote.AsMemory(0, Math.Min(length, quote.Length)), collateral, time);
            AssertRejected(verdict, $"length {length}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(0xFFFF)]
    public void UnknownVersionsAreRejected(int version)
    {
        var (quote, collateral, time) = Load("sgx");
        BinaryPrimitives.WriteUInt16LittleEndian(quote, (ushort)version);
        var verdict = DcapQuoteVerifier.Verify(quote, collateral, time);
        Assert.Equal(RejectionCode.UnsupportedVersion, verdict.Code);
        Assert.Contains($"version {version}", verdict.Reason);
    }

    [Fact]
    public void GarbageIsRejected()
    {
        var (_, collateral, time) = Load("sgx");
        var random = new Random(7);
        for (int i = 0; i < 50; i++)
        {
            byte[] garbage = new byte[random.Next(0, 6000)];
            random.NextBytes(garbage);
            if (garbage.Length >= 2 && i % 2 == 0) { garbage[0] = 3; garbage[1] = 0; garbage[2] = 2; garbage[3] = 0; }
            AssertRejected(DcapQuoteVerifier.Verify(garbage, collateral, time), $"garbage {i}");
        }
    }

    [Fact]
    public void TamperedCollateralIsRejected()
    {
        var (quote, collateral, time) = Load("sgx");
        string tcb = collateral.TcbInfoJson.Replace("\"tcbStatus\":\"ConfigurationAndSWHardeningNeeded\"", "\"tcbStatus\":\"UpToDate\"", StringComparison.Ordinal);
        Assert.NotEqual(collateral.TcbInfoJson, tcb);
        var verdict = DcapQuoteVerifier.Verify(quote, collateral with { TcbInfoJson = tcb }, time);
        Assert.Equal(RejectionCode.CollateralSignatureInvalid, verdict.Code);
    }
}
