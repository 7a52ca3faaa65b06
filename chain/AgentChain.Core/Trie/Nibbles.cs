namespace AgentChain.Core.Trie;

/// <summary>Nibble paths and their hex-prefix encoding (Yellow Paper appendix C).</summary>
internal static class Nibbles
{
    public static byte[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var nibbles = new byte[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            nibbles[2 * i] = (byte)(bytes[i] >> 4);
            nibbles[2 * i + 1] = (byte)(bytes[i] & 0xF);
        }
        return nibbles;
    }

    public static byte[] ToBytes(ReadOnlySpan<byte> nibbles)
    {
        if ((nibbles.Length & 1) != 0) throw new InvalidOperationException("a key path must have an even number of nibbles");
        var bytes = new byte[nibbles.Length / 2];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)((nibbles[2 * i] << 4) | nibbles[2 * i + 1]);
        return bytes;
    }

    public static int CommonPrefix(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.CommonPrefixLength(b);

    public static bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceEqual(b);

    public static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => [.. a, .. b];
}
