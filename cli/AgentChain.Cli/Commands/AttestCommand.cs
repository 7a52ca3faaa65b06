using System.CommandLine;
using AgentChain.Attestation.Dcap;
using AgentChain.Attestation.Evidence;
using AgentChain.Core.Encoding;

namespace AgentChain.Cli.Commands;

/// <summary><c>agentchain attest verify QUOTE --collateral FILE [--time UNIX]</c>: verify an Intel DCAP quote offline.</summary>
public static class AttestCommand
{
    public static Command Create()
    {
        var quote = new Argument<FileInfo>("QUOTE") { Description = "Raw Intel DCAP quote (SGX quote v3 or TDX quote v4)." };
        var collateral = new Option<FileInfo>("--collateral") { Description = "Collateral JSON (PCK CRL, root CA CRL, TCB info, QE identity and their chains).", Required = true };
        var time = new Option<long?>("--time") { Description = "Verification time, unix seconds (default: now)." };
        var verify = new Command("verify", "Verify a DCAP quote against offline collateral; exit code 0 only when valid.") { quote, collateral, time };
        verify.SetAction(result => Run(result.GetValue(quote)!, result.GetValue(collateral)!, result.GetValue(time), Console.Out));
        return new Command("attest", "TEE attestation evidence (Intel SGX/TDX DCAP).") { verify };
    }

    internal static int Run(FileInfo quoteFile, FileInfo collateralFile, long? unixTime, TextWriter output)
    {
        if (!quoteFile.Exists) return Fail(output, $"quote file {quoteFile.FullName} not found");
        if (!collateralFile.Exists) return Fail(output, $"collateral file {collateralFile.FullName} not found");
        var collateral = DcapCollateral.TryFromJson(File.ReadAllText(collateralFile.FullName), out string problem);
        if (collateral is null) return Fail(output, $"collateral {collateralFile.Name}: {problem}");
        var at = unixTime is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UtcNow;

        var verdict = DcapQuoteVerifier.Verify(File.ReadAllBytes(quoteFile.FullName), collateral, at);
        string tee = verdict.Kind == EvidenceKind.IntelTdxDcap ? "Intel TDX (quote v4)" : "Intel SGX (quote v3)";
        output.WriteLine($"quote:      {quoteFile.Name}");
        output.WriteLine($"TEE:        {tee}");
        output.WriteLine($"time:       {at:u} ({at.ToUnixTimeSeconds()})");
        if (!verdict.IsValid)
        {
            output.WriteLine($"verdict:    REJECTED ({verdict.Code})");
            output.WriteLine($"reason:     {verdict.Reason}");
            return 1;
        }
        output.WriteLine("verdict:    VALID");
        output.WriteLine($"TCB status: {verdict.TcbStatus}");
        output.WriteLine($"advisories: {(verdict.AdvisoryIds.Count == 0 ? "none" : string.Join(", ", verdict.AdvisoryIds))}");
        output.WriteLine("measurements:");
        foreach (var (name, value) in verdict.Measurements) output.WriteLine($"  {name,-14} {value}");
        output.WriteLine($"report data: {Hex.Encode(verdict.ReportData!)}");
        return 0;
    }

    private static int Fail(TextWriter output, string message)
    {
        output.WriteLine($"error: {message}");
        return 2;
    }
}
