namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtTensorTypeAndShapeInfo</c>: the element type and shape of a tensor value.</summary>
internal sealed unsafe class OrtTensorTypeAndShapeInfoHandle : OrtHandle
{
    public OrtTensorTypeAndShapeInfoHandle(OrtApi api) : base(api) { }

    protected override void Release(nint pointer) => Api.ReleaseTensorTypeAndShapeInfo(pointer);
}
