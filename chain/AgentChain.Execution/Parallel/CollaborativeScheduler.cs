using System.Runtime.CompilerServices;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// Block-STM's collaborative scheduler (Gelashvili et al., 2022, §4): two shared counters hand out execution and
/// validation tasks lowest index first, preferring validation when it lags. Aborted incarnations lower the
/// counters so that affected transactions are re-executed or re-validated; a transaction that read an ESTIMATE
/// waits as a dependent of the blocking transaction and is resumed when that one finishes executing.
/// </summary>
internal sealed class CollaborativeScheduler
{
    private enum Status : byte { ReadyToExecute, Executing, Executed, Aborting }

    private readonly int _count;
    private readonly TxLayout _layout;
    private readonly Status[] _status;
    private readonly int[] _incarnation;
    // A spin lock per transaction (0 free, 1 held) guarding its status, incarnation and dependents: held for a few
    // instructions, so a compare-and-swap replaces a monitor (whose enter and exit were native calls, four of them
    // per transaction).
    private readonly int[] _gates;
    private readonly List<int>?[] _dependents;
    private PaddedCounter _executionIndex;
    private PaddedCounter _validationIndex;
    private PaddedCounter _decreaseCount;
    private PaddedCounter _activeTasks;
    private volatile bool _done;
    private volatile bool _stopped;

    /// <param name="count">Transactions in the block.</param>
    /// <param name="layout">Where each transaction's entry is in the per-transaction arrays.</param>
    public CollaborativeScheduler(int count, TxLayout layout)
    {
        _count = count;
        _layout = layout;
        _status = new Status[layout.Length];
        _incarnation = new int[layout.Length];
        _gates = new int[layout.Length];
        _dependents = new List<int>?[layout.Length];
    }

    public bool Done => _done;

    /// <summary>Set by <see cref="Stop"/>: no more tasks are handed out, and workers waiting for one return.</summary>
    public bool Stopped => _stopped;

    /// <summary>Ends the block early (the executor finishes it sequentially): statuses stay as they are, for reading once the workers are gone.</summary>
    public void Stop() => _stopped = true;

    /// <summary>How many transactions have been handed out for execution so far (the execution index, capped at the block).</summary>
    public int Started => Math.Min(_count, Volatile.Read(ref _executionIndex.Value));

    /// <summary>Whether <paramref name="tx"/>'s latest incarnation finished executing and was not aborted since. Exact once the workers have stopped.</summary>
    public bool IsExecuted(int tx)
    {
        using (Gate(tx)) return _status[_layout[tx]] == Status.Executed;
    }

    public SchedulerTask NextTask()
    {
        var idle = new SpinWait();
        while (!_done && !_stopped)
        {
            int validationIndex = Volatile.Read(ref _validationIndex.Value);
            if (validationIndex < Volatile.Read(ref _executionIndex.Value) && IsWorthValidating(validationIndex))
            {
                SchedulerTask validation = NextVersionToValidate();
                if (validation.Kind != SchedulerTaskKind.None) return validation;
            }
            else
            {
                SchedulerTask execution = NextVersionToExecute();
                if (execution.Kind != SchedulerTaskKind.None) return execution;
            }
            // Nothing to hand out (the rest waits on dependencies): back off, yielding the core to workers with work.
            idle.SpinOnce(sleep1Threshold: -1);
        }
        return SchedulerTask.None;
    }

    /// <summary>
    /// Whether the transaction at the validation index has finished executing, read without its gate (a hint; the claim
    /// checks under the gate). One that has not is skipped in favour of execution: its own <see cref="FinishExecution"/>
    /// claims its validation when the index is still there, and a later call here takes it otherwise. Claiming it
    /// anyway (the paper's rule) took the executing worker's gate and three shared counters for nothing, on about every
    /// other transaction of a 2-worker block of independent transfers.
    /// </summary>
    private bool IsWorthValidating(int tx) => tx >= _count || Volatile.Read(ref Unsafe.As<Status, byte>(ref _status[_layout[tx]])) == (byte)Status.Executed;

    private void CheckDone()
    {
        int observed = Volatile.Read(ref _decreaseCount.Value);
        if (Math.Min(Volatile.Read(ref _executionIndex.Value), Volatile.Read(ref _validationIndex.Value)) >= _count
            && Volatile.Read(ref _activeTasks.Value) == 0 && observed == Volatile.Read(ref _decreaseCount.Value))
            _done = true;
    }

    private SchedulerTask TryIncarnate(int tx)
    {
        if (tx < _count)
        {
            using (Gate(tx))
            {
                if (_status[_layout[tx]] == Status.ReadyToExecute)
                {
                    _status[_layout[tx]] = Status.Executing;
                    return new SchedulerTask(SchedulerTaskKind.Execute, tx, _incarnation[_layout[tx]]);
                }
            }
        }
        Interlocked.Decrement(ref _activeTasks.Value);
        return SchedulerTask.None;
    }

    private SchedulerTask NextVersionToExecute()
    {
        if (Volatile.Read(ref _executionIndex.Value) >= _count)
        {
            CheckDone();
            return SchedulerTask.None;
        }
        Interlocked.Increment(ref _activeTasks.Value);
        return TryIncarnate(Interlocked.Increment(ref _executionIndex.Value) - 1);
    }

    private SchedulerTask NextVersionToValidate()
    {
        if (Volatile.Read(ref _validationIndex.Value) >= _count)
        {
            CheckDone();
            return SchedulerTask.None;
        }
        Interlocked.Increment(ref _activeTasks.Value);
        int tx = Interlocked.Increment(ref _validationIndex.Value) - 1;
        if (tx < _count)
        {
            using (Gate(tx))
            {
                if (_status[_layout[tx]] == Status.Executed) return new SchedulerTask(SchedulerTaskKind.Validate, tx, _incarnation[_layout[tx]]);
            }
        }
        Interlocked.Decrement(ref _activeTasks.Value);
        return SchedulerTask.None;
    }

    private void DecreaseExecutionIndex(int target)
    {
        int current;
        while (target < (current = Volatile.Read(ref _executionIndex.Value)) && Interlocked.CompareExchange(ref _executionIndex.Value, target, current) != current) { }
        Interlocked.Increment(ref _decreaseCount.Value);
    }

    private void DecreaseValidationIndex(int target)
    {
        int current;
        while (target < (current = Volatile.Read(ref _validationIndex.Value)) && Interlocked.CompareExchange(ref _validationIndex.Value, target, current) != current) { }
        Interlocked.Increment(ref _decreaseCount.Value);
    }

    /// <summary>
    /// Parks <paramref name="tx"/> (whose running incarnation hit an ESTIMATE or a phase 1 hint) until
    /// <paramref name="blocking"/> finishes executing. False when it already has: the caller retries at once.
    /// </summary>
    public bool AddDependency(int tx, int blocking)
    {
        // Reads see only transactions below the reader, so a transaction never waits for itself or a later one (the
        // nested gates below would deadlock on itself).
        if (blocking >= tx) throw new InvalidOperationException($"transaction {tx} cannot wait for transaction {blocking}");
        using (Gate(blocking))
        {
            if (_status[_layout[blocking]] == Status.Executed) return false;
            using (Gate(tx)) _status[_layout[tx]] = Status.Aborting;
            (_dependents[_layout[blocking]] ??= []).Add(tx);
        }
        Interlocked.Decrement(ref _activeTasks.Value);
        return true;
    }

    private void SetReadyStatus(int tx)
    {
        using (Gate(tx))
        {
            _incarnation[_layout[tx]]++;
            _status[_layout[tx]] = Status.ReadyToExecute;
        }
    }

    /// <summary>Records a finished execution, resumes its dependents, and returns its validation task when it can be done at once.</summary>
    public SchedulerTask FinishExecution(int tx, int incarnation, bool wroteNewLocation)
    {
        List<int>? dependents;
        using (Gate(tx))
        {
            _status[_layout[tx]] = Status.Executed;
            dependents = _dependents[_layout[tx]];
            _dependents[_layout[tx]] = null;
        }
        if (dependents is { Count: > 0 })
        {
            int min = int.MaxValue;
            foreach (int d in dependents)
            {
                SetReadyStatus(d);
                min = Math.Min(min, d);
            }
            DecreaseExecutionIndex(min);
        }
        int validation = Volatile.Read(ref _validationIndex.Value);
        if (validation > tx)
        {
            if (!wroteNewLocation) return new SchedulerTask(SchedulerTaskKind.Validate, tx, incarnation);
            DecreaseValidationIndex(tx);
        }
        else if (validation == tx && Interlocked.CompareExchange(ref _validationIndex.Value, tx + 1, tx) == tx)
        {
            // Validation has reached this very transaction: claim its validation here, as NextTask would hand it out
            // next, and keep the task slot for it (workers running transactions in order validate their own this way,
            // without another round of the shared counters).
            return new SchedulerTask(SchedulerTaskKind.Validate, tx, incarnation);
        }
        Interlocked.Decrement(ref _activeTasks.Value);
        return SchedulerTask.None;
    }

    /// <summary>Claims the abort of a failed validation; only one validator of an incarnation wins.</summary>
    public bool TryValidationAbort(int tx, int incarnation)
    {
        using (Gate(tx))
        {
            if (_status[_layout[tx]] != Status.Executed || _incarnation[_layout[tx]] != incarnation) return false;
            _status[_layout[tx]] = Status.Aborting;
            return true;
        }
    }

    public SchedulerTask FinishValidation(int tx, bool aborted)
    {
        if (aborted)
        {
            SetReadyStatus(tx);
            DecreaseValidationIndex(tx + 1);
            if (Volatile.Read(ref _executionIndex.Value) > tx)
            {
                SchedulerTask next = TryIncarnate(tx);
                // TryIncarnate released the task slot when it returned None; keep it for a returned task.
                if (next.Kind != SchedulerTaskKind.None) return next;
                return SchedulerTask.None;
            }
        }
        Interlocked.Decrement(ref _activeTasks.Value);
        return SchedulerTask.None;
    }

    /// <summary>Takes transaction <paramref name="tx"/>'s gate until the returned scope is disposed.</summary>
    private GateScope Gate(int tx)
    {
        ref int gate = ref _gates[_layout[tx]];
        if (Interlocked.CompareExchange(ref gate, 1, 0) != 0)
        {
            var spin = new SpinWait();
            do spin.SpinOnce(sleep1Threshold: -1);
            while (Interlocked.CompareExchange(ref gate, 1, 0) != 0);
        }
        return new GateScope(_gates, _layout[tx]);
    }

    private readonly ref struct GateScope
    {
        private readonly int[] _gates;
        private readonly int _slot;

        public GateScope(int[] gates, int slot)
        {
            _gates = gates;
            _slot = slot;
        }

        public void Dispose() => Volatile.Write(ref _gates[_slot], 0);
    }
}
