using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Node.Storage;

/// <summary>
/// The state after an older block, read through the head state and the undo sets of the blocks after it (oldest
/// first): the first undo set that recorded a key holds its value at that block; keys no later block touched read
/// through to the head. Valid only while the chain lock keeps the head state and the undo sets still.
/// </summary>
internal sealed class HistoricalStateReader(IStateReader head, IReadOnlyList<StateChangeSet> undosOldestFirst) : IStateReader
{
    public Account? GetAccount(in Address address)
    {
        foreach (StateChangeSet undo in undosOldestFirst)
            if (undo.Accounts.TryGetValue(address, out Account? account)) return account;
        return head.GetAccount(address);
    }

    public UInt256 GetStorage(in Address address, in UInt256 slot)
    {
        foreach (StateChangeSet undo in undosOldestFirst)
        {
            if (undo.Storage.TryGetValue((address, slot), out UInt256 value)) return value;
            // Created after this block and never had the slot: zero then.
            if (undo.Accounts.TryGetValue(address, out Account? account) && account is null) return UInt256.Zero;
        }
        return head.GetStorage(address, slot);
    }

    public byte[] GetCode(in Hash256 codeHash) => head.GetCode(codeHash);
}
