using AgentChain.Attestation.Dcap;
using AgentChain.Core.Tests.Conformance;

namespace AgentChain.Attestation.Tests;

/// <summary>
/// The real Intel quotes in shared/attestation-samples, read in place (never copied into the repo): from
/// AGENTCHAIN_ATTESTATION_SAMPLES, or the first shared/attestation-samples found walking up from the test binary.
/// </summary>
internal static class Samples
{
    public const long SgxTime = 1751624924;
    public const long TdxTime = 1751624655;

    private static readonly Lazy<string> Folder = new(Locate);

    public static string PathOf(string name) => Path.Combine(Folder.Value, name);

    public static byte[] Quote(string name) => File.ReadAllBytes(PathOf(name));

    public static DcapCollateral Collateral(string name) => DcapCollateral.Load(PathOf(name + "_collateral.json"));

    private static string Locate() => SharedFolder.Locate("AGENTCHAIN_ATTESTATION_SAMPLES", "attestation-samples");
}
