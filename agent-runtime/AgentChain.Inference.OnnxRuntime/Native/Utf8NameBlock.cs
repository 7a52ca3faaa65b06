using System.Runtime.InteropServices;
using System.Text;

namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>
/// Input or output names as one native block: an array of pointers to NUL-terminated UTF-8 strings, the shape
/// <c>OrtApi::Run</c> takes. Built once per session so a run does no name marshalling.
/// </summary>
internal sealed unsafe class Utf8NameBlock : SafeHandle
{
    public Utf8NameBlock(IReadOnlyList<string> names) : base(0, ownsHandle: true)
    {
        Count = names.Count;
        int pointerBytes = Math.Max(1, names.Count) * sizeof(byte*);
        int total = pointerBytes;
        foreach (string name in names) total += Encoding.UTF8.GetByteCount(name) + 1;
        byte* block = (byte*)NativeMemory.AllocZeroed((nuint)total);
        SetHandle((nint)block);
        byte** pointers = (byte**)block;
        byte* text = block + pointerBytes;
        for (int i = 0; i < names.Count; i++)
        {
            pointers[i] = text;
            int written = Encoding.UTF8.GetBytes(names[i], new Span<byte>(text, total - (int)(text - block)));
            text += written + 1; // the zeroed block supplies the terminator
        }
    }

    public int Count { get; }

    public override bool IsInvalid => handle == 0;

    public byte** Pointers => (byte**)handle;

    protected override bool ReleaseHandle()
    {
        NativeMemory.Free((void*)handle);
        return true;
    }
}
