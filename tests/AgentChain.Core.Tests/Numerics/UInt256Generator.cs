using AgentChain.Core.Numerics;

namespace AgentChain.Core.Tests.Numerics;

/// <summary>
/// Seeded source of UInt256 operands that mixes uniform values with the shapes that break big-integer code:
/// zero limbs, limb boundaries, powers of two and their neighbours, the signed extremes, and divisor/dividend
/// pairs that drive Knuth's Algorithm D into its rare correction and add-back steps. Same seed, same sequence.
/// </summary>
internal sealed class UInt256Generator
{
    private static readonly ulong[] InterestingLimbs =
    [
        0, 1, 2, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0x8000_0000_0000_0001,
        0xFFFF_FFFF_FFFF_FFFE, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_0000_FFFF_FFFF, 0xFFFF_FFFF_0000_0000,
    ];

    /// <summary>Values every operation is checked on in all pairs before any random case.</summary>
    public static readonly UInt256[] EdgeValues = BuildEdgeValues();

    private readonly Random _random;

    public UInt256Generator(int seed) => _random = new Random(seed);

    public int NextInt(int maxExclusive) => _random.Next(maxExclusive);

    public ulong NextLimb() => (ulong)_random.NextInt64() ^ ((ulong)_random.Next(2) << 63);

    private ulong NextInterestingOrRandomLimb() =>
        _random.Next(3) == 0 ? NextLimb() : InterestingLimbs[_random.Next(InterestingLimbs.Length)];

    /// <summary>One operand, drawn from a mix of shapes.</summary>
    public UInt256 Next()
    {
        switch (_random.Next(12))
        {
            case 0:
            case 1:
                return new UInt256(NextLimb(), NextLimb(), NextLimb(), NextLimb());
            case 2:
                // Random limbs, each zero half the time.
                return new UInt256(MaybeZero(NextLimb()), MaybeZero(NextLimb()), MaybeZero(NextLimb()), MaybeZero(NextLimb()));
            case 3:
                return EdgeValues[_random.Next(EdgeValues.Length)];
            case 4:
            {
                // 2^k - 1, 2^k, 2^k + 1
                UInt256 power = UInt256.One << _random.Next(256);
                return (_random.Next(3) - 1) switch { -1 => power - UInt256.One, 0 => power, _ => power + UInt256.One };
            }
            case 5:
                return new UInt256((ulong)_random.Next(1000));
            case 6:
                return NextWithLimbs(1 + _random.Next(4));
            case 7:
                // Limbs at the boundaries (0x8000..., 0xFFFF..., 0x7FFF..., ...) in every position.
                return new UInt256(NextInterestingOrRandomLimb(), NextInterestingOrRandomLimb(),
                    NextInterestingOrRandomLimb(), NextInterestingOrRandomLimb());
            case 8:
                // Small negative numbers in two's complement.
                return UInt256.Negate(new UInt256((ulong)_random.Next(1000)));
            case 9:
                // Uniform below a random bit length.
                return new UInt256(NextLimb(), NextLimb(), NextLimb(), NextLimb()) >> _random.Next(256);
            default:
                return UInt256.Negate(new UInt256(NextLimb(), NextLimb(), NextLimb(), NextLimb()) >> _random.Next(256));
        }
    }

    /// <summary>A value with exactly <paramref name="limbs"/> significant limbs; the top one is often normalised or nearly so.</summary>
    public UInt256 NextWithLimbs(int limbs)
    {
        ulong top = _random.Next(4) switch
        {
            0 => 0x8000_0000_0000_0000 | (NextLimb() >> _random.Next(1, 64)),
            1 => InterestingLimbs[1 + _random.Next(InterestingLimbs.Length - 1)],
            _ => NextLimb() | 1UL << _random.Next(64),
        };
        if (top == 0) top = 1;
        ulong Lower() => _random.Next(4) == 0 ? InterestingLimbs[_random.Next(InterestingLimbs.Length)] : NextLimb();
        return limbs switch
        {
            1 => new UInt256(top),
            2 => new UInt256(Lower(), top),
            3 => new UInt256(Lower(), Lower(), top),
            _ => new UInt256(Lower(), Lower(), Lower(), top),
        };
    }

    /// <summary>
    /// A dividend/divisor pair. Half the time the dividend is q·d + r for a small q and an r near 0 or near d,
    /// so the quotient digits sit right at the estimate's error boundary (Knuth D3's refinement and D6's add-back).
    /// </summary>
    public (UInt256 Dividend, UInt256 Divisor) NextDivisionPair()
    {
        int shape = _random.Next(4);
        if (shape == 0) return (Next(), Next());
        UInt256 divisor = NextWithLimbs(1 + _random.Next(4));
        if (shape == 1) return (Next(), divisor);
        int divisorLimbs = (divisor.BitLength + 63) / 64;
        UInt256 quotient = NextWithLimbs(1 + _random.Next(5 - divisorLimbs));
        UInt256 product = quotient * divisor;
        UInt256 offset = new((ulong)_random.Next(4));
        UInt256 dividend = _random.Next(3) switch
        {
            0 => product + offset,
            1 => product - offset,
            _ => product + divisor - UInt256.One - offset,
        };
        return (dividend, divisor);
    }

    private ulong MaybeZero(ulong limb) => _random.Next(2) == 0 ? 0 : limb;

    private static UInt256[] BuildEdgeValues()
    {
        UInt256 max = UInt256.MaxValue;
        UInt256 signMin = UInt256.One << 255;
        var values = new List<UInt256>
        {
            UInt256.Zero, UInt256.One, new(2), new(3), new(7), new(8), new(31), new(32), new(255), new(256),
            max, max - UInt256.One, max - new UInt256(2),
            signMin, signMin - UInt256.One, signMin + UInt256.One,
            new(ulong.MaxValue), new(0, 1), new(ulong.MaxValue, ulong.MaxValue), new(0, 0, 1),
            new(0, 0, 0, 1), new(0, 0x8000_0000_0000_0000), new(0, 0, 0x8000_0000_0000_0000),
            new(0x8000_0000_0000_0000), new(ulong.MaxValue, 0x8000_0000_0000_0000),
            new(0, 0, ulong.MaxValue, 0x8000_0000_0000_0000),
            new(1, 1, 1, 1), new(ulong.MaxValue, 0, ulong.MaxValue, 0), new(0, ulong.MaxValue, 0, ulong.MaxValue),
            UInt256.Negate(UInt256.One), UInt256.Negate(new UInt256(2)),
        };
        foreach (int k in new[] { 63, 64, 65, 127, 128, 129, 191, 192, 193, 254 })
            values.Add(UInt256.One << k);
        return [.. values];
    }
}
