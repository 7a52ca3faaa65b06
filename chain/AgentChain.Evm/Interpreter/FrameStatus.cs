namespace AgentChain.Evm.Interpreter;

/// <summary>How a frame is doing; everything after <see cref="Revert"/> is an exceptional halt that consumes all gas.</summary>
internal enum FrameStatus : byte
{
    Running,
    Stop,
    Return,
    Revert,
    OutOfGas,
    StackUnderflow,
    StackOverflow,
    InvalidJump,
    InvalidOpcode,
    StaticViolation,
    ReturnDataOutOfBounds,
    CreateCollisionOrInvalidCode,
}
