using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Governance.Bindings;

/// <summary>One governance proposal: the calls the timelock will make and the description.</summary>
public sealed record GovernorProposal(Address[] Targets, UInt256[] Values, byte[][] Calldatas, string Description)
{
    /// <summary>A proposal of value-less calls.</summary>
    public static GovernorProposal Of(string description, params (Address Target, byte[] Calldata)[] calls) =>
        new(calls.Select(c => c.Target).ToArray(), calls.Select(_ => UInt256.Zero).ToArray(),
            calls.Select(c => c.Calldata).ToArray(), description);

    public Hash256 DescriptionHash => Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(Description));
}
