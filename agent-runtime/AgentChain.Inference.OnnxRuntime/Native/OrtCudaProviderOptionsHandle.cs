namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtCUDAProviderOptionsV2</c> (defaults: device 0), needed only while appending the CUDA EP.</summary>
internal sealed unsafe class OrtCudaProviderOptionsHandle : OrtHandle
{
    public OrtCudaProviderOptionsHandle(OrtApi api) : base(api) { }

    protected override void Release(nint pointer) => Api.ReleaseCUDAProviderOptions(pointer);
}
