using System.Runtime.CompilerServices;

namespace AgentChain.Core.Numerics;

// Narrowing conversions (checked, like C#'s own) and small helpers that sit next to them.
public readonly partial struct UInt256
{
    /// <summary>The smaller of two values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 Min(UInt256 a, UInt256 b) => a < b ? a : b;

    /// <summary>The larger of two values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 Max(UInt256 a, UInt256 b) => a > b ? a : b;

    /// <summary>True and the value when it fits in 64 bits; false and 0 otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetUInt64(out ulong value)
    {
        bool fits = (U1 | U2 | U3) == 0;
        value = fits ? U0 : 0;
        return fits;
    }

    /// <summary>The value as a uint; throws <see cref="OverflowException"/> if it does not fit.</summary>
    public static explicit operator uint(UInt256 value) =>
        value.IsUInt64 && value.U0 <= uint.MaxValue ? (uint)value.U0 : throw new OverflowException($"{value} does not fit in a uint");

    /// <summary>The value as an int; throws <see cref="OverflowException"/> if it does not fit.</summary>
    public static explicit operator int(UInt256 value) =>
        value.IsUInt64 && value.U0 <= int.MaxValue ? (int)value.U0 : throw new OverflowException($"{value} does not fit in an int");

    /// <summary>The value as a long; throws <see cref="OverflowException"/> if it does not fit.</summary>
    public static explicit operator long(UInt256 value) =>
        value.IsUInt64 && value.U0 <= long.MaxValue ? (long)value.U0 : throw new OverflowException($"{value} does not fit in a long");
}
