using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.State;

/// <summary>An account as the state trie stores it: RLP [nonce, balance, storageRoot, codeHash].</summary>
public readonly record struct Account(ulong Nonce, UInt256 Balance, Hash256 StorageRoot, Hash256 CodeHash)
{
    /// <summary>EIP-161: no nonce, no balance, no code.</summary>
    public bool IsEmpty => Nonce == 0 && Balance.IsZero && CodeHash == Hash256.EmptyKeccak;

    public static Account Empty => new(0, UInt256.Zero, Hash256.EmptyTrieRoot, Hash256.EmptyKeccak);
}
