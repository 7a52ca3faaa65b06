using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>Binding of <c>ControllableAgent</c>: the agent's own account, its limits and its actions.</summary>
public sealed class ControllableAgent(DevChain chain, Address address) : ContractBinding(chain, address, ArtifactName)
{
    public const string ArtifactName = "ControllableAgent";

    /// <summary>Performs an action; a rejected check reverts with its custom error (see <see cref="TxReceipt.ErrorName"/>).</summary>
    public TxReceipt Execute(DevAccount signer, Address target, UInt256 value, byte[] data, AgentProof proof) =>
        Send(signer, "execute", target, value, data, proof.Encode());

    /// <summary>Like <see cref="Execute"/>, but a rejection emits ActionRejected and the transaction succeeds.</summary>
    public TxReceipt TryExecute(DevAccount signer, Address target, UInt256 value, byte[] data, AgentProof proof) =>
        Send(signer, "tryExecute", target, value, data, proof.Encode());

    public TxReceipt SetCallAllowed(DevAccount from, Address target, byte[] selector, bool allowed) =>
        Send(from, "setCallAllowed", target, selector, allowed);

    public byte[] SetCallAllowedCalldata(Address target, byte[] selector, bool allowed) => Encode("setCallAllowed", target, selector, allowed);

    public TxReceipt SetMaxValuePerCall(DevAccount from, UInt256 cap) => Send(from, "setMaxValuePerCall", cap);

    public byte[] SetMaxValuePerCallCalldata(UInt256 cap) => Encode("setMaxValuePerCall", cap);

    public TxReceipt SetAllowance(DevAccount from, AllowanceConfig c) =>
        Send(from, "setAllowance", c.MaxRefill, c.RefillBase, c.RefillCap, c.Period, c.ReputationRamp);

    public byte[] SetAllowanceCalldata(AllowanceConfig c) =>
        Encode("setAllowance", c.MaxRefill, c.RefillBase, c.RefillCap, c.Period, c.ReputationRamp);

    public TxReceipt SetAllowanceBalance(DevAccount from, UInt256 balance) => Send(from, "setAllowanceBalance", balance);

    public byte[] SetAllowanceBalanceCalldata(UInt256 balance) => Encode("setAllowanceBalance", balance);

    public TxReceipt SetRateLimit(DevAccount from, uint maxCalls, ulong window) => Send(from, "setRateLimit", maxCalls, window);

    public byte[] SetRateLimitCalldata(uint maxCalls, ulong window) => Encode("setRateLimit", maxCalls, window);

    /// <summary>Nonce of the next action (bound into its commitment).</summary>
    public UInt256 Nonce => CallUInt("nonce");
    public UInt256 AgentId => CallUInt("agentId");
    public UInt256 MaxValuePerCall => CallUInt("maxValuePerCall");
    public bool IsCallAllowed(Address target, byte[] selector) => CallBool("isCallAllowed", target, selector);

    /// <summary>Spendable balance now, the current (reputation-adjusted) refill, and the stored configuration.</summary>
    public (UInt256 Balance, UInt256 Refill, AllowanceConfig Config) Allowance
    {
        get
        {
            object?[] r = Call("allowance");
            var c = (object?[])r[2]!;
            var config = new AllowanceConfig((UInt256)c[3]!, (UInt256)c[4]!, (UInt256)c[5]!, (ulong)(UInt256)c[2]!, (ulong)(UInt256)c[6]!);
            return ((UInt256)r[0]!, (UInt256)r[1]!, config);
        }
    }

    /// <summary>The stored rate limit: calls allowed per window, used in the current window, window start and length.</summary>
    public (uint MaxCalls, uint Used, ulong WindowStart, ulong Window) RateLimit
    {
        get
        {
            var r = (object?[])Call("rateLimit")[0]!;
            return ((uint)(UInt256)r[0]!, (uint)(UInt256)r[1]!, (ulong)(UInt256)r[2]!, (ulong)(UInt256)r[3]!);
        }
    }
}
