using AgentChain.Agents.Rpc;
using AgentChain.Core.Types;

namespace AgentChain.Agents.Transactions;

/// <summary>A mined, successful transaction: its final hash (after any fee bumps), nonce, receipt and how many times its fees were bumped.</summary>
public sealed record SubmittedTransaction(Hash256 Hash, ulong Nonce, RpcReceipt Receipt, int FeeBumps);
