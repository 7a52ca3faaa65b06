using AgentChain.Core.Numerics;

namespace AgentChain.Core.Abi;

/// <summary>The codes of Solidity's <c>Panic(uint256)</c> (Solidity docs, "Panic via assert and Error via require").</summary>
public static class PanicCode
{
    public const byte Generic = 0x00;
    public const byte AssertionFailed = 0x01;
    public const byte ArithmeticOverflow = 0x11;
    public const byte DivisionByZero = 0x12;
    public const byte InvalidEnumValue = 0x21;
    public const byte InvalidStorageByteArray = 0x22;
    public const byte PopOnEmptyArray = 0x31;
    public const byte IndexOutOfBounds = 0x32;
    public const byte OutOfMemory = 0x41;
    public const byte InvalidInternalFunction = 0x51;

    /// <summary>What the compiler meant by <paramref name="code"/>; unknown codes are said to be unknown, not guessed.</summary>
    public static string Describe(UInt256 code)
    {
        if (!code.IsUInt64 || code.U0 > byte.MaxValue) return $"unknown panic code {code.ToHexQuantity()}";
        return (byte)code.U0 switch
        {
            Generic => "generic compiler panic",
            AssertionFailed => "assertion failed (assert)",
            ArithmeticOverflow => "arithmetic overflow or underflow outside an unchecked block",
            DivisionByZero => "division or modulo by zero",
            InvalidEnumValue => "conversion of a value too big or negative into an enum",
            InvalidStorageByteArray => "access to an incorrectly encoded storage byte array",
            PopOnEmptyArray => "pop() on an empty array",
            IndexOutOfBounds => "array index out of bounds",
            OutOfMemory => "too much memory allocated or an array too large",
            InvalidInternalFunction => "call to a zero-initialized internal function variable",
            _ => $"unknown panic code {code.ToHexQuantity()}",
        };
    }
}
