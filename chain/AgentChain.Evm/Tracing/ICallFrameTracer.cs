using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Evm.Tracing;

/// <summary>
/// Frame-level tracing hook (geth's OnEnter/OnExit/OnLog): told when every message — the transaction's own, each
/// nested call or creation, precompiles included — starts and ends, and of every log. Nothing per opcode: with
/// no tracer attached the host pays one null check per frame.
/// </summary>
public interface ICallFrameTracer
{
    /// <summary>
    /// A frame starts. <paramref name="from"/> and <paramref name="to"/> are as geth reports them: for DELEGATECALL
    /// and CALLCODE the executing contract and the code's address; for creations the address being created.
    /// <paramref name="value"/> is the message's value (the parent's for DELEGATECALL, zero for STATICCALL).
    /// </summary>
    void OnEnter(int depth, CallKind kind, in Address from, in Address to, byte[] input, long gas, in UInt256 value);

    /// <summary>
    /// The frame started last ends. <paramref name="error"/> is null on success, otherwise geth's wording
    /// ("execution reverted", "out of gas", "max call depth exceeded", ...); <paramref name="output"/> is the
    /// return or revert data, and for a successful creation the deployed code.
    /// </summary>
    void OnExit(int depth, byte[] output, long gasUsed, string? error);

    /// <summary>A LOG0..LOG4 was emitted by the current frame (it may still be reverted later).</summary>
    void OnLog(LogEntry log);
}
