namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtValue</c>: a tensor value (an input we wrap or an output ORT allocated).</summary>
internal sealed unsafe class OrtValueHandle : OrtHandle
{
    public OrtValueHandle(OrtApi api) : base(api) { }

    protected override void Release(nint pointer) => Api.ReleaseValue(pointer);
}
