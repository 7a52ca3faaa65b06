using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution.Parallel;

/// <summary>Collects what <see cref="WorldState.Commit"/> writes for one incarnation, per account, for conversion to versioned writes.</summary>
internal sealed class WriteCapture : IStateWriter
{
    public sealed class AccountWrite
    {
        public bool Deleted;
        public bool Set;
        public ulong Nonce;
        public UInt256 Balance;
        public Hash256 CodeHash;
        public byte[]? Code;
        public bool StorageCleared;
        public List<(UInt256 Slot, UInt256 Value)>? Storage;

        public void Reset()
        {
            Deleted = false;
            Set = false;
            Nonce = 0;
            Balance = default;
            CodeHash = default;
            Code = null;
            StorageCleared = false;
            Storage?.Clear();
        }
    }

    // The accounts written, in the order the commit wrote them, each once.
    private readonly ScannedMap<Address, AccountWrite> _accounts = new();

    // Records of earlier incarnations, handed out again after Clear (a worker's capture is reused).
    private readonly List<AccountWrite> _spare = [];

    /// <summary>The accounts the commit wrote, in its order, each once.</summary>
    public ReadOnlySpan<(Address Key, AccountWrite Value)> Accounts => _accounts.Entries;

    /// <summary>What the commit wrote to <paramref name="address"/>, or null.</summary>
    public AccountWrite? Find(in Address address) => _accounts.TryGetValue(address, out AccountWrite? w) ? w : null;

    /// <summary>Forgets the previous incarnation's writes, keeping the records for reuse.</summary>
    public void Clear() => _accounts.Clear();

    private AccountWrite Of(in Address address)
    {
        if (_accounts.TryGetValue(address, out AccountWrite? w)) return w;
        if (_accounts.Count == _spare.Count) _spare.Add(new AccountWrite());
        w = _spare[_accounts.Count];
        w.Reset();
        _accounts.Add(address, w);
        return w;
    }

    public void SetAccount(in Address address, ulong nonce, in UInt256 balance, in Hash256 codeHash, byte[]? code)
    {
        AccountWrite w = Of(address);
        w.Set = true;
        w.Nonce = nonce;
        w.Balance = balance;
        w.CodeHash = codeHash;
        w.Code = code;
    }

    public void DeleteAccount(in Address address) => Of(address).Deleted = true;

    public void ClearStorage(in Address address) => Of(address).StorageCleared = true;

    public void SetStorage(in Address address, in UInt256 slot, in UInt256 value) => (Of(address).Storage ??= []).Add((slot, value));
}
