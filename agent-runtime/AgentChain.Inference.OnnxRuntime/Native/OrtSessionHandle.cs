namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtSession</c>: a loaded model.</summary>
internal sealed unsafe class OrtSessionHandle : OrtHandle
{
    public OrtSessionHandle(OrtApi api) : base(api) { }

    protected override void Release(nint pointer) => Api.ReleaseSession(pointer);
}
