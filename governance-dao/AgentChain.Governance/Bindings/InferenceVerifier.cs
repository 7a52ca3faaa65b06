using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>Binding of <c>InferenceVerifier</c>: action records, the optimistic challenge game, TEE evidence.</summary>
public sealed class InferenceVerifier(DevChain chain, Address address) : ContractBinding(chain, address, ArtifactName)
{
    public const string ArtifactName = "InferenceVerifier";

    public static InferenceVerifier Deploy(DevChain chain, DevAccount from, Address registry, Address staking, Address resolver,
        Address treasury, UInt256 challengeBond, UInt256 fraudSlashAmount) =>
        new(chain, chain.Deploy(from, ContractArtifact.Load(ArtifactName), registry, staking, resolver, treasury, challengeBond,
            fraudSlashAmount));

    public TxReceipt Challenge(DevAccount challenger, Hash256 actionId, UInt256 bond) => SendWithValue(challenger, bond, "challenge", actionId);

    public TxReceipt Resolve(DevAccount resolver, Hash256 actionId, bool fraud) => Send(resolver, "resolve", actionId, fraud);

    public TxReceipt FinalizeAction(DevAccount from, Hash256 actionId) => Send(from, "finalize", actionId);

    public TxReceipt Claim(DevAccount from) => Send(from, "claim");

    public TxReceipt SetDevTeeKey(DevAccount governance, Hash256 x, Hash256 y) => Send(governance, "setDevTeeKey", x, y);

    public byte[] SetDevTeeKeyCalldata(Hash256 x, Hash256 y) => Encode("setDevTeeKey", x, y);

    public TxReceipt RegisterAttestedKeyDevTee(DevAccount owner, UInt256 agentId, Hash256 measurement, Hash256 x, Hash256 y,
        Hash256 r, Hash256 s) =>
        Send(owner, "registerAttestedKeyDevTee", agentId, measurement, x, y, r, s);

    public UInt256 ReputationOf(UInt256 agentId) => CallUInt("reputationOf", agentId);
    public UInt256 Claimable(Address account) => CallUInt("claimable", account);
    public UInt256 ChallengeBond => CallUInt("challengeBond");
    public Address Resolver => CallAddress("resolver");
    public UInt256 FraudSlashAmount => CallUInt("fraudSlashAmount");

    public (UInt256 AgentId, ulong ChallengeDeadline, ActionStatus Status, Address Challenger) ActionOf(Hash256 actionId)
    {
        object?[] r = Call("actionOf", actionId);
        return ((UInt256)r[0]!, (ulong)(UInt256)r[1]!, (ActionStatus)(int)(UInt256)r[2]!, (Address)r[3]!);
    }
}
