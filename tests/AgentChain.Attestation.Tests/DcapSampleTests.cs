using AgentChain.Attestation.Dcap;
using AgentChain.Attestation.Evidence;

namespace AgentChain.Attestation.Tests;

public class DcapSampleTests
{
    private static AttestationVerdict VerifySgx(long time) =>
        DcapQuoteVerifier.Verify(Samples.Quote("sgx_quote"), Samples.Collateral("sgx_quote"), DateTimeOffset.FromUnixTimeSeconds(time));

    private static AttestationVerdict VerifyTdx(long time) =>
        DcapQuoteVerifier.Verify(Samples.Quote("tdx_quote"), Samples.Collateral("tdx_quote"), DateTimeOffset.FromUnixTimeSeconds(time));

    [Fact]
    public void SgxSampleVerifiesWithExpectedStatusAndAdvisories()
    {
        var verdict = VerifySgx(Samples.SgxTime);
        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal(EvidenceKind.IntelSgxDcap, verdict.Kind);
        Assert.Equal("ConfigurationAndSWHardeningNeeded", verdict.TcbStatus);
        Assert.Equal(["INTEL-SA-00289", "INTEL-SA-00615"], verdict.AdvisoryIds.Order());
        Assert.False(verdict.Insecure);
        Assert.Contains(verdict.Measurements, m => m.Key == "MRENCLAVE");
        Assert.Equal(64, verdict.ReportData!.Length);
    }

    [Fact]
    public void TdxSampleVerifiesUpToDateWithoutAdvisories()
    {
        var verdict = VerifyTdx(Samples.TdxTime);
        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal(EvidenceKind.IntelTdxDcap, verdict.Kind);
        Assert.Equal("UpToDate", verdict.TcbStatus);
        Assert.Empty(verdict.AdvisoryIds);
        Assert.Contains(verdict.Measurements, m => m.Key == "MRTD");
        Assert.Contains(verdict.Measurements, m => m.Key == "RTMR3");
    }

    [Theory]
    [InlineData("sgx", 1750330571, true)]
    [InlineData("sgx", 1752919278, true)]
    [InlineData("sgx", 1750330570, false)]
    [InlineData("sgx", 1752919279, false)]
    [InlineData("tdx", 1750329147, true)]
    [InlineData("tdx", 1752920163, true)]
    [InlineData("tdx", 1750329146, false)]
    [InlineData("tdx", 1752920164, false)]
    public void CollateralWindowEdgesMatchTheReadme(string which, long time, bool valid)
    {
        var verdict = which == "sgx" ? VerifySgx(time) : VerifyTdx(time);
        Assert.True(valid == verdict.IsValid, verdict.ToString());
        if (!valid)
            Assert.Contains(verdict.Code, new[] { RejectionCode.CollateralExpired, RejectionCode.CollateralNotYetValid });
    }

    [Fact]
    public void ExpiredCollateralSaysSo()
    {
        var verdict = VerifySgx(1_800_000_000);
        Assert.Equal(RejectionCode.CollateralExpired, verdict.Code);
        Assert.Contains("collateral expired", verdict.Reason);
    }

    [Fact]
    public void CollateralNotYetValidSaysSo()
    {
        var verdict = VerifyTdx(1_700_000_000);
        Assert.Equal(RejectionCode.CollateralNotYetValid, verdict.Code);
        Assert.Contains("not yet valid", verdict.Reason);
    }

    [Fact]
    public void CollateralOfTheOtherPlatformIsRejected()
    {
        var verdict = DcapQuoteVerifier.Verify(Samples.Quote("sgx_quote"), Samples.Collateral("tdx_quote"), DateTimeOffset.FromUnixTimeSeconds(Samples.SgxTime));
        Assert.False(verdict.IsValid);
        Assert.NotEqual("", verdict.Reason);
    }
}
