namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtSessionOptions</c>: session options (threads, execution mode, optimisation level, providers).</summary>
internal sealed unsafe class OrtSessionOptionsHandle : OrtHandle
{
    public OrtSessionOptionsHandle(OrtApi api) : base(api) { }

    protected override void Release(nint pointer) => Api.ReleaseSessionOptions(pointer);
}
