namespace AgentChain.Execution.Parallel;

internal enum SchedulerTaskKind : byte { None, Execute, Validate }

/// <summary>A unit of work the collaborative scheduler hands a worker: execute or validate one incarnation.</summary>
internal readonly record struct SchedulerTask(SchedulerTaskKind Kind, int TxIndex, int Incarnation)
{
    public static readonly SchedulerTask None = default;
}
