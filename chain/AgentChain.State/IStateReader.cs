using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.State;

/// <summary>
/// Committed state as the world state reads it: a flat KV store, a test pre-state, or Block-STM's
/// multi-version memory can sit behind this. Reads only; writes go through <see cref="IStateWriter"/> at commit.
/// </summary>
public interface IStateReader
{
    /// <summary>The account, or null when it does not exist.</summary>
    Account? GetAccount(in Address address);

    /// <summary>The committed value of a storage slot (zero when unset).</summary>
    UInt256 GetStorage(in Address address, in UInt256 slot);

    /// <summary>Code by its Keccak-256 hash; empty for <see cref="Hash256.EmptyKeccak"/>.</summary>
    byte[] GetCode(in Hash256 codeHash);
}
