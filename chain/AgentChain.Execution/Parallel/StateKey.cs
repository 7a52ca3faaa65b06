using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Execution.Parallel;

/// <summary>One location of multi-version memory: an account field, or a storage slot (<see cref="Slot"/> only for <see cref="StateKeyKind.Storage"/>).</summary>
internal readonly record struct StateKey(Address Address, StateKeyKind Kind, UInt256 Slot = default)
{
    public static StateKey Balance(in Address a) => new(a, StateKeyKind.Balance);
    public static StateKey Nonce(in Address a) => new(a, StateKeyKind.Nonce);
    public static StateKey Code(in Address a) => new(a, StateKeyKind.Code);
    public static StateKey Wipe(in Address a) => new(a, StateKeyKind.StorageWipe);
    public static StateKey Storage(in Address a, in UInt256 slot) => new(a, StateKeyKind.Storage, slot);
}
