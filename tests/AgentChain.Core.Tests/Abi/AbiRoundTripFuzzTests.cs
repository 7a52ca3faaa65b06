using System.Numerics;
using System.Text;
using AgentChain.Core.Abi;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Abi;

/// <summary>
/// Seeded random types and values: encode → decode must give the values back, re-encoding must give the same bytes,
/// and corrupted encodings must decode or fail with AbiException, nothing else. A failing case prints its seed.
/// </summary>
public class AbiRoundTripFuzzTests
{
    private const int Cases = 3000;
    private static readonly string[] TextPieces = ["a", "Z", "0", " ", "é", "€", "日本", "😀", "\n", "agent"];

    [Fact]
    public void RandomNestedTypes_RoundTrip()
    {
        for (int seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var types = Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomType(random, 3)).ToArray();
            var values = types.Select(t => RandomValue(random, t)).ToArray();
            string context = $"seed {seed}: ({string.Join(",", types.Select(t => t.CanonicalName))})";
            byte[] encoded;
            object?[] decoded;
            try
            {
                encoded = AbiCodec.Encode(types, values);
                decoded = AbiCodec.Decode(types, encoded);
            }
            catch (Exception e)
            {
                throw new Exception($"{context} failed: {e.Message}", e);
            }
            Assert.True(encoded.Length % 32 == 0, context);
            Assert.True(DeepEqual(values, decoded), $"{context}: decoded values differ");
            Assert.True(encoded.AsSpan().SequenceEqual(AbiCodec.Encode(types, decoded)), $"{context}: re-encoding differs");
            AssertTypeSignatureRoundTrips(types, context);
        }
    }

    [Fact]
    public void CorruptedEncodings_DecodeOrThrowAbiException_Only()
    {
        int rejected = 0, accepted = 0;
        for (int seed = 0; seed < Cases / 2; seed++)
        {
            var random = new Random(1_000_000 + seed);
            var types = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomType(random, 3)).ToArray();
            byte[] encoded = AbiCodec.Encode(types, types.Select(t => RandomValue(random, t)).ToArray());
            for (int m = 0; m < 3; m++)
            {
                byte[] corrupted = Corrupt(random, encoded);
                try
                {
                    AbiCodec.Decode(types, corrupted);
                    accepted++;
                }
                catch (AbiException)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    throw new Exception($"seed {1_000_000 + seed} mutation {m}: {e.GetType().Name} escaped: {e.Message}", e);
                }
            }
        }
        Assert.True(rejected > 0 && accepted > 0, $"mutations should produce both outcomes (rejected {rejected}, accepted {accepted})");
    }

    private static byte[] Corrupt(Random random, byte[] encoded)
    {
        byte[] copy = (byte[])encoded.Clone();
        switch (random.Next(5))
        {
            case 0 when copy.Length > 0:
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            case 1:
                return copy[..random.Next(copy.Length + 1)];
            case 2 when copy.Length >= 32:
            {
                // Overwrite a whole word with a large number: hits offsets and lengths.
                int word = random.Next(copy.Length / 32) * 32;
                random.NextBytes(copy.AsSpan(word, 32));
                if (random.Next(2) == 0) copy.AsSpan(word, 28).Clear();
                return copy;
            }
            case 3 when copy.Length >= 32:
            {
                int word = random.Next(copy.Length / 32) * 32;
                copy.AsSpan(word, 32).Clear();
                copy[word + 31] = (byte)random.Next(256);
                return copy;
            }
            default:
                return [.. copy, .. new byte[random.Next(1, 40)]];
        }
    }

    private static void AssertTypeSignatureRoundTrips(AbiType[] types, string context)
    {
        foreach (AbiType t in types) Assert.True(AbiType.Parse(t.CanonicalName) == t, context);
    }

    internal static AbiType RandomType(Random random, int depth)
    {
        int choice = random.Next(depth > 0 ? 11 : 8);
        return choice switch
        {
            0 => AbiType.UInt(8 * random.Next(1, 33)),
            1 => AbiType.Int(8 * random.Next(1, 33)),
            2 => AbiType.Address,
            3 => AbiType.Bool,
            4 => AbiType.FixedBytes(random.Next(1, 33)),
            5 => AbiType.Bytes,
            6 => AbiType.String,
            7 => random.Next(4) == 0 ? AbiType.Function : AbiType.UInt256,
            8 => AbiType.Array(RandomType(random, depth - 1)),
            9 => AbiType.FixedArray(RandomType(random, depth - 1), random.Next(0, 4)),
            _ => AbiType.Tuple(Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomType(random, depth - 1)).ToArray()),
        };
    }

    internal static object? RandomValue(Random random, AbiType type)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            {
                int bits = random.Next(0, type.Bits + 1);
                return UInt256.FromBigInteger(RandomBits(random, bits));
            }
            case AbiTypeKind.Int:
            {
                BigInteger magnitude = RandomBits(random, random.Next(0, type.Bits));
                return random.Next(2) == 0 ? magnitude : -magnitude - 1;
            }
            case AbiTypeKind.Address:
            {
                var bytes = new byte[20];
                random.NextBytes(bytes);
                return new Address(bytes);
            }
            case AbiTypeKind.Bool:
                return random.Next(2) == 1;
            case AbiTypeKind.FixedBytes or AbiTypeKind.Function:
            {
                var bytes = new byte[type.ByteCount];
                random.NextBytes(bytes);
                return bytes;
            }
            case AbiTypeKind.Bytes:
            {
                var bytes = new byte[random.Next(0, 70)];
                random.NextBytes(bytes);
                return bytes;
            }
            case AbiTypeKind.String:
            {
                var text = new StringBuilder();
                int pieces = random.Next(0, 12);
                for (int i = 0; i < pieces; i++) text.Append(TextPieces[random.Next(TextPieces.Length)]);
                return text.ToString();
            }
            case AbiTypeKind.DynamicArray:
                return Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, type.ElementType!)).ToArray();
            case AbiTypeKind.FixedArray:
                return Enumerable.Range(0, type.ArrayLength).Select(_ => RandomValue(random, type.ElementType!)).ToArray();
            default:
                return type.Components.Select(c => RandomValue(random, c)).ToArray();
        }
    }

    /// <summary>A non-negative number below 2^bits, biased towards the edges where encoding bugs live.</summary>
    private static BigInteger RandomBits(Random random, int bits)
    {
        if (bits == 0) return BigInteger.Zero;
        BigInteger max = (BigInteger.One << bits) - 1;
        switch (random.Next(4))
        {
            case 0: return max;
            case 1: return BigInteger.One << (bits - 1);
            default:
                var bytes = new byte[(bits + 7) / 8 + 1];
                random.NextBytes(bytes);
                bytes[^1] = 0;
                return new BigInteger(bytes) & max;
        }
    }

    private static bool DeepEqual(object? expected, object? actual) => (expected, actual) switch
    {
        (object?[] e, object?[] a) => e.Length == a.Length && e.Zip(a).All(p => DeepEqual(p.First, p.Second)),
        (byte[] e, byte[] a) => e.AsSpan().SequenceEqual(a),
        _ => Equals(expected, actual),
    };
}
