using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>Binding of <c>AgentStaking</c>: native-token stake per agent, slashing, pull payments.</summary>
public sealed class AgentStaking(DevChain chain, Address address) : ContractBinding(chain, address, ArtifactName)
{
    public const string ArtifactName = "AgentStaking";

    public static AgentStaking Deploy(DevChain chain, DevAccount from, Address registry, Address verifier, Address treasury,
        UInt256 minimumStake, ulong unbondingPeriod, ushort challengerShareBps) =>
        new(chain, chain.Deploy(from, ContractArtifact.Load(ArtifactName), registry, verifier, treasury, minimumStake,
            unbondingPeriod, challengerShareBps));

    public TxReceipt Stake(DevAccount from, UInt256 agentId, UInt256 amount) => SendWithValue(from, amount, "stake", agentId);

    public TxReceipt RequestUnbond(DevAccount owner, UInt256 agentId, UInt256 amount) => Send(owner, "requestUnbond", agentId, amount);

    public TxReceipt Claim(DevAccount from) => Send(from, "claim");

    public (UInt256 Active, UInt256 Unbonding, UInt256 UnbondingReadyAt) StakeOf(UInt256 agentId)
    {
        object?[] r = Call("stakeOf", agentId);
        return ((UInt256)r[0]!, (UInt256)r[1]!, (UInt256)r[2]!);
    }

    public UInt256 Claimable(Address account) => CallUInt("claimable", account);
    public UInt256 MinimumStake => CallUInt("minimumStake");
    public UInt256 ChallengerShareBps => CallUInt("challengerShareBps");
    public bool HasMinimumStake(UInt256 agentId) => CallBool("hasMinimumStake", agentId);
}
