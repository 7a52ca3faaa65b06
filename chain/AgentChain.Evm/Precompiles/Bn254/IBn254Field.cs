namespace AgentChain.Evm.Precompiles.Bn254;

/// <summary>The field operations curve arithmetic needs, so G1 (over Fp) and G2 (over Fp2) share one point implementation.</summary>
internal interface IBn254Field<T> where T : struct, IBn254Field<T>
{
    static abstract T Zero { get; }
    static abstract T One { get; }
    static abstract T operator +(T a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator -(T a);
    static abstract T operator *(T a, T b);
    T Square();
    T Inverse();
    bool IsZero { get; }
}
