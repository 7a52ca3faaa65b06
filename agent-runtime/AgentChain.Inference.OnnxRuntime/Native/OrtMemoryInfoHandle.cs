namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtMemoryInfo</c>: a description of where tensor memory lives (here: CPU).</summary>
internal sealed unsafe class OrtMemoryInfoHandle : OrtHandle
{
    public OrtMemoryInfoHandle(OrtApi api) : base(api) { }

    protected override void Release(nint pointer) => Api.ReleaseMemoryInfo(pointer);
}
