namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtTypeInfo</c>: the declared type of a session input or output.</summary>
internal sealed unsafe class OrtTypeInfoHandle : OrtHandle
{
    public OrtTypeInfoHandle(OrtApi api) : base(api) { }

    protected override void Release(nint pointer) => Api.ReleaseTypeInfo(pointer);
}
