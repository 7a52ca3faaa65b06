using System.Runtime.InteropServices;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// A shared counter alone on its cache line (128 bytes: adjacent-line prefetching pairs 64-byte lines). The scheduler's
/// execution and validation indices and task count are bumped by every worker on every transaction; packed next to
/// each other (or to flags the workers poll) every bump would also invalidate the other fields in every other core.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedCounter
{
    [FieldOffset(64)]
    public int Value;
}
