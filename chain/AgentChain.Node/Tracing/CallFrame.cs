using AgentChain.Core.Abi;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm;

namespace AgentChain.Node.Tracing;

/// <summary>One frame of geth's callTracer result: the message, its outcome, and the frames and logs inside it.</summary>
public sealed class CallFrame
{
    public required CallKind Type { get; init; }
    public required Address From { get; init; }
    /// <summary>Null for a creation that failed (geth reports no address then).</summary>
    public Address? To { get; set; }
    public required byte[] Input { get; init; }
    public byte[] Output { get; set; } = [];
    public long Gas { get; set; }
    public long GasUsed { get; set; }
    /// <summary>Null for STATICCALL, which carries no value (geth omits the field).</summary>
    public UInt256? Value { get; init; }
    public string? Error { get; set; }
    public string? RevertReason { get; set; }
    public List<CallFrame> Calls { get; } = [];
    public List<CallLog> Logs { get; } = [];

    public bool IsCreate => Type is CallKind.Create or CallKind.Create2;

    /// <summary>Geth's opcode name for the frame type.</summary>
    public string TypeName => Type switch
    {
        CallKind.Call => "CALL",
        CallKind.CallCode => "CALLCODE",
        CallKind.DelegateCall => "DELEGATECALL",
        CallKind.StaticCall => "STATICCALL",
        CallKind.Create => "CREATE",
        _ => "CREATE2",
    };

    /// <summary>
    /// Records how the frame ended, as geth's callTracer does: output on success; on failure the error, no address
    /// for a creation, and for a revert its data and the decoded Error(string) / Panic(uint256) reason.
    /// </summary>
    public void SetOutcome(byte[] output, string? error)
    {
        if (error is null)
        {
            Output = output;
            return;
        }
        Error = error;
        if (IsCreate) To = null;
        if (error != "execution reverted" || output.Length == 0) return;
        Output = output;
        RevertReason = DecodeRevertReason(output);
    }

    /// <summary>Logs of frames that failed (or sit under one that failed) never happened; geth clears them.</summary>
    public void ClearFailedLogs(bool parentFailed = false)
    {
        bool failed = parentFailed || Error is not null;
        if (failed) Logs.Clear();
        foreach (CallFrame call in Calls) call.ClearFailedLogs(failed);
    }

    private static string? DecodeRevertReason(byte[] output)
    {
        if (output.Length < FunctionSelector.Length) return null;
        try
        {
            RevertReason reason = Core.Abi.RevertReason.Decode(output);
            return reason.Kind switch
            {
                RevertKind.ErrorString => reason.Message.Length > 0 ? reason.Message : null,
                RevertKind.Panic => GethPanicReason(reason.PanicCode!.Value),
                _ => null,
            };
        }
        catch (AbiException)
        {
            // Data that claims Error(string) or Panic(uint256) but does not decode has no reason, as in geth.
            return null;
        }
    }

    /// <summary>geth's wording of Solidity panic codes (accounts/abi: panicReasons).</summary>
    private static string GethPanicReason(UInt256 code)
    {
        string? known = code.IsUInt64 ? code.U0 switch
        {
            0x00 => "generic panic",
            0x01 => "assert(false)",
            0x11 => "arithmetic underflow or overflow",
            0x12 => "division or modulo by zero",
            0x21 => "enum overflow",
            0x22 => "invalid encoded storage byte array accessed",
            0x31 => "out-of-bounds array access; popping on an empty array",
            0x32 => "out-of-bounds access of an array or bytesliceSlice",
            0x41 => "out of memory",
            0x51 => "uninitialized function",
            _ => null,
        } : null;
        return known ?? $"unknown panic code: {code.ToHexQuantity()}";
    }
}
