using System.Diagnostics;
using System.Numerics;

namespace AgentChain.Evm.Precompiles.Bn254;

/// <summary>
/// An element of the BN254 base field, always held reduced in [0, p). BigInteger arithmetic: correct and simple;
/// a 2-pair pairing check runs in tens of milliseconds (see the benchmark), far below its 113000 gas worth.
/// </summary>
internal readonly record struct Fp : IBn254Field<Fp>
{
    public static readonly BigInteger Modulus =
        BigInteger.Parse("21888242871839275222246405745257275088696311157297823662689037894645226208583");

    private static readonly BigInteger InversionExponent = Modulus - 2;

    public BigInteger Value { get; }

    private Fp(BigInteger reduced) => Value = reduced;

    /// <summary>Wraps a value the caller has already checked is below p (the precompiles reject inputs ≥ p).</summary>
    public static Fp FromCanonical(BigInteger value)
    {
        Debug.Assert(value.Sign >= 0 && value < Modulus);
        return new Fp(value);
    }

    public static Fp FromSmall(int value) => new(((value % Modulus) + Modulus) % Modulus);

    public static Fp Zero => default;
    public static Fp One { get; } = new(BigInteger.One);
    public bool IsZero => Value.IsZero;

    public static Fp operator +(Fp a, Fp b)
    {
        var sum = a.Value + b.Value;
        return new Fp(sum >= Modulus ? sum - Modulus : sum);
    }

    public static Fp operator -(Fp a, Fp b)
    {
        var difference = a.Value - b.Value;
        return new Fp(difference.Sign < 0 ? difference + Modulus : difference);
    }

    public static Fp operator -(Fp a) => a.IsZero ? a : new Fp(Modulus - a.Value);
    public static Fp operator *(Fp a, Fp b) => new(a.Value * b.Value % Modulus);
    public Fp Square() => new(Value * Value % Modulus);

    /// <summary>Fermat inverse a^(p−2); the inverse of zero is zero (callers never invert zero).</summary>
    public Fp Inverse() => new(BigInteger.ModPow(Value, InversionExponent, Modulus));
}
