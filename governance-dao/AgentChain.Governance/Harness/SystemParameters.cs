using AgentChain.Core.Numerics;

namespace AgentChain.Governance.Harness;

/// <summary>Deployment parameters of an <see cref="AgentChainSystem"/> (defaults close to the devnet's).</summary>
public sealed record SystemParameters
{
    public static readonly UInt256 Ether = UInt256.Parse("1000000000000000000");

    /// <summary>True: governance is the AgentTimelock driven by AgentGovernor votes. False: a plain EOA (fast unit tests).</summary>
    public bool WithDao { get; init; }

    public UInt256 MinimumStake { get; init; } = Ether;
    public ulong UnbondingPeriod { get; init; } = 86_400;
    public ushort ChallengerShareBps { get; init; } = 5_000;
    public UInt256 ChallengeBond { get; init; } = Ether / 10;
    public UInt256 FraudSlashAmount { get; init; } = Ether * 2;
    public ulong DefaultChallengeWindow { get; init; } = 600;

    public ulong TimelockMinDelay { get; init; } = 60;
    public ulong VotingDelay { get; init; } = 1;
    public uint VotingPeriod { get; init; } = 300;
    public UInt256 QuorumPercent { get; init; } = 4;

    /// <summary>Governance tokens for each voter (voters are created and self-delegate when <see cref="WithDao"/>).</summary>
    public int Voters { get; init; } = 3;
    public UInt256 TokensPerVoter { get; init; } = Ether * 1_000;
}
