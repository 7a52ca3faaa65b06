using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Node.Storage;

/// <summary>eth_getProof's answer (EIP-1186): the account with its proof, and each asked slot with its proof.</summary>
public sealed record AccountProof(
    Address Address, IReadOnlyList<byte[]> Proof, ulong Nonce, UInt256 Balance, Hash256 StorageRoot, Hash256 CodeHash,
    IReadOnlyList<(UInt256 Slot, UInt256 Value, IReadOnlyList<byte[]> Proof)> StorageProofs);
