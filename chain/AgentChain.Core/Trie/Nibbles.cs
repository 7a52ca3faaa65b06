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

    /// <summary>
    /// Hex-prefix encoding: the first nibble carries two flags (bit 1: leaf, bit 0: odd length); an odd
    /// path puts its first nibble beside the flags, an even one pads with a zero nibble.
    /// </summary>
    public static byte[] HexPrefix(ReadOnlySpan<byte> path, bool isLeaf)
    {
        bool odd = (path.Length & 1) != 0;
        var encoded = new byte[path.Length / 2 + 1];
        int flags = (isLeaf ? 2 : 0) | (odd ? 1 : 0);
        int index = 0;
        if (odd)
        {
            encoded[0] = (byte)((flags << 4) | path[0]);
            index = 1;
        }
        else
        {
            encoded[0] = (byte)(flags << 4);
        }
        for (int i = 1; index < path.Length; i++, index += 2)
            encoded[i] = (byte)((path[index] << 4) | path[index + 1]);
        return encoded;
    }

    public static int CommonPrefix(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.CommonPrefixLength(b);

    public static bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceEqual(b);

    public static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => [.. a, .. b];
}
