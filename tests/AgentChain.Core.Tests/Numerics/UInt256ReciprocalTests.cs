using AgentChain.Core.Numerics;

namespace AgentChain.Core.Tests.Numerics;

/// <summary>
/// The division-free reciprocal every 128/64 division step relies on, against the definition
/// floor((2^128 - 1) / d) - 2^64 computed by UInt128 division.
/// </summary>
public class UInt256ReciprocalTests
{
    private static ulong Expected(ulong d) => (ulong)(UInt128.MaxValue / d);

    [Fact]
    public void MatchesTheDefinitionAtEveryTableBoundary()
    {
        // Each of the 256 table cells, at its lowest and highest divisor and just inside both ends.
        for (ulong d9 = 256; d9 < 512; d9++)
        {
            ulong lowest = d9 << 55;
            ulong highest = lowest | ((1UL << 55) - 1);
            foreach (ulong d in new[] { lowest, lowest + 1, lowest + 2, highest, highest - 1, highest - 2, lowest | (1UL << 54) })
                Assert.True(Expected(d) == UInt256.Reciprocal(d), $"d = 0x{d:x16}");
        }
    }

    [Fact]
    public void MatchesTheDefinitionOnRandomDivisors()
    {
        int seed = UInt256PropertyRunner.SeedFor("RECIPROCAL");
        var random = new Random(seed);
        for (int i = 0; i < 1_000_000; i++)
        {
            ulong d = (ulong)random.NextInt64() | (1UL << 63);
            // Also divisors with long runs of ones or zeros below the top bit.
            if ((i & 3) == 1) d |= (1UL << random.Next(64)) - 1;
            if ((i & 3) == 2) d &= ~((1UL << random.Next(63)) - 1);
            ulong expected = Expected(d), actual = UInt256.Reciprocal(d);
            if (expected != actual)
                Assert.Fail($"reciprocal of 0x{d:x16} (seed {seed}, case {i}): expected 0x{expected:x16}, got 0x{actual:x16}");
        }
    }
}
