using AgentChain.State;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// What one worker's incarnations run on, reused from one incarnation to the next instead of allocated per
/// transaction: the read view, the world state over it (its dictionaries and journal keep their capacity), the
/// captured commit and the write set. A world state left half-way by an ESTIMATE is replaced (<see cref="Discard"/>).
/// </summary>
internal sealed class IncarnationBuffers
{
    public IncarnationBuffers(MultiVersionMemory memory)
    {
        View = new TransactionView(memory);
        Written = memory.NewWrittenList();
        State = new WorldState(View);
    }

    public TransactionView View { get; }

    /// <summary>Accounts this worker gave their first version list (<see cref="MultiVersionMemory.Record"/>).</summary>
    public List<AccountVersions> Written { get; }

    /// <summary>Clean between incarnations: <see cref="WorldState.Commit"/> clears it, and an incarnation that did not commit discards it.</summary>
    public WorldState State { get; private set; }

    public WriteCapture Capture { get; } = new();

    /// <summary>Incarnations this worker ran to the end in this block (counted here, not on a counter every worker bumps).</summary>
    public int Executions;

    /// <summary>The incarnation's writes, as <see cref="MultiVersionMemory.Record"/> takes them.</summary>
    public PendingWrites Writes { get; } = new();

    /// <summary>The incarnation stopped before its commit (an ESTIMATE, or a failure): its world state holds partial changes.</summary>
    public void Discard() => State = new WorldState(View);
}
