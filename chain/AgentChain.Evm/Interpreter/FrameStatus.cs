namespace AgentChain.Evm.Interpreter;

/// <summary>How a frame is doing; everything after <see cref="Revert"/> is an exceptional halt that consumes all gas.</summary>
internal enum FrameStatus : byte
{
    Running,
    Stop,
    Return,
    Revert,
    OutOfGas,
    /// <summary>Out of gas because SSTORE ran on the call stipend alone (EIP-2200); told apart only for tracers' wording.</summary>
    OutOfGasForSstoreSentry,
    StackUnderflow,
    StackOverflow,
    InvalidJump,
    InvalidOpcode,
    StaticViolation,
    ReturnDataOutOfBounds,
    CreateCollisionOrInvalidCode,
}
