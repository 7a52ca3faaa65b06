using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>Opens an agent's limits through governance for a plain-transfer target (selector 0x00000000).</summary>
internal static class Limits
{
    public static readonly UInt256 Ether = SystemParameters.Ether;
    public static readonly byte[] TransferSelector = new byte[4];

    public static void OpenTransfers(AgentChainSystem system, AgentHandle agent, Address payee, UInt256 maxPerCall,
        AllowanceConfig allowance, UInt256 balance, uint maxCalls, ulong window)
    {
        ControllableAgent a = agent.Account;
        system.Govern("open limits",
            (a.Address, a.SetCallAllowedCalldata(payee, TransferSelector, true)),
            (a.Address, a.SetMaxValuePerCallCalldata(maxPerCall)),
            (a.Address, a.SetAllowanceCalldata(allowance)),
            (a.Address, a.SetAllowanceBalanceCalldata(balance)),
            (a.Address, a.SetRateLimitCalldata(maxCalls, window)));
    }
}
