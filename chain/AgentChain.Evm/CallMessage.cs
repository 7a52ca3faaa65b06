using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Evm;

public enum CallKind : byte { Call, CallCode, DelegateCall, StaticCall, Create, Create2 }

/// <summary>
/// A message to execute: a call (code of <see cref="CodeAddress"/> run in the context of <see cref="Target"/>)
/// or a creation (<see cref="Input"/> is initcode; the target address is derived).
/// </summary>
public readonly record struct CallMessage(
    CallKind Kind,
    Address Caller,
    Address Target,
    Address CodeAddress,
    UInt256 Value,
    byte[] Input,
    long Gas,
    int Depth,
    bool IsStatic,
    UInt256 Salt = default)
{
    /// <summary>Whether value moves from caller to target (DELEGATECALL only reports the parent's value).</summary>
    public bool TransfersValue => Kind is CallKind.Call or CallKind.CallCode or CallKind.Create or CallKind.Create2;
}

public enum CallStatus : byte { Success, Revert, Failure }

/// <summary>Outcome of a message: status, gas left to return to the caller, output (return or revert data).</summary>
public readonly record struct CallResult(CallStatus Status, long GasLeft, byte[] Output, Address CreatedAddress = default)
{
    public bool IsSuccess => Status == CallStatus.Success;
}
