using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Node;

/// <summary>A read view that applies eth_call state overrides over committed state, leaving it untouched.</summary>
internal sealed class OverrideStateReader(IStateReader inner, IReadOnlyDictionary<Address, AccountOverride> overrides) : IStateReader
{
    private readonly Dictionary<Hash256, byte[]> _code = overrides.Values
        .Where(o => o.Code is { Length: > 0 })
        .ToDictionary(o => Keccak256.Hash(o.Code!), o => o.Code!);

    public Account? GetAccount(in Address address)
    {
        Account? account = inner.GetAccount(address);
        if (!overrides.TryGetValue(address, out AccountOverride? o)) return account;
        Account a = account ?? Account.Empty;
        Hash256 storageRoot = o.State is not null || o.StateDiff is { Count: > 0 } ? Keccak256.Hash("override"u8) : a.StorageRoot;
        return new Account(
            o.Nonce ?? a.Nonce,
            o.Balance ?? a.Balance,
            storageRoot,
            o.Code is null ? a.CodeHash : o.Code.Length == 0 ? Hash256.EmptyKeccak : Keccak256.Hash(o.Code));
    }

    public UInt256 GetStorage(in Address address, in UInt256 slot)
    {
        if (overrides.TryGetValue(address, out AccountOverride? o))
        {
            if (o.State is not null) return o.State.GetValueOrDefault(slot);
            if (o.StateDiff is not null && o.StateDiff.TryGetValue(slot, out UInt256 v)) return v;
        }
        return inner.GetStorage(address, slot);
    }

    public byte[] GetCode(in Hash256 codeHash) => _code.TryGetValue(codeHash, out byte[]? code) ? code : inner.GetCode(codeHash);
}
