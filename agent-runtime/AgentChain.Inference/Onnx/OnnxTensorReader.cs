using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace AgentChain.Inference.Onnx;

/// <summary>Converts ONNX <c>TensorProto</c>s (initializers, constant attributes, backend-test <c>.pb</c> files) to <see cref="Tensor"/>s.</summary>
internal static class OnnxTensorReader
{
    /// <summary>Parses a serialized <c>TensorProto</c> (the format of the backend tests' input_N.pb / output_N.pb).</summary>
    public static Tensor Parse(ReadOnlySpan<byte> bytes)
    {
        TensorProto proto;
        try
        {
            proto = TensorProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidModelException($"not a serialized ONNX TensorProto: {e.Message}", e);
        }
        return ToTensor(proto);
    }

    public static Tensor ToTensor(TensorProto proto)
    {
        string what = string.IsNullOrEmpty(proto.Name) ? "tensor" : $"tensor '{proto.Name}'";
        if (proto.DataLocation == TensorProto.Types.DataLocation.External || proto.ExternalData.Count > 0)
            throw new InvalidModelException($"{what} keeps its data in an external file; models with external data are not supported — re-save the model with all tensors inside the .onnx file");
        if (proto.Segment is not null)
            throw new InvalidModelException($"{what} is a segment of a larger tensor; segmented tensors are not supported");

        var type = (TensorElementType)proto.DataType;
        long[] shape = proto.Dims.ToArray();
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0) throw new InvalidModelException($"{what} has negative dimension {d}");
            count = checked(count * d);
        }
        if (count > Array.MaxLength) throw new InvalidModelException($"{what} has {count} elements, more than one array can hold");
        int n = (int)count;

        Array data = proto.HasRawData ? FromRaw(type, proto.RawData.Span, n, what) : FromTyped(type, proto, n, what);
        if (data.Length != n)
            throw new InvalidModelException($"{what}: shape [{string.Join(",", shape)}] needs {n} elements but the data holds {data.Length}");
        return Tensor.FromArray(type, shape, data);
    }

    private static Array FromRaw(TensorElementType type, ReadOnlySpan<byte> raw, int n, string what)
    {
        if (type == TensorElementType.String)
            throw new InvalidModelException($"{what}: string tensors cannot use raw_data");
        int size = Size(type, what);
        if (raw.Length != (long)n * size)
            throw new InvalidModelException($"{what}: raw_data has {raw.Length} bytes but {n} {type} elements need {(long)n * size}");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("reading raw_data assumes a little-endian machine");
        switch (type)
        {
            case TensorElementType.Bool:
            {
                // raw bools are one byte each; normalise to 0/1 so the managed bool array is canonical.
                var result = new bool[n];
                for (int i = 0; i < n; i++) result[i] = raw[i] != 0;
                return result;
            }
            default:
            {
                Array result = Array.CreateInstance(TensorElementTypes.ClrType(type), n);
                raw.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(result), raw.Length));
                return result;
            }
        }
    }

    private static Array FromTyped(TensorElementType type, TensorProto p, int n, string what)
    {
        switch (type)
        {
            case TensorElementType.Float: return p.FloatData.ToArray();
            case TensorElementType.Double: return p.DoubleData.ToArray();
            case TensorElementType.Int64: return p.Int64Data.ToArray();
            case TensorElementType.Int32: return p.Int32Data.ToArray();
            // Narrow integer, bool and float16 elements travel widened in int32_data (float16 as its bit pattern).
            case TensorElementType.Int16: return p.Int32Data.Select(v => (short)v).ToArray();
            case TensorElementType.Int8: return p.Int32Data.Select(v => (sbyte)v).ToArray();
            case TensorElementType.UInt16: return p.Int32Data.Select(v => (ushort)v).ToArray();
            case TensorElementType.UInt8: return p.Int32Data.Select(v => (byte)v).ToArray();
            case TensorElementType.Bool: return p.Int32Data.Select(v => v != 0).ToArray();
            case TensorElementType.Float16: return p.Int32Data.Select(v => BitConverter.UInt16BitsToHalf((ushort)v)).ToArray();
            case TensorElementType.UInt32: return p.Uint64Data.Select(v => (uint)v).ToArray();
            case TensorElementType.UInt64: return p.Uint64Data.ToArray();
            case TensorElementType.String: return p.StringData.Select(s => s.ToStringUtf8()).ToArray();
            default:
                _ = Size(type, what);
                throw new InvalidModelException($"{what}: element type {type} is not supported");
        }
    }

    private static int Size(TensorElementType type, string what) => type switch
    {
        TensorElementType.Undefined or TensorElementType.Complex64 or TensorElementType.Complex128 or TensorElementType.BFloat16
            => throw new InvalidModelException($"{what}: element type {type} is not supported"),
        _ when Enum.IsDefined(type) => TensorElementTypes.SizeOf(type),
        _ => throw new InvalidModelException($"{what}: unknown element type {(int)type}"),
    };

    /// <summary>Serializes a tensor as a <c>TensorProto</c> with raw_data (strings in string_data), the inverse of <see cref="ToTensor"/>.</summary>
    public static TensorProto ToProto(Tensor tensor, string name = "")
    {
        var proto = new TensorProto { DataType = (int)tensor.ElementType, Name = name };
        proto.Dims.AddRange(tensor.ShapeToArray());
        if (tensor.ElementType == TensorElementType.String)
            proto.StringData.AddRange(tensor.AsSpan<string>().ToArray().Select(ByteString.CopyFromUtf8));
        else
            proto.RawData = ByteString.CopyFrom(tensor.AsBytes());
        return proto;
    }
}
