using AgentChain.Core.Numerics;

namespace AgentChain.Core.Tests.Numerics;

/// <summary>
/// Runs one property over every pair of edge values and then random cases up to <see cref="Cases"/>, with a
/// seed derived from the operation's name. Set AGENTCHAIN_UINT256_SEED to run with another base seed; every
/// failure message names the seed and case so it reproduces exactly.
/// </summary>
internal static class UInt256PropertyRunner
{
    public const int Cases = 100_000;

    public static readonly int BaseSeed =
        int.TryParse(Environment.GetEnvironmentVariable("AGENTCHAIN_UINT256_SEED"), out int seed) ? seed : 20250101;

    /// <summary>A stable per-operation seed (string.GetHashCode is randomised per process, so not that).</summary>
    public static int SeedFor(string operation)
    {
        int seed = BaseSeed;
        foreach (char c in operation) seed = unchecked(seed * 31 + c);
        return seed;
    }

    /// <summary>
    /// Checks <paramref name="check"/> on all edge pairs, then on pairs from <paramref name="next"/> until
    /// <paramref name="cases"/> in total. The check returns null when the case passes, or what went wrong.
    /// </summary>
    public static int ForPairs(string operation, Func<UInt256Generator, (UInt256, UInt256)> next,
        Func<UInt256, UInt256, string?> check, int cases = Cases)
    {
        int seed = SeedFor(operation);
        var generator = new UInt256Generator(seed);
        UInt256[] edges = UInt256Generator.EdgeValues;
        int count = 0;
        foreach (UInt256 a in edges)
            foreach (UInt256 b in edges)
                Verify(operation, seed, count++, a, b, null, check(a, b));
        while (count < cases)
        {
            (UInt256 a, UInt256 b) = next(generator);
            Verify(operation, seed, count++, a, b, null, check(a, b));
        }
        return count;
    }

    /// <summary>Like <see cref="ForPairs"/> for three operands (ADDMOD, MULMOD): edge triples are edge pairs with an edge modulus.</summary>
    public static int ForTriples(string operation, Func<UInt256Generator, (UInt256, UInt256, UInt256)> next,
        Func<UInt256, UInt256, UInt256, string?> check, int cases = Cases)
    {
        int seed = SeedFor(operation);
        var generator = new UInt256Generator(seed);
        UInt256[] edges = UInt256Generator.EdgeValues;
        int count = 0;
        foreach (UInt256 a in edges)
            foreach (UInt256 b in edges)
            {
                UInt256 m = edges[(count * 7) % edges.Length];
                Verify(operation, seed, count++, a, b, m, check(a, b, m));
            }
        while (count < cases)
        {
            (UInt256 a, UInt256 b, UInt256 m) = next(generator);
            Verify(operation, seed, count++, a, b, m, check(a, b, m));
        }
        return count;
    }

    /// <summary>Null when expected equals actual; otherwise both, in hex.</summary>
    public static string? Compare(UInt256 expected, UInt256 actual, string what = "result") =>
        expected == actual ? null : $"{what}: expected {expected.ToHexQuantity()}, got {actual.ToHexQuantity()}";

    public static string? Compare(bool expected, bool actual, string what = "result") =>
        expected == actual ? null : $"{what}: expected {expected}, got {actual}";

    public static string? All(params string?[] failures)
    {
        foreach (string? failure in failures)
            if (failure is not null) return failure;
        return null;
    }

    private static void Verify(string operation, int seed, int index, UInt256 a, UInt256 b, UInt256? m, string? failure)
    {
        if (failure is null) return;
        string operands = m is { } modulus
            ? $"a={a.ToHexQuantity()} b={b.ToHexQuantity()} m={modulus.ToHexQuantity()}"
            : $"a={a.ToHexQuantity()} b={b.ToHexQuantity()}";
        Assert.Fail($"{operation} failed on case {index} (seed {seed}; base seed {BaseSeed}, set AGENTCHAIN_UINT256_SEED to change it): {operands}: {failure}");
    }
}
