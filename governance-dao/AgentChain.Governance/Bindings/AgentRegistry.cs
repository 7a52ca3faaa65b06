using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>Binding of <c>AgentRegistry</c>: ERC-8004 identity, per-agent policy, the governance and guardian roles.</summary>
public sealed class AgentRegistry(DevChain chain, Address address) : ContractBinding(chain, address, ArtifactName)
{
    public const string ArtifactName = "AgentRegistry";

    public static AgentRegistry Deploy(DevChain chain, DevAccount from, Address governance, Address guardian,
        ulong defaultChallengeWindow, Address agentAccountFactory) =>
        new(chain, chain.Deploy(from, ContractArtifact.Load(ArtifactName), governance, guardian, defaultChallengeWindow, agentAccountFactory));

    /// <summary>Registers an agent owned by <paramref name="owner"/>; the receipt's output is the new id.</summary>
    public TxReceipt Register(DevAccount owner, string agentUri) => Send(owner, "register(string)", agentUri);

    /// <summary>The agent id a successful <see cref="Register"/> returned.</summary>
    public UInt256 RegisteredId(TxReceipt receipt) => (UInt256)DecodeResult("register(string)", receipt)[0]!;

    /// <summary>Sets an ERC-8004 metadata entry (owner only; "agentWallet" is reserved).</summary>
    public TxReceipt SetMetadata(DevAccount owner, UInt256 agentId, string key, byte[] value) => Send(owner, "setMetadata", agentId, key, value);

    public TxReceipt SetAgentSigner(DevAccount owner, UInt256 agentId, Address signer) => Send(owner, "setAgentSigner", agentId, signer);

    /// <summary>ERC-721 transfer of the agent identity (clears its signer and wallet).</summary>
    public TxReceipt TransferFrom(DevAccount owner, Address to, UInt256 agentId) => Send(owner, "transferFrom", owner.Address, to, agentId);

    public TxReceipt SetModelAllowed(DevAccount from, UInt256 agentId, Hash256 modelHash, bool allowed) =>
        Send(from, "setModelAllowed", agentId, modelHash, allowed);

    public byte[] SetModelAllowedCalldata(UInt256 agentId, Hash256 modelHash, bool allowed) =>
        Encode("setModelAllowed", agentId, modelHash, allowed);

    public TxReceipt SetMeasurementAccepted(DevAccount from, UInt256 agentId, Hash256 measurement, bool accepted) =>
        Send(from, "setMeasurementAccepted", agentId, measurement, accepted);

    public byte[] SetMeasurementAcceptedCalldata(UInt256 agentId, Hash256 measurement, bool accepted) =>
        Encode("setMeasurementAccepted", agentId, measurement, accepted);

    public TxReceipt SetAttestationPolicy(DevAccount from, UInt256 agentId, AttestationMode mode, ulong challengeWindow) =>
        Send(from, "setAttestationPolicy", agentId, (byte)mode, challengeWindow);

    public byte[] SetAttestationPolicyCalldata(UInt256 agentId, AttestationMode mode, ulong challengeWindow) =>
        Encode("setAttestationPolicy", agentId, (byte)mode, challengeWindow);

    public TxReceipt SetAgentPaused(DevAccount from, UInt256 agentId, bool paused) => Send(from, "setAgentPaused", agentId, paused);

    public byte[] SetAgentPausedCalldata(UInt256 agentId, bool paused) => Encode("setAgentPaused", agentId, paused);

    public TxReceipt SetGuardian(DevAccount from, Address guardian) => Send(from, "setGuardian", guardian);

    public byte[] SetGuardianCalldata(Address guardian) => Encode("setGuardian", guardian);

    public Address Governance => CallAddress("governance");
    public Address Guardian => CallAddress("guardian");
    public bool IsPaused(UInt256 agentId) => CallBool("isPaused", agentId);
    public bool IsModelAllowed(UInt256 agentId, Hash256 modelHash) => CallBool("isModelAllowed", agentId, modelHash);
    public Address SignerOf(UInt256 agentId) => CallAddress("signerOf", agentId);
    public Address AgentAccountOf(UInt256 agentId) => CallAddress("agentAccountOf", agentId);
    public Address OwnerOf(UInt256 agentId) => CallAddress("ownerOf", agentId);
}
