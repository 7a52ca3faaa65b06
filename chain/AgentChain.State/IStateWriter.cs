using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.State;

/// <summary>Receives the effects of a finished transaction (<see cref="WorldState.Commit"/>).</summary>
public interface IStateWriter
{
    /// <summary>Creates or updates an account's nonce, balance and code (code is non-null only when it changed).</summary>
    void SetAccount(in Address address, ulong nonce, in UInt256 balance, in Hash256 codeHash, byte[]? code);

    /// <summary>Removes the account and all its storage.</summary>
    void DeleteAccount(in Address address);

    /// <summary>Drops all storage of an account (it was re-created at this address).</summary>
    void ClearStorage(in Address address);

    /// <summary>Sets a slot; zero deletes it.</summary>
    void SetStorage(in Address address, in UInt256 slot, in UInt256 value);
}
