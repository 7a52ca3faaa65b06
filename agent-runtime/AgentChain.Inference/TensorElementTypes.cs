namespace AgentChain.Inference;

/// <summary>Maps between <see cref="TensorElementType"/> and the CLR element type a <see cref="Tensor"/> stores.</summary>
public static class TensorElementTypes
{
    /// <summary>The CLR type of the array behind a tensor of this element type (string tensors hold UTF-8 decoded strings, float16 holds <see cref="Half"/>).</summary>
    public static Type ClrType(TensorElementType type) =>
        TryGetClrType(type, out Type? clrType) ? clrType : throw new NotSupportedException($"tensor element type {type} has no managed representation here");

    /// <summary>The CLR type for <paramref name="type"/>, or false when tensors of it cannot be held yet (bfloat16, complex).</summary>
    public static bool TryGetClrType(TensorElementType type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? clrType)
    {
        clrType = type switch
        {
            TensorElementType.Float => typeof(float),
            TensorElementType.Double => typeof(double),
            TensorElementType.Float16 => typeof(Half),
            TensorElementType.Int8 => typeof(sbyte),
            TensorElementType.Int16 => typeof(short),
            TensorElementType.Int32 => typeof(int),
            TensorElementType.Int64 => typeof(long),
            TensorElementType.UInt8 => typeof(byte),
            TensorElementType.UInt16 => typeof(ushort),
            TensorElementType.UInt32 => typeof(uint),
            TensorElementType.UInt64 => typeof(ulong),
            TensorElementType.Bool => typeof(bool),
            TensorElementType.String => typeof(string),
            _ => null,
        };
        return clrType is not null;
    }

    /// <summary>The element type whose storage is <typeparamref name="T"/>.</summary>
    public static TensorElementType Of<T>() => Of(typeof(T));

    public static TensorElementType Of(Type clrType)
    {
        if (clrType == typeof(float)) return TensorElementType.Float;
        if (clrType == typeof(double)) return TensorElementType.Double;
        if (clrType == typeof(Half)) return TensorElementType.Float16;
        if (clrType == typeof(sbyte)) return TensorElementType.Int8;
        if (clrType == typeof(short)) return TensorElementType.Int16;
        if (clrType == typeof(int)) return TensorElementType.Int32;
        if (clrType == typeof(long)) return TensorElementType.Int64;
        if (clrType == typeof(byte)) return TensorElementType.UInt8;
        if (clrType == typeof(ushort)) return TensorElementType.UInt16;
        if (clrType == typeof(uint)) return TensorElementType.UInt32;
        if (clrType == typeof(ulong)) return TensorElementType.UInt64;
        if (clrType == typeof(bool)) return TensorElementType.Bool;
        if (clrType == typeof(string)) return TensorElementType.String;
        throw new NotSupportedException($"{clrType} is not a tensor element type");
    }

    /// <summary>Bytes per element in the packed little-endian layout (0 for strings).</summary>
    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 => 8,
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Float16 or TensorElementType.BFloat16 or TensorElementType.Int16 or TensorElementType.UInt16 => 2,
        TensorElementType.Int8 or TensorElementType.UInt8 or TensorElementType.Bool => 1,
        TensorElementType.String => 0,
        _ => throw new NotSupportedException($"tensor element type {type} has no fixed size here"),
    };
}
