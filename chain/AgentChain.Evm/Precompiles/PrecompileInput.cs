namespace AgentChain.Evm.Precompiles;

/// <summary>
/// Reading precompile input the way the EVM reads call data: bytes past the end of the input are zero, so a
/// short input behaves exactly like one right-padded with zeros (and nothing is allocated for the padding).
/// </summary>
internal static class PrecompileInput
{
    /// <summary>Fills <paramref name="destination"/> from <paramref name="input"/> at <paramref name="offset"/>, zero past the end.</summary>
    public static void Read(ReadOnlySpan<byte> input, ulong offset, Span<byte> destination)
    {
        destination.Clear();
        if (offset >= (ulong)input.Length) return;
        var available = input[(int)offset..];
        var count = Math.Min(available.Length, destination.Length);
        available[..count].CopyTo(destination);
    }

    /// <summary>Number of 32-byte words covering <paramref name="length"/> bytes (the unit of per-word gas).</summary>
    public static long WordCount(int length) => (length + 31L) / 32;
}
