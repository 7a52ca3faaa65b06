using System.Runtime.InteropServices;
using System.Security.Cryptography;
using AgentChain.Core.Types;
using AgentChain.Inference.OnnxRuntime.Native;

namespace AgentChain.Inference.OnnxRuntime;

/// <summary>
/// One model loaded into ONNX Runtime. Runs may be issued from several threads (ORT's <c>Run</c> is thread-safe on a
/// session). Inputs are passed to ORT without a copy (pinned managed arrays wrapped by
/// <c>CreateTensorWithDataAsOrtValue</c>); outputs are copied out of ORT's buffers into fresh arrays and released.
/// </summary>
public sealed unsafe class OnnxRuntimeSession : IInferenceSession
{
    private readonly OrtRuntime _runtime;
    private readonly OrtSessionHandle _session;
    private readonly Utf8NameBlock _inputNames;
    private readonly Utf8NameBlock _outputNames;
    private readonly Dictionary<string, int> _inputIndex;

    private OnnxRuntimeSession(OrtRuntime runtime, OrtSessionHandle session, Hash256 modelHash, string runtimeId,
        TensorInfo[] inputs, TensorInfo[] outputs)
    {
        _runtime = runtime;
        _session = session;
        ModelHash = modelHash;
        RuntimeId = runtimeId;
        Inputs = inputs;
        Outputs = outputs;
        _inputNames = new Utf8NameBlock(inputs.Select(i => i.Name).ToArray());
        _outputNames = new Utf8NameBlock(outputs.Select(o => o.Name).ToArray());
        _inputIndex = inputs.Select((info, i) => (info.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    }

    public Hash256 ModelHash { get; }

    /// <summary>The profile this session runs under, as it goes into an inference commitment.</summary>
    public string RuntimeId { get; }

    public IReadOnlyList<TensorInfo> Inputs { get; }

    public IReadOnlyList<TensorInfo> Outputs { get; }

    internal static OnnxRuntimeSession Create(OrtRuntime runtime, OrtSessionProfile profile, ReadOnlyMemory<byte> modelBytes)
    {
        OrtApi api = runtime.Api;
        var hash = new Hash256(SHA256.HashData(modelBytes.Span));
        var session = new OrtSessionHandle(api);
        try
        {
            using (OrtSessionOptionsHandle options = profile.Create(runtime))
            using (var pin = modelBytes.Pin())
            {
                nint created;
                api.Check(api.CreateSessionFromArray(runtime.Env.Pointer, pin.Pointer, (nuint)modelBytes.Length, options.Pointer, &created),
                    "CreateSessionFromArray");
                session.Attach(created);
            }
            TensorInfo[] inputs = Describe(runtime, session, isInput: true);
            TensorInfo[] outputs = Describe(runtime, session, isInput: false);
            return new OnnxRuntimeSession(runtime, session, hash, profile.RuntimeId(runtime), inputs, outputs);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(_session.IsClosed, this);
        Tensor[] ordered = OrderAndValidate(inputs);
        OrtApi api = _runtime.Api;

        int inputCount = ordered.Length, outputCount = Outputs.Count;
        var pins = new GCHandle[inputCount];
        var inputValues = new OrtValueHandle[inputCount];
        var outputValues = new OrtValueHandle[outputCount];
        bool addedRef = false;
        try
        {
            _session.DangerousAddRef(ref addedRef);
            nint* inputPointers = stackalloc nint[Math.Max(1, inputCount)];
            nint* outputPointers = stackalloc nint[Math.Max(1, outputCount)];
            for (int i = 0; i < inputCount; i++)
            {
                pins[i] = GCHandle.Alloc(ordered[i].Data, GCHandleType.Pinned);
                inputValues[i] = WrapInput(api, ordered[i], pins[i].AddrOfPinnedObject());
                inputPointers[i] = inputValues[i].Pointer;
            }
            for (int i = 0; i < outputCount; i++) outputPointers[i] = 0;

            nint status = api.Run(_session.Pointer, 0, _inputNames.Pointers, inputPointers, (nuint)inputCount,
                _outputNames.Pointers, (nuint)outputCount, outputPointers);
            // Take ownership of whatever ORT produced before looking at the status, so nothing leaks on failure.
            for (int i = 0; i < outputCount; i++)
            {
                outputValues[i] = new OrtValueHandle(api);
                if (outputPointers[i] != 0) outputValues[i].Attach(outputPointers[i]);
            }
            api.Check(status, "Run");

            var result = new Dictionary<string, Tensor>(outputCount, StringComparer.Ordinal);
            for (int i = 0; i < outputCount; i++) result[Outputs[i].Name] = ReadOutput(api, Outputs[i].Name, outputValues[i]);
            return result;
        }
        finally
        {
            foreach (OrtValueHandle? value in outputValues) value?.Dispose();
            foreach (OrtValueHandle? value in inputValues) value?.Dispose();
            foreach (GCHandle pin in pins) if (pin.IsAllocated) pin.Free();
            if (addedRef) _session.DangerousRelease();
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _inputNames.Dispose();
        _outputNames.Dispose();
    }

    private Tensor[] OrderAndValidate(IReadOnlyDictionary<string, Tensor> inputs)
    {
        foreach (string name in inputs.Keys)
            if (!_inputIndex.ContainsKey(name))
                throw new InvalidInputException($"the model has no input '{name}'; its inputs are {string.Join(", ", Inputs)}");
        var ordered = new Tensor[Inputs.Count];
        for (int i = 0; i < Inputs.Count; i++)
        {
            TensorInfo info = Inputs[i];
            if (!inputs.TryGetValue(info.Name, out Tensor? tensor) || tensor is null)
                throw new InvalidInputException($"missing input '{info.Name}' ({info})");
            if (tensor.ElementType != info.ElementType)
                throw new InvalidInputException($"input '{info.Name}' must be {info.ElementType} but is {tensor.ElementType}");
            if (tensor.ElementType == TensorElementType.String)
                throw new InvalidInputException($"input '{info.Name}': string tensors are not supported by the ORT backend");
            if (info.Shape is { } declared)
            {
                if (declared.Count != tensor.Rank)
                    throw new InvalidInputException($"input '{info.Name}' has shape [{string.Join(",", tensor.ShapeToArray())}] but the model declares {info}");
                for (int d = 0; d < declared.Count; d++)
                    if (declared[d].Value is long fixedSize && fixedSize != tensor.Shape[d])
                        throw new InvalidInputException($"input '{info.Name}' has shape [{string.Join(",", tensor.ShapeToArray())}] but the model declares {info}");
            }
            ordered[i] = tensor;
        }
        return ordered;
    }

    private OrtValueHandle WrapInput(OrtApi api, Tensor tensor, nint data)
    {
        var value = new OrtValueHandle(api);
        long[] shape = tensor.ShapeToArray();
        nuint bytes = (nuint)(tensor.ElementCount * TensorElementTypes.SizeOf(tensor.ElementType));
        fixed (long* dims = shape)
        {
            nint created;
            api.Check(api.CreateTensorWithDataAsOrtValue(_runtime.CpuMemory.Pointer, (void*)data, bytes, dims, (nuint)shape.Length,
                (int)tensor.ElementType, &created), "CreateTensorWithDataAsOrtValue");
            value.Attach(created);
        }
        return value;
    }

    private static Tensor ReadOutput(OrtApi api, string name, OrtValueHandle value)
    {
        if (value.IsInvalid) throw new OnnxRuntimeException(OrtErrorCode.Fail, "Run", $"output '{name}' was not produced");
        int onnxType;
        api.Check(api.GetValueType(value.Pointer, &onnxType), "GetValueType");
        if (onnxType != 1 /* ONNX_TYPE_TENSOR */)
            throw new InferenceException($"output '{name}' is not a tensor (ONNXType {onnxType}); the ORT backend returns tensors only");

        using var typeAndShape = new OrtTensorTypeAndShapeInfoHandle(api);
        nint info;
        api.Check(api.GetTensorTypeAndShape(value.Pointer, &info), "GetTensorTypeAndShape");
        typeAndShape.Attach(info);
        (TensorElementType elementType, long[] shape) = ReadTypeAndShape(api, typeAndShape.Pointer);
        if (elementType == TensorElementType.String)
            throw new InferenceException($"output '{name}' is a string tensor; the ORT backend does not return strings (export the model without string outputs)");
        if (!TensorElementTypes.TryGetClrType(elementType, out _))
            throw new InferenceException($"output '{name}' has element type {elementType}, which AgentChain tensors cannot hold yet");

        long count = 1;
        foreach (long d in shape) count = checked(count * d);
        Array data = Array.CreateInstance(TensorElementTypes.ClrType(elementType), count);
        if (count > 0)
        {
            void* source;
            api.Check(api.GetTensorMutableData(value.Pointer, &source), "GetTensorMutableData");
            long bytes = count * TensorElementTypes.SizeOf(elementType);
            fixed (byte* target = &MemoryMarshal.GetArrayDataReference(data))
                Buffer.MemoryCopy(source, target, bytes, bytes);
        }
        return Tensor.FromArray(elementType, shape, data);
    }

    private static (TensorElementType, long[]) ReadTypeAndShape(OrtApi api, nint info)
    {
        int elementType;
        api.Check(api.GetTensorElementType(info, &elementType), "GetTensorElementType");
        nuint rank;
        api.Check(api.GetDimensionsCount(info, &rank), "GetDimensionsCount");
        var dims = new long[(int)rank];
        fixed (long* d = dims)
            api.Check(api.GetDimensions(info, d, rank), "GetDimensions");
        return ((TensorElementType)elementType, dims);
    }

    private static TensorInfo[] Describe(OrtRuntime runtime, OrtSessionHandle session, bool isInput)
    {
        OrtApi api = runtime.Api;
        nuint count;
        api.Check(isInput ? api.SessionGetInputCount(session.Pointer, &count) : api.SessionGetOutputCount(session.Pointer, &count),
            isInput ? "SessionGetInputCount" : "SessionGetOutputCount");
        var result = new TensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* rawName;
            api.Check(isInput
                    ? api.SessionGetInputName(session.Pointer, i, runtime.DefaultAllocator, &rawName)
                    : api.SessionGetOutputName(session.Pointer, i, runtime.DefaultAllocator, &rawName),
                isInput ? "SessionGetInputName" : "SessionGetOutputName");
            string name = runtime.TakeAllocatedString(rawName);

            using var typeInfo = new OrtTypeInfoHandle(api);
            nint created;
            api.Check(isInput
                    ? api.SessionGetInputTypeInfo(session.Pointer, i, &created)
                    : api.SessionGetOutputTypeInfo(session.Pointer, i, &created),
                isInput ? "SessionGetInputTypeInfo" : "SessionGetOutputTypeInfo");
            typeInfo.Attach(created);
            result[(int)i] = DescribeOne(api, name, typeInfo, isInput);
        }
        return result;
    }

    private static TensorInfo DescribeOne(OrtApi api, string name, OrtTypeInfoHandle typeInfo, bool isInput)
    {
        int onnxType;
        api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo.Pointer, &onnxType), "GetOnnxTypeFromTypeInfo");
        if (onnxType != 1 /* ONNX_TYPE_TENSOR */)
            throw new InvalidModelException($"{(isInput ? "input" : "output")} '{name}' is not a tensor (ONNXType {onnxType}); the ORT backend handles tensor inputs and outputs only");

        // The tensor info belongs to the type info (not released separately).
        nint tensorInfo;
        api.Check(api.CastTypeInfoToTensorInfo(typeInfo.Pointer, &tensorInfo), "CastTypeInfoToTensorInfo");
        (TensorElementType elementType, long[] dims) = ReadTypeAndShape(api, tensorInfo);
        var symbols = new byte*[dims.Length];
        if (dims.Length > 0)
            fixed (byte** s = symbols)
                api.Check(api.GetSymbolicDimensions(tensorInfo, s, (nuint)dims.Length), "GetSymbolicDimensions");

        var shape = new TensorDimension[dims.Length];
        for (int d = 0; d < dims.Length; d++)
        {
            string symbol = symbols[d] == null ? "" : OrtRuntime.Utf8(symbols[d]);
            shape[d] = dims[d] >= 0 ? TensorDimension.Fixed(dims[d])
                : symbol.Length > 0 ? TensorDimension.Symbolic(symbol)
                : TensorDimension.Unknown;
        }
        return new TensorInfo(name, elementType, shape);
    }
}
