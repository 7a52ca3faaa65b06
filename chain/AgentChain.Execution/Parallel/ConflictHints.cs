using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// Phase 1 of parallel execution: before anything runs, predict which transactions will conflict and make each
/// wait for its likely writer instead of running speculatively and being aborted. Three sources:
/// same-sender chains (the nonce makes them strictly ordered), EIP-2930 access lists that name the same slot, and
/// contracts that caused conflicts in recent blocks (a counting Bloom filter of targets, conflicts over calls).
/// </summary>
internal sealed class ConflictHints
{
    /// <summary>A target is hot when at least this share of its recent calls conflicted.</summary>
    private const double HotConflictShare = 0.25;
    private const int MinCallsForEvidence = 16;

    private readonly CountingBloomFilter _calls = new();
    private readonly CountingBloomFilter _conflicts = new();
    private readonly object _lock = new();

    public bool IsHotTarget(in Address target)
    {
        int calls = _calls.Estimate(target);
        return calls >= MinCallsForEvidence && _conflicts.Estimate(target) >= HotConflictShare * calls;
    }

    /// <summary>For each transaction, the nearest earlier transaction it should wait for (-1: none); and how many got one.</summary>
    public int[] Plan(PreparedTransaction[] txs, out int chained)
    {
        var hints = new int[txs.Length];
        var lastBySender = new Dictionary<Address, int>();
        var lastByHotTarget = new Dictionary<Address, int>();
        var lastByDeclaredSlot = new Dictionary<(Address, UInt256), int>();
        var hot = new Dictionary<Address, bool>();
        chained = 0;
        lock (_lock)
        {
            for (int i = 0; i < txs.Length; i++)
            {
                int hint = -1;
                if (txs[i].Execution is not { } tx) { hints[i] = -1; continue; }
                if (lastBySender.TryGetValue(tx.Sender, out int previous)) hint = previous;
                lastBySender[tx.Sender] = i;
                if (tx.To is { } to)
                {
                    if (!hot.TryGetValue(to, out bool isHot)) hot[to] = isHot = IsHotTarget(to);
                    if (isHot)
                    {
                        if (lastByHotTarget.TryGetValue(to, out previous)) hint = Math.Max(hint, previous);
                        lastByHotTarget[to] = i;
                    }
                }
                foreach (var entry in tx.AccessList)
                    foreach (UInt256 slot in entry.StorageKeys)
                    {
                        if (lastByDeclaredSlot.TryGetValue((entry.Address, slot), out previous)) hint = Math.Max(hint, previous);
                        lastByDeclaredSlot[(entry.Address, slot)] = i;
                    }
                hints[i] = hint;
                if (hint >= 0) chained++;
            }
        }
        return hints;
    }

    /// <summary>Feeds back what a parallel run observed: per target, how many calls and how many aborted incarnations.</summary>
    public void Learn(IEnumerable<(Address Target, int Aborts)> calls)
    {
        lock (_lock)
        {
            _calls.Decay();
            _conflicts.Decay();
            foreach ((Address target, int aborts) in calls)
            {
                _calls.Add(target);
                if (aborts > 0) _conflicts.Add(target, aborts);
            }
        }
    }
}
