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

    // The accounts written, in the order the commit wrote them. A commit writes a handful (a transfer: sender and
    // recipient), each account's calls in a row, so a list searched from its end replaced a dictionary keyed by
    // address: two hash inserts and a lookup per transaction for nothing a scan of two entries does not do.
    private readonly List<(Address Address, AccountWrite Write)> _accounts = [];

    // Records of earlier incarnations, handed out again after Clear (a worker's capture is reused).
    private readonly List<AccountWrite> _spare = [];

    /// <summary>The accounts the commit wrote, in its order, each once.</summary>
    public ReadOnlySpan<(Address Address, AccountWrite Write)> Accounts => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_accounts);

    /// <summary>What the commit wrote to <paramref name="address"/>, or null.</summary>
    public AccountWrite? Find(in Address address)
    {
        for (int i = _accounts.Count - 1; i >= 0; i--)
            if (_accounts[i].Address.Equals(address)) return _accounts[i].Write;
        return null;
    }

    /// <summary>Forgets the previous incarnation's writes, keeping the records for reuse.</summary>
    public void Clear() => _accounts.Clear();

    private AccountWrite Of(in Address address)
    {
        if (Find(address) is { } w) return w;
        if (_accounts.Count == _spare.Count) _spare.Add(new AccountWrite());
        w = _spare[_accounts.Count];
        w.Reset();
        _accounts.Add((address, w));
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
