using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Evm;

/// <summary>Result of an SSTORE as gas accounting needs it (EIP-2200/2929/3529).</summary>
public readonly record struct StorageWrite(UInt256 Original, UInt256 Current, bool WasCold);

/// <summary>
/// Everything the interpreter may ask of the world (revm's Host): accounts, storage, transient storage,
/// logs, block and transaction data, and nested messages. The interpreter never touches state directly,
/// so the same interpreter runs sequentially, under Block-STM and in tests.
/// </summary>
public interface IHost
{
    BlockEnvironment Block { get; }
    TransactionEnvironment Transaction { get; }

    /// <summary>Marks the address warm (EIP-2929); true when it was cold.</summary>
    bool WarmAccount(in Address address);

    UInt256 GetBalance(in Address address);
    byte[] GetCode(in Address address);

    /// <summary>EXTCODEHASH: zero for an account that is absent or empty (EIP-1052 with EIP-161).</summary>
    Hash256 GetCodeHash(in Address address);

    bool IsDeadOrEmpty(in Address address);

    UInt256 LoadStorage(in Address address, in UInt256 slot, out bool wasCold);
    StorageWrite StoreStorage(in Address address, in UInt256 slot, in UInt256 value);
    UInt256 LoadTransient(in Address address, in UInt256 slot);
    void StoreTransient(in Address address, in UInt256 slot, in UInt256 value);

    void AddRefund(long delta);
    void EmitLog(LogEntry log);

    /// <summary>SELFDESTRUCT per EIP-6780: moves the balance; destroys only a contract created in this transaction.</summary>
    void SelfDestruct(in Address address, in Address beneficiary);

    CallResult Execute(in CallMessage message);

    /// <summary>Throws <see cref="TimeoutException"/> when the execution's wall-clock bound has passed (checked every few thousand jumps).</summary>
    void CheckDeadline();
}
