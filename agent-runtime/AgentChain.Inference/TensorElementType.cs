namespace AgentChain.Inference;

/// <summary>
/// Element type of a tensor. The numeric values are exactly ONNX's <c>TensorProto.DataType</c> so a value read
/// from a model or a <c>.pb</c> tensor converts by cast, and a backend can hand it to a C API unchanged.
/// </summary>
public enum TensorElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}
