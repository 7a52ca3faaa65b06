using System.Buffers.Binary;
using AgentChain.Core.Types;

namespace AgentChain.Evm.Precompiles;

/// <summary>
/// 0x09 BLAKE2 F (EIP-152). Input is exactly 213 bytes: rounds (4, big-endian) ‖ h (64) ‖ m (128) ‖ t (16) ‖ f (1);
/// words are little-endian as in BLAKE2b. Gas = rounds. A wrong length or a final flag other than 0/1 fails.
/// </summary>
public sealed class Blake2FPrecompile : IPrecompile
{
    private const int InputLength = 213;

    public Address Address { get; } = PrecompileSet.AddressOf(9);

    // A malformed input costs nothing to price; the run then fails and consumes the call's gas.
    public long GasCost(ReadOnlySpan<byte> input) =>
        input.Length == InputLength ? BinaryPrimitives.ReadUInt32BigEndian(input) : 0;

    public PrecompileResult Run(ReadOnlySpan<byte> input)
    {
        if (input.Length != InputLength)
            return PrecompileResult.Fail($"blake2f input must be exactly {InputLength} bytes, got {input.Length}");
        var finalFlag = input[212];
        if (finalFlag > 1)
            return PrecompileResult.Fail($"blake2f final block flag must be 0 or 1, got {finalFlag}");

        var rounds = BinaryPrimitives.ReadUInt32BigEndian(input);
        Span<ulong> state = stackalloc ulong[8];
        for (var i = 0; i < 8; i++) state[i] = BinaryPrimitives.ReadUInt64LittleEndian(input[(4 + 8 * i)..]);
        Span<ulong> message = stackalloc ulong[16];
        for (var i = 0; i < 16; i++) message[i] = BinaryPrimitives.ReadUInt64LittleEndian(input[(68 + 8 * i)..]);
        var t0 = BinaryPrimitives.ReadUInt64LittleEndian(input[196..]);
        var t1 = BinaryPrimitives.ReadUInt64LittleEndian(input[204..]);

        Blake2Compression.Compress(rounds, state, message, t0, t1, finalFlag == 1);

        var output = new byte[64];
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(output.AsSpan(8 * i), state[i]);
        return PrecompileResult.Ok(output);
    }
}
