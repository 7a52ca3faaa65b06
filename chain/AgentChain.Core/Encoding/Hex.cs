using System.Runtime.CompilerServices;

namespace AgentChain.Core.Encoding;

/// <summary>
/// Hex encoding as Ethereum uses it: lower-case, optional "0x" prefix on input, always emitted on output.
/// Parsing is strict: an odd number of digits or any non-hex character is an error, never a silent truncation.
/// </summary>
public static class Hex
{
    private static ReadOnlySpan<byte> LowerDigits => "0123456789abcdef"u8;

    /// <summary>Strips an optional 0x / 0X prefix.</summary>
    public static ReadOnlySpan<char> StripPrefix(ReadOnlySpan<char> text) =>
        text.Length >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') ? text[2..] : text;

    public static bool HasPrefix(ReadOnlySpan<char> text) =>
        text.Length >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');

    /// <summary>Decodes hex (with or without 0x) to bytes; throws <see cref="HexFormatException"/> on malformed input.</summary>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> digits = StripPrefix(text);
        if ((digits.Length & 1) != 0)
            throw new HexFormatException($"hex string has an odd number of digits ({digits.Length}); each byte needs two digits");
        var result = new byte[digits.Length / 2];
        Decode(text, result);
        return result;
    }

    /// <summary>Decodes hex into <paramref name="destination"/>, which must be exactly half the digit count.</summary>
    public static void Decode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        ReadOnlySpan<char> digits = StripPrefix(text);
        if ((digits.Length & 1) != 0)
            throw new HexFormatException($"hex string has an odd number of digits ({digits.Length}); each byte needs two digits");
        if (digits.Length / 2 != destination.Length)
            throw new HexFormatException($"expected {destination.Length} bytes ({destination.Length * 2} hex digits), got {digits.Length} digits");
        for (int i = 0; i < destination.Length; i++)
        {
            int hi = DigitValue(digits[2 * i]);
            int lo = DigitValue(digits[2 * i + 1]);
            if ((hi | lo) < 0)
            {
                int bad = hi < 0 ? 2 * i : 2 * i + 1;
                throw new HexFormatException($"invalid hex character '{Printable(digits[bad])}' at position {bad + (HasPrefix(text) ? 2 : 0)}");
            }
            destination[i] = (byte)((hi << 4) | lo);
        }
    }

    /// <summary>Tries to decode; returns false instead of throwing.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        ReadOnlySpan<char> digits = StripPrefix(text);
        bytes = [];
        if ((digits.Length & 1) != 0) return false;
        var result = new byte[digits.Length / 2];
        for (int i = 0; i < result.Length; i++)
        {
            int hi = DigitValue(digits[2 * i]);
            int lo = DigitValue(digits[2 * i + 1]);
            if ((hi | lo) < 0) return false;
            result[i] = (byte)((hi << 4) | lo);
        }
        bytes = result;
        return true;
    }

    /// <summary>Encodes bytes as lower-case hex with a 0x prefix.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes, bool prefix = true)
    {
        int offset = prefix ? 2 : 0;
        int length = offset + bytes.Length * 2;
        Span<char> chars = length <= 1024 ? stackalloc char[length] : new char[length];
        if (prefix) { chars[0] = '0'; chars[1] = 'x'; }
        Write(bytes, chars[offset..]);
        return new string(chars);
    }

    /// <summary>Writes lower-case hex digits (no prefix) into <paramref name="destination"/> (2 chars per byte).</summary>
    public static void Write(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        if (destination.Length < bytes.Length * 2)
            throw new ArgumentException("destination too small for hex output", nameof(destination));
        for (int i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = (char)LowerDigits[bytes[i] >> 4];
            destination[2 * i + 1] = (char)LowerDigits[bytes[i] & 0xF];
        }
    }

    /// <summary>Quantity encoding of JSON-RPC ("0x0", "0x1a"): no leading zeros.</summary>
    public static string EncodeQuantity(ulong value) => "0x" + value.ToString("x");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DigitValue(char c)
    {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    internal static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
