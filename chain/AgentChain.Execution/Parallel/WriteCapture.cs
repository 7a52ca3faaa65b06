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
        public readonly List<(UInt256 Slot, UInt256 Value)> Storage = [];
    }

    public Dictionary<Address, AccountWrite> Accounts { get; } = [];

    private AccountWrite Of(in Address address)
    {
        if (!Accounts.TryGetValue(address, out AccountWrite? w)) Accounts[address] = w = new AccountWrite();
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

    public void SetStorage(in Address address, in UInt256 slot, in UInt256 value) => Of(address).Storage.Add((slot, value));
}
