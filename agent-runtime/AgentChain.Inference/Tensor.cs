using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AgentChain.Inference;

/// <summary>
/// A dense, row-major tensor: an element type, a shape and one flat array of elements. A tensor owns its array
/// and is treated as immutable once built (backends never write into their inputs), so it can be shared between
/// runs and threads and hashed for the inference commitment.
/// </summary>
public sealed class Tensor
{
    private readonly long[] _shape;

    private Tensor(TensorElementType elementType, long[] shape, Array data)
    {
        ElementType = elementType;
        _shape = shape;
        Data = data;
    }

    public TensorElementType ElementType { get; }

    /// <summary>Dimensions, outermost first. Empty for a scalar.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    public int Rank => _shape.Length;

    /// <summary>Number of elements: the product of the dimensions (1 for a scalar, 0 if any dimension is 0).</summary>
    public long ElementCount => Data.LongLength;

    /// <summary>The flat element array (its CLR type is <see cref="TensorElementTypes.ClrType"/> of <see cref="ElementType"/>). Do not modify.</summary>
    public Array Data { get; }

    /// <summary>Wraps <paramref name="data"/> (not copied: the tensor takes ownership) as a tensor of the given shape.</summary>
    public static Tensor Create<T>(T[] data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromArray(TensorElementTypes.Of<T>(), (long[])shape.Clone(), data);
    }

    /// <summary>A rank-0 tensor holding one value.</summary>
    public static Tensor Scalar<T>(T value) => Create(new[] { value });

    /// <summary>Wraps an array whose CLR element type matches <paramref name="elementType"/>; checks the element count against the shape.</summary>
    public static Tensor FromArray(TensorElementType elementType, long[] shape, Array data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        Type expected = TensorElementTypes.ClrType(elementType);
        if (data.GetType().GetElementType() != expected || data.Rank != 1)
            throw new ArgumentException($"a {elementType} tensor needs a {expected.Name}[] but got {data.GetType().Name}", nameof(data));
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d} in shape [{string.Join(",", shape)}]", nameof(shape));
            count = checked(count * d);
        }
        if (count != data.LongLength)
            throw new ArgumentException($"shape [{string.Join(",", shape)}] holds {count} elements but the data has {data.LongLength}", nameof(data));
        return new Tensor(elementType, shape, data);
    }

    /// <summary>The elements, read-only, as <typeparamref name="T"/>; throws if <typeparamref name="T"/> is not the storage type.</summary>
    public ReadOnlySpan<T> AsSpan<T>() => Data.GetType() == typeof(T[]) // exact: the CLR lets int[] pass as uint[]
        ? (T[])Data
        : throw new InvalidCastException($"tensor holds {ElementType} elements ({Data.GetType().GetElementType()?.Name}), not {typeof(T).Name}");

    /// <summary>The shape as a fresh array (for APIs that want one).</summary>
    public long[] ShapeToArray() => (long[])_shape.Clone();

    /// <summary>
    /// The elements as packed little-endian bytes, without copying (bool is one byte, 0 or 1). Not available for
    /// string tensors. The layout is the one ONNX <c>raw_data</c> uses, so it is the canonical form for hashing.
    /// </summary>
    public ReadOnlySpan<byte> AsBytes()
    {
        if (ElementType == TensorElementType.String)
            throw new InvalidOperationException("string tensors have no packed byte form");
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("packed tensor bytes assume a little-endian machine");
        int size = TensorElementTypes.SizeOf(ElementType);
        return MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(Data), checked((int)(Data.LongLength * size)));
    }

    /// <summary>True when both tensors have the same element type, shape and bit-identical elements (NaN payloads included).</summary>
    public bool BitwiseEquals(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ElementType != other.ElementType || !Shape.SequenceEqual(other.Shape)) return false;
        if (ElementType == TensorElementType.String)
            return AsSpan<string>().SequenceEqual(other.AsSpan<string>());
        return AsBytes().SequenceEqual(other.AsBytes());
    }

    public override string ToString() => $"{ElementType}[{string.Join(",", _shape)}]";
}
