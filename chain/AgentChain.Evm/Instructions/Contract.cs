using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>
/// CREATE, CREATE2, CALL, CALLCODE, DELEGATECALL, STATICCALL: charge, build the message, let the host run it.
/// Each ends its basic block (it passes on a share of the gas left), so each enters the next one after.
/// </summary>
internal static class Contract
{
    /// <summary>EIP-150: a call may pass at most all but one 64th of the gas left.</summary>
    private static long AllButOne64th(long gas) => gas - gas / 64;

    public static void Create(ExecutionFrame f)
    {
        CreateCommon(f, CallKind.Create);
        f.EnterNextBlock();
    }

    public static void Create2(ExecutionFrame f)
    {
        CreateCommon(f, CallKind.Create2);
        f.EnterNextBlock();
    }

    private static void CreateCommon(ExecutionFrame f, CallKind kind)
    {
        if (f.IsStatic) { f.Status = FrameStatus.StaticViolation; return; }
        UInt256 value = f.Stack.Pop();
        UInt256 offset = f.Stack.Pop();
        UInt256 length = f.Stack.Pop();
        UInt256 salt = kind == CallKind.Create2 ? f.Stack.Pop() : default;
        ref UInt256 result = ref f.Stack.PushSlot();
        result = default;

        // EIP-3860: initcode above 49152 bytes is an exceptional halt; each word costs 2 (CREATE2 adds 6 for hashing).
        if (!length.IsZero && (!length.IsUInt64 || length.U0 > GasCosts.MaxInitCodeSize)) { f.Status = FrameStatus.OutOfGas; return; }
        long words = GasCosts.Words((long)length.U0);
        long wordCost = GasCosts.InitCodeWord + (kind == CallKind.Create2 ? GasCosts.KeccakWord : 0);
        if (!f.ExpandMemory(in offset, in length) || !f.UseGas(wordCost * words)) return;

        byte[] initCode = length.IsZero ? [] : f.Memory.Span((long)offset.U0, (long)length.U0).ToArray();
        long gas = AllButOne64th(f.Gas);
        f.Gas -= gas;
        f.ReturnData = [];
        var message = new CallMessage(kind, f.Address, default, default, value, initCode, gas, f.Depth + 1, false, salt);
        CallResult r = f.Host.Execute(message);
        f.Gas += r.GasLeft;
        if (r.Status == CallStatus.Revert) f.ReturnData = r.Output;
        if (r.IsSuccess) result = AddressWord.From(r.CreatedAddress);
    }

    public static void Call(ExecutionFrame f)
    {
        CallCommon(f, CallKind.Call);
        f.EnterNextBlock();
    }

    public static void CallCode(ExecutionFrame f)
    {
        CallCommon(f, CallKind.CallCode);
        f.EnterNextBlock();
    }

    public static void DelegateCall(ExecutionFrame f)
    {
        CallCommon(f, CallKind.DelegateCall);
        f.EnterNextBlock();
    }

    public static void StaticCall(ExecutionFrame f)
    {
        CallCommon(f, CallKind.StaticCall);
        f.EnterNextBlock();
    }

    private static void CallCommon(ExecutionFrame f, CallKind kind)
    {
        UInt256 requestedGas = f.Stack.Pop();
        Address target = AddressWord.To(f.Stack.Pop());
        UInt256 value = kind is CallKind.Call or CallKind.CallCode ? f.Stack.Pop() : default;
        UInt256 inOffset = f.Stack.Pop(), inLength = f.Stack.Pop();
        UInt256 outOffset = f.Stack.Pop(), outLength = f.Stack.Pop();
        ref UInt256 result = ref f.Stack.PushSlot();
        result = default;

        if (kind == CallKind.Call && f.IsStatic && !value.IsZero) { f.Status = FrameStatus.StaticViolation; return; }

        long cost = f.Host.WarmAccount(target) ? GasCosts.ColdAccountAccess : GasCosts.WarmAccess;
        if (!f.ExpandMemory(in inOffset, in inLength) || !f.ExpandMemory(in outOffset, in outLength)) return;
        if (!value.IsZero)
        {
            cost += GasCosts.CallValue;
            if (kind == CallKind.Call && f.Host.IsDeadOrEmpty(target)) cost += GasCosts.NewAccount;
        }
        if (!f.UseGas(cost)) return;

        long gas = AllButOne64th(f.Gas);
        if (requestedGas.IsUInt64 && requestedGas.U0 < (ulong)gas) gas = (long)requestedGas.U0;
        f.Gas -= gas;
        if (!value.IsZero) gas += GasCosts.CallStipend;

        byte[] input = inLength.IsZero ? [] : f.Memory.Span((long)inOffset.U0, (long)inLength.U0).ToArray();
        CallMessage message = kind switch
        {
            CallKind.Call => new(kind, f.Address, target, target, value, input, gas, f.Depth + 1, f.IsStatic),
            CallKind.CallCode => new(kind, f.Address, f.Address, target, value, input, gas, f.Depth + 1, f.IsStatic),
            CallKind.DelegateCall => new(kind, f.Caller, f.Address, target, f.Value, input, gas, f.Depth + 1, f.IsStatic),
            _ => new(kind, f.Address, target, target, default, input, gas, f.Depth + 1, true),
        };
        CallResult r = f.Host.Execute(message);
        f.Gas += r.GasLeft;
        f.ReturnData = r.Output;
        if (!outLength.IsZero && r.Output.Length > 0)
        {
            int copied = (int)Math.Min((ulong)r.Output.Length, outLength.U0);
            r.Output.AsSpan(0, copied).CopyTo(f.Memory.Span((long)outOffset.U0, copied));
        }
        if (r.IsSuccess) result = UInt256.One;
    }
}
