using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.Evm.Tracing;
using AgentChain.State;

namespace AgentChain.Node.Tracing;

/// <summary>
/// geth's <c>callTracer</c>: builds the tree of call frames of one transaction from the EVM's frame hooks. The top
/// frame reports the transaction's gas limit and its receipt's gas used (after refunds), as geth does.
/// </summary>
public sealed class CallTracer(CallTracerOptions options) : ICallFrameTracer
{
    private readonly List<CallFrame> _stack = [];
    private int _depth;

    public void OnEnter(int depth, CallKind kind, in Address from, in Address to, byte[] input, long gas, in UInt256 value)
    {
        _depth = depth;
        if (options.OnlyTopCall && depth > 0) return;
        _stack.Add(new CallFrame
        {
            Type = kind, From = from, To = to, Input = input, Gas = gas,
            Value = kind == CallKind.StaticCall ? null : value,
        });
    }

    public void OnExit(int depth, byte[] output, long gasUsed, string? error)
    {
        if (depth == 0)
        {
            if (_stack.Count == 1) _stack[0].SetOutcome(output, error);
            return;
        }
        _depth = depth - 1;
        if (options.OnlyTopCall || _stack.Count <= 1) return;
        CallFrame frame = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        frame.GasUsed = gasUsed;
        frame.SetOutcome(output, error);
        _stack[^1].Calls.Add(frame);
    }

    public void OnLog(LogEntry log)
    {
        if (!options.WithLog || (options.OnlyTopCall && _depth > 0) || _stack.Count == 0) return;
        CallFrame frame = _stack[^1];
        frame.Logs.Add(new CallLog(log.Address, log.Topics, log.Data, frame.Calls.Count));
    }

    /// <summary>The finished trace of a transaction with <paramref name="gasLimit"/> that used <paramref name="gasUsed"/>.</summary>
    public CallFrame Result(ulong gasLimit, long gasUsed)
    {
        if (_stack.Count != 1)
            throw new InvalidOperationException($"call tracer ended with {_stack.Count} open frames; the EVM's enter/exit hooks are unbalanced");
        CallFrame top = _stack[0];
        top.Gas = (long)gasLimit;
        top.GasUsed = gasUsed;
        if (options.WithLog) top.ClearFailedLogs();
        return top;
    }
}
