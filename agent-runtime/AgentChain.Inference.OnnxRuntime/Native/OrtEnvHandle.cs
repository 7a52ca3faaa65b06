namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtEnv</c>: the process-wide ORT environment (logging, default thread pools).</summary>
internal sealed unsafe class OrtEnvHandle : OrtHandle
{
    public OrtEnvHandle(OrtApi api) : base(api) { }

    protected override void Release(nint pointer) => Api.ReleaseEnv(pointer);
}
