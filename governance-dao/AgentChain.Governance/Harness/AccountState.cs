using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Governance.Harness;

/// <summary>One account of a <see cref="DevChain"/> as exported: nonce, balance, code and its non-zero storage slots.</summary>
public sealed record AccountState(Address Address, ulong Nonce, UInt256 Balance, byte[] Code, IReadOnlyDictionary<UInt256, UInt256> Storage);
