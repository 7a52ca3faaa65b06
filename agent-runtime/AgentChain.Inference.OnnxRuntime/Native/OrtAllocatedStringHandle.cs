using System.Runtime.InteropServices;

namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>
/// A UTF-8 string ORT allocated with the default allocator (input/output names); freed with
/// <c>AllocatorFree</c> on that same allocator.
/// </summary>
internal sealed unsafe class OrtAllocatedStringHandle : OrtHandle
{
    private readonly nint _allocator;

    public OrtAllocatedStringHandle(OrtApi api, nint allocator) : base(api) => _allocator = allocator;

    public string Read() => Marshal.PtrToStringUTF8(Pointer) ?? "";

    // AllocatorFree returns a status; a failure here cannot be thrown from a release, and freeing with the allocator
    // that made the string does not fail, so the status is released and otherwise ignored.
    protected override void Release(nint pointer)
    {
        nint status = Api.AllocatorFree(_allocator, (void*)pointer);
        if (status != 0) Api.ReleaseStatus(status);
    }
}
