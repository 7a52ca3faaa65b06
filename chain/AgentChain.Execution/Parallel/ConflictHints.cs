using System.Runtime.InteropServices;
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
    private readonly Dictionary<Address, int> _lastBySender = [];
    // False while the conflict filter is all zeros (nothing conflicted in recent blocks): no target can be hot.
    private bool _anyConflicts;

    public bool IsHotTarget(in Address target)
    {
        int calls = _calls.Estimate(target);
        return calls >= MinCallsForEvidence && _conflicts.Estimate(target) >= HotConflictShare * calls;
    }

    /// <summary>
    /// For each transaction, the nearest earlier transaction it should wait for (-1: none); and how many got one.
    /// This runs before the workers start, so it is kept to one dictionary operation per transaction where nothing is
    /// hot: target lookups are skipped while no conflict is on record (<see cref="_anyConflicts"/>).
    /// </summary>
    public int[] Plan(PreparedTransaction[] txs, out int chained)
    {
        var hints = new int[txs.Length];
        Dictionary<Address, int>? lastByHotTarget = null;
        Dictionary<(Address, UInt256), int>? lastByDeclaredSlot = null;
        Dictionary<Address, bool>? hot = null;
        chained = 0;
        lock (_lock)
        {
            // Kept between blocks (cleared, its capacity kept): a new one per block was a 400 KB allocation for 10,000
            // transactions, fresh pages the kernel had to fault in and zero every block.
            Dictionary<Address, int> lastBySender = _lastBySender;
            lastBySender.Clear();
            lastBySender.EnsureCapacity(txs.Length);
            for (int i = 0; i < txs.Length; i++)
            {
                int hint = -1;
                if (txs[i].Execution is not { } tx) { hints[i] = -1; continue; }
                ref int lastOfSender = ref CollectionsMarshal.GetValueRefOrAddDefault(lastBySender, tx.Sender, out bool sent);
                if (sent) hint = lastOfSender;
                lastOfSender = i;
                if (_anyConflicts && tx.To is { } to)
                {
                    hot ??= [];
                    if (!hot.TryGetValue(to, out bool isHot)) hot[to] = isHot = IsHotTarget(to);
                    if (isHot)
                    {
                        lastByHotTarget ??= [];
                        if (lastByHotTarget.TryGetValue(to, out int previous)) hint = Math.Max(hint, previous);
                        lastByHotTarget[to] = i;
                    }
                }
                foreach (var entry in tx.AccessList)
                    foreach (UInt256 slot in entry.StorageKeys)
                    {
                        lastByDeclaredSlot ??= [];
                        if (lastByDeclaredSlot.TryGetValue((entry.Address, slot), out int previous)) hint = Math.Max(hint, previous);
                        lastByDeclaredSlot[(entry.Address, slot)] = i;
                    }
                hints[i] = hint;
                if (hint >= 0) chained++;
            }
        }
        return hints;
    }

    /// <summary>Feeds back what a parallel run observed, as counted by its workers (null: a worker that counted nothing).</summary>
    public void Learn(IEnumerable<TargetTally?> tallies)
    {
        lock (_lock)
        {
            _calls.Decay();
            _conflicts.Decay();
            foreach (TargetTally? tally in tallies)
                foreach ((Address target, int calls, int aborts) in tally?.Runs ?? [])
                {
                    _calls.Add(target, calls);
                    if (aborts > 0) _conflicts.Add(target, aborts);
                }
            _anyConflicts = _conflicts.AnyCounted();
        }
    }
}

/// <summary>
/// Calls to targets and their aborted incarnations, as one worker counts them while the block's receipts are built
/// (in parallel: a serial pass over every transaction object cost more than a millisecond per 10,000). Consecutive
/// calls to one target are one run, so a block of calls to one contract is a handful of entries.
/// </summary>
internal sealed class TargetTally
{
    private readonly List<(Address Target, int Calls, int Aborts)> _runs = [];
    private Address _target;
    private int _calls;
    private int _aborts;

    public void Count(in Address target, int aborts)
    {
        if (_calls > 0 && target == _target)
        {
            _calls++;
            _aborts += aborts;
            return;
        }
        Flush();
        (_target, _calls, _aborts) = (target, 1, aborts);
    }

    public IReadOnlyList<(Address Target, int Calls, int Aborts)> Runs
    {
        get
        {
            Flush();
            return _runs;
        }
    }

    private void Flush()
    {
        if (_calls > 0) _runs.Add((_target, _calls, _aborts));
        _calls = 0;
    }
}
