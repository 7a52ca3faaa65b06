namespace AgentChain.Inference;

/// <summary>One dimension of a declared input/output shape: a fixed size, a symbolic name (e.g. "batch"), or unknown.</summary>
public readonly record struct TensorDimension(long? Value, string? Symbol)
{
    public static TensorDimension Fixed(long value) => new(value, null);

    public static TensorDimension Symbolic(string symbol) => new(null, symbol);

    public static readonly TensorDimension Unknown = new(null, null);

    public bool IsFixed => Value.HasValue;

    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Symbol ?? "?";
}
