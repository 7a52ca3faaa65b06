using AgentChain.Core.Types;
using AgentChain.Evm.Handler;
using SignedTransaction = AgentChain.Core.Transactions.Transaction;

namespace AgentChain.Execution;

/// <summary>A block transaction after sender recovery: the signed original, and its execution view (null with <see cref="Error"/> when the signature yields no sender).</summary>
internal sealed record PreparedTransaction(int Index, SignedTransaction Signed, Transaction? Execution, string? Error)
{
    public Address Sender => Execution?.Sender ?? default;
}
