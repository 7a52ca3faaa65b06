using AgentChain.Core.Types;

namespace AgentChain.Governance.Genesis;

/// <summary>
/// The fixed addresses of the devnet's genesis predeploys (governance-dao/README.md, "Genesis predeploys"). dApps
/// should read them from <c>GET /api/contracts</c> rather than copy them; they are constants so that the genesis,
/// and with it the devnet's genesis block, is the same on every machine.
/// </summary>
public static class DevnetAddresses
{
    public static readonly Address GovernanceToken = Address.Parse("0x00000000000000000000000000000000000A6E01");
    public static readonly Address AgentTimelock = Address.Parse("0x00000000000000000000000000000000000A6E02");
    public static readonly Address AgentGovernor = Address.Parse("0x00000000000000000000000000000000000A6E03");
    public static readonly Address AgentRegistry = Address.Parse("0x00000000000000000000000000000000000A6E04");
    public static readonly Address AgentStaking = Address.Parse("0x00000000000000000000000000000000000A6E05");
    public static readonly Address InferenceVerifier = Address.Parse("0x00000000000000000000000000000000000A6E06");
    public static readonly Address AgentAccountFactory = Address.Parse("0x00000000000000000000000000000000000A6E07");

    /// <summary>The AIFeed of the <c>diabetes_progression</c> model (feeds take 0xA6E10 upwards, one each).</summary>
    public static readonly Address DiabetesFeed = Address.Parse("0x00000000000000000000000000000000000A6E10");

    public static readonly Address ExampleFeedConsumer = Address.Parse("0x00000000000000000000000000000000000A6E20");
    public static readonly Address ExampleRiskDesk = Address.Parse("0x00000000000000000000000000000000000A6E21");
}
