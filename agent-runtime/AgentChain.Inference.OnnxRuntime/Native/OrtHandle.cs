using System.Runtime.InteropServices;

namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>
/// An owned ONNX Runtime object, released exactly once through its <c>Release*</c> entry of the API table. Every
/// handle this binding creates is one of these, and <see cref="LiveCount"/> counts those not yet released, so tests
/// can prove that loops of sessions and values give everything back.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    private static long s_live;

    protected OrtHandle(OrtApi api) : base(0, ownsHandle: true) => Api = api;

    protected OrtApi Api { get; }

    /// <summary>Handles created and not yet released, across the process.</summary>
    public static long LiveCount => Interlocked.Read(ref s_live);

    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer for a native call. Callers keep the handle alive (and undisposed) for the call's duration.</summary>
    public nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }

    /// <summary>Takes ownership of a pointer an ORT <c>Create*</c> call just returned.</summary>
    public void Attach(nint pointer)
    {
        if (pointer == 0) throw new InvalidOperationException($"ONNX Runtime returned success but a null {GetType().Name}");
        if (!IsInvalid) throw new InvalidOperationException($"{GetType().Name} already holds a pointer");
        SetHandle(pointer);
        Interlocked.Increment(ref s_live);
    }

    protected sealed override bool ReleaseHandle()
    {
        Release(handle);
        Interlocked.Decrement(ref s_live);
        return true;
    }

    protected abstract void Release(nint pointer);
}
