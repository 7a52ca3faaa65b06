using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.Evm.Handler;
using AgentChain.Evm.Precompiles;
using AgentChain.Execution.Parallel;
using AgentChain.State;
using SignedTransaction = AgentChain.Core.Transactions.Transaction;

namespace AgentChain.Execution;

/// <summary>
/// Block-STM (Gelashvili et al., 2022): the block's transactions run optimistically on worker threads against
/// <see cref="MultiVersionMemory"/>, and the result is exactly <see cref="SequentialBlockExecutor"/>'s. The code
/// follows the three phases of the design:
/// <list type="number">
/// <item><see cref="Phase1_PlanHints"/>: before execution, senders are recovered (once, in parallel) and likely
///   conflicts are ordered: same-sender chains, EIP-2930 access lists, recently hot contracts (<see cref="ConflictHints"/>).
///   The adaptive policy also decides here whether the block runs sequentially instead.</item>
/// <item><see cref="Phase2_ExecuteIncarnation"/>: during execution, reads go through a <see cref="TransactionView"/>;
///   a read of an ESTIMATE stops the transaction early and parks it behind the blocking one.</item>
/// <item><see cref="Phase3_Validate"/>: after execution, each transaction's read set is re-checked in block order
///   (the scheduler hands out validations lowest index first); only transactions whose reads went stale re-execute.</item>
/// </list>
/// Beneficiary fees and plain-transfer credits are balance deltas that commute with one another, so they do not
/// make transactions conflict; a transaction that reads such a balance sums the deltas below it.
/// The per-transaction cost of the machinery is kept low (it is the overhead every speedup is paid from): workers
/// persist between blocks (<see cref="BlockWorkerPool"/>), each reuses its incarnation buffers, memory is keyed by
/// account (<see cref="AccountVersions"/>), and reads carry their account record so validation needs no lookup.
/// </summary>
public sealed class ParallelBlockExecutor : IBlockExecutor
{
    private readonly PrecompileSet _precompiles;
    private readonly TransactionProcessor _processor;
    private readonly SequentialBlockExecutor _sequential;
    private readonly IStateRootCalculator? _stateRoot;
    private readonly ParallelExecutorOptions _options;
    private readonly ConflictHints _hints = new();
    // Started once and kept between blocks: starting the workers per block showed up in every block's cost.
    private readonly BlockWorkerPool _workers;
    private int _hintFallbacksInARow;
    // Measured quantities behind the choice between Block-STM and sequential execution (phase 1).
    private readonly AdaptiveExecutionPolicy _policy = new();
    private long _capacityMeasuredAt;
    private static readonly TimeSpan CapacityRefresh = TimeSpan.FromSeconds(10);

    public ParallelBlockExecutor(ParallelExecutorOptions? options = null, PrecompileSet? precompiles = null, IStateRootCalculator? stateRoot = null)
    {
        _options = options ?? new ParallelExecutorOptions();
        _precompiles = precompiles ?? PrecompileSet.AgentChain;
        _processor = new TransactionProcessor(_precompiles) { DeferCoinbaseFee = true };
        _stateRoot = stateRoot;
        _sequential = new SequentialBlockExecutor(_precompiles, stateRoot, Threads);
        _workers = new BlockWorkerPool(Threads);
    }

    public int Threads => _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount;

    public BlockResult Execute(BlockEnvironment block, IReadOnlyList<SignedTransaction> transactions, IStateReader parentState)
    {
        PreparedTransaction[] prepared = SenderRecovery.Prepare(transactions, _workers);
        string? fallback = Phase1_PlanHints(prepared, out int[] hints, out bool measured);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        BlockResult result = fallback is null ? ExecuteBlockStm(block, prepared, hints, parentState) : _sequential.ExecutePrepared(block, prepared, parentState, fallback);
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (measured && seconds > 0)
        {
            ExecutionStatistics s = result.Statistics;
            _policy.Learn(s.RanInParallel, result.GasUsed / seconds, s.Transactions == 0 ? 0 : (double)s.Reexecutions / s.Transactions);
        }
        return result;
    }

    private BlockResult ExecuteBlockStm(BlockEnvironment block, PreparedTransaction[] prepared, int[] hints, IStateReader parentState)
    {
        var run = new BlockStmRun(this, block, prepared, hints, parentState);
        try
        {
            _workers.Run(_ => run.Work());
        }
        catch (InvalidOperationException e) when (e.InnerException is not null)
        {
            // A speculative incarnation failed in a way sequential execution decides (or a bug): the sequential
            // executor is the authority, so run the block there; it rethrows if the failure is real.
            return _sequential.ExecutePrepared(block, prepared, parentState, "speculative failure: " + e.InnerException.Message);
        }
        return run.Stopped ? run.FinishFromPrefix(_stateRoot) : run.Finish(_stateRoot);
    }

    // ---------------------------------------------------------------- phase 1: pre-execution hints

    /// <summary>
    /// Applies the adaptive policy (returns the reason to run sequentially, or null) and, for a block that will run
    /// under Block-STM, chains likely conflicts (hints[i] = the earlier transaction i waits for before its first
    /// incarnation). One worker or a tiny block runs sequentially; then the measured quantities decide
    /// (<see cref="AdaptiveExecutionPolicy"/>: the pool's capacity, recent re-execution rates, each mode's recent
    /// throughput); then a block mostly chained behind predicted conflicts runs sequentially, except every 16th such
    /// block, so hints that went stale (a contract no longer contended) are unlearned. The measured choice comes
    /// before the plan: planning costs a few dictionary operations per transaction (measured: the adaptive executor
    /// running sequentially took 1.06-1.12x sequential's CPU on the ETH-transfer block while it planned first).
    /// <paramref name="measured"/> says the block's throughput teaches the policy.
    /// </summary>
    private string? Phase1_PlanHints(PreparedTransaction[] txs, out int[] hints, out bool measured)
    {
        hints = [];
        measured = false;
        if (_options.ForceParallel)
        {
            hints = _hints.Plan(txs, out _);
            return null;
        }
        if (Threads <= 1) return "one worker thread";
        if (txs.Length < _options.MinParallelTransactions) return $"{txs.Length} transactions (< {_options.MinParallelTransactions})";
        measured = true;
        // A few probes first, one per block, so that one reading taken while the host had a core does not alone decide
        // whether exploration starts (the policy trusts the highest recent reading); then one every CapacityRefresh.
        if (_policy.CapacityProbes < AdaptiveExecutionPolicy.ExplorationSamples || System.Diagnostics.Stopwatch.GetElapsedTime(_capacityMeasuredAt) > CapacityRefresh)
            RecordCapacity(_workers.MeasureCapacity());
        if (_policy.Choose() is { } reason) return reason;
        hints = _hints.Plan(txs, out int chained);
        double share = (double)chained / txs.Length;
        if (share > _options.MaxChainedShare && ++_hintFallbacksInARow < 16)
            return $"{share:P0} of transactions chained behind predicted conflicts";
        _hintFallbacksInARow = 0;
        return null;
    }

    /// <summary>Records a measurement of the worker pool's capacity as if the probe had just taken it (the probe calls it).</summary>
    private void RecordCapacity(double capacity)
    {
        _policy.Capacity = capacity;
        _capacityMeasuredAt = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>Fills the capacity window with one value, as if every probe so far had read it (tests use it to make the policy deterministic).</summary>
    internal void AssumeCapacity(double capacity)
    {
        for (int i = 0; i < AdaptiveExecutionPolicy.Samples; i++) RecordCapacity(capacity);
    }

    /// <summary>A plain transfer to a codeless account: its recipient can be credited as a delta without reading the balance.</summary>
    private Address? LazyRecipientOf(Transaction tx, BlockEnvironment block) =>
        tx.To is { } to && tx.Data.Length == 0 && !tx.Value.IsZero && !_precompiles.Contains(to) && to != tx.Sender && to != block.Coinbase
            ? to : null;

    /// <summary>One block's Block-STM state: memory, scheduler, and per-transaction results.</summary>
    private sealed class BlockStmRun
    {
        private readonly ParallelBlockExecutor _owner;
        private readonly BlockEnvironment _block;
        private readonly PreparedTransaction[] _txs;
        private readonly int[] _hints;
        private readonly TxLayout _layout; // where each transaction's entry is in the arrays below
        private readonly bool[] _hintUsed;
        private readonly IStateReader _parent;
        private readonly MultiVersionMemory _memory;
        private readonly CollaborativeScheduler _scheduler;
        private readonly TransactionOutcome?[] _outcomes;
        // Each outcome's receipt bloom (Keccak of every log address and topic), made by the worker that ran it so the
        // serial receipt pass after the workers only combines them.
        private readonly LogsBloom?[] _blooms;
        private readonly int[] _aborts;
        private readonly long[] _gasUsed; // of each transaction's latest incarnation (0 when rejected)
        private readonly bool[] _lazyCredit; // its latest incarnation credited a plain transfer's recipient lazily
        private PaddedCounter _executions; // each worker's count of executions, added when it finishes
        private int _validationFailures;
        private int _estimateAborts;
        private volatile bool _failed;
        private readonly double? _stopShare;
        private readonly int _minAbortsBeforeStop;

        public BlockStmRun(ParallelBlockExecutor owner, BlockEnvironment block, PreparedTransaction[] txs, int[] hints, IStateReader parent)
        {
            _owner = owner;
            _block = block;
            _txs = txs;
            _hints = hints;
            _layout = new TxLayout(txs.Length);
            _hintUsed = new bool[_layout.Length];
            _parent = parent;
            _memory = new MultiVersionMemory(parent, txs.Length, block.Coinbase, _layout);
            _scheduler = new CollaborativeScheduler(txs.Length, _layout);
            _outcomes = new TransactionOutcome?[_layout.Length];
            _blooms = new LogsBloom?[_layout.Length];
            _aborts = new int[_layout.Length];
            _gasUsed = new long[_layout.Length];
            _lazyCredit = new bool[_layout.Length];
            _stopShare = owner._options.SequentialFinishAbortShare;
            _minAbortsBeforeStop = owner._options.MinAbortsBeforeStop;
        }

        /// <summary>Aborts passed the early-stop limit: the workers returned after their task, and <see cref="FinishFromPrefix"/> finishes the block.</summary>
        public bool Stopped => _scheduler.Stopped;

        /// <summary>A worker: take tasks from the scheduler until the block is done.</summary>
        public void Work()
        {
            var buffers = new IncarnationBuffers(_memory); // this worker's, for every incarnation it runs in this block
            SchedulerTask task = SchedulerTask.None;
            try
            {
                while (!_scheduler.Done && !_failed && !_scheduler.Stopped)
                {
                    task = task.Kind switch
                    {
                        SchedulerTaskKind.Execute => TryExecute(task, buffers),
                        SchedulerTaskKind.Validate => Phase3_Validate(task),
                        _ => _scheduler.NextTask(),
                    };
                }
            }
            catch
            {
                _failed = true;
                throw;
            }
            finally
            {
                Interlocked.Add(ref _executions.Value, buffers.Executions);
            }
        }

        private SchedulerTask TryExecute(SchedulerTask task, IncarnationBuffers buffers)
        {
            int tx = task.TxIndex;
            if (!_hintUsed[_layout[tx]] && _hints[tx] >= 0)
            {
                // Phase 1's hint: wait for the predicted writer before the first incarnation rather than be aborted.
                _hintUsed[_layout[tx]] = true;
                if (_scheduler.AddDependency(tx, _hints[tx])) return SchedulerTask.None;
            }
            while (true)
            {
                try
                {
                    (TransactionOutcome outcome, UInt256 fee, ReadRecord[] reads) = _owner.Phase2_ExecuteIncarnation(_block, _txs[tx], buffers);
                    buffers.Executions++;
                    _outcomes[_layout[tx]] = outcome;
                    _gasUsed[_layout[tx]] = outcome.IsValid ? outcome.GasUsed : 0;
                    _lazyCredit[_layout[tx]] = buffers.View.LazyRecipientCredited;
                    _blooms[_layout[tx]] = ReceiptBuilder.BloomOf(outcome);
                    bool wroteNew = _memory.Record(tx, task.Incarnation, buffers.Writes, fee, reads, buffers.Written);
                    return _scheduler.FinishExecution(tx, task.Incarnation, wroteNew);
                }
                catch (EstimateDependencyException dependency)
                {
                    buffers.Discard();
                    NoteAbort(Interlocked.Increment(ref _estimateAborts) + Volatile.Read(ref _validationFailures));
                    Interlocked.Increment(ref _aborts[_layout[tx]]);
                    if (_scheduler.AddDependency(tx, dependency.BlockingTxIndex)) return SchedulerTask.None;
                }
            }
        }

        // ------------------------------------------------------------ phase 3: post-execution validation

        /// <summary>
        /// Re-checks the read set of an executed incarnation against the current memory. A stale read aborts it
        /// (its writes become ESTIMATEs, readers above are re-validated) and schedules re-execution of it alone.
        /// </summary>
        private SchedulerTask Phase3_Validate(SchedulerTask task)
        {
            int tx = task.TxIndex;
            bool valid = _memory.ValidateReadSet(tx);
            bool aborted = !valid && _scheduler.TryValidationAbort(tx, task.Incarnation);
            if (aborted)
            {
                NoteAbort(Interlocked.Increment(ref _validationFailures) + Volatile.Read(ref _estimateAborts));
                Interlocked.Increment(ref _aborts[_layout[tx]]);
                _memory.ConvertWritesToEstimates(tx);
            }
            return _scheduler.FinishValidation(tx, aborted);
        }

        /// <summary>
        /// The early stop: aborted incarnations past the configured share of the transactions started so far mean the
        /// block is a conflict storm phase 1 did not predict; re-executing it speculatively costs more than running
        /// the rest in order.
        /// </summary>
        private void NoteAbort(int aborts)
        {
            if (_stopShare is not { } share || aborts < _minAbortsBeforeStop) return;
            if (aborts > share * Math.Max(1, _scheduler.Started)) _scheduler.Stop();
        }

        /// <summary>
        /// After an early stop, with the workers gone and memory quiescent: the committed prefix is the longest run of
        /// transactions 0..k-1 whose latest incarnations finished and whose read sets still validate in order. By
        /// induction each saw exactly what sequential execution would have shown it (everything below it is such a
        /// transaction, and nothing above is visible to it), so their outcomes and writes are final. Their net effect
        /// goes into a <see cref="BlockOverlay"/> and the sequential executor runs transactions k.. on it.
        /// </summary>
        public BlockResult FinishFromPrefix(IStateRootCalculator? stateRoot)
        {
            int committed = 0;
            while (committed < _txs.Length && _scheduler.IsExecuted(committed) && _memory.ValidateReadSet(committed)) committed++;
            var overlay = new BlockOverlay(_parent);
            ApplyPrefix(overlay, committed);
            var receipts = new ReceiptBuilder();
            for (int i = 0; i < committed; i++)
            {
                PreparedTransaction tx = _txs[i];
                if (tx.Execution is null) receipts.AddRejected(tx, tx.Error!);
                else receipts.Add(tx, _outcomes[_layout[i]] ?? throw new InvalidOperationException($"committed transaction {i} has no outcome"), _blooms[_layout[i]]);
            }
            _owner._sequential.ExecuteRange(_block, _txs, committed, overlay, receipts);
            StateDiff diff = overlay.ToDiff();
            var tally = new TargetTally();
            for (int i = 0; i < committed; i++)
                if (_txs[i].Execution?.To is { } to) tally.Count(to, _aborts[_layout[i]]);
            _owner._hints.Learn([tally]);
            int aborts = _validationFailures + _estimateAborts;
            var statistics = new ExecutionStatistics(true, _owner.Threads, _txs.Length, Math.Max(0, _executions.Value - committed),
                _validationFailures, _estimateAborts, 0, receipts.GasUsed,
                $"Block-STM stopped after {aborts} aborted incarnations in {_scheduler.Started} started; transactions {committed}..{_txs.Length - 1} ran sequentially");
            return new BlockResult(receipts.Receipts, receipts.GasUsed, receipts.Bloom, diff, stateRoot?.ComputeRoot(_parent, diff), statistics);
        }

        /// <summary>Writes into <paramref name="overlay"/> what transactions below <paramref name="end"/> wrote, as <see cref="StateDiff.ApplyTo"/> would.</summary>
        private void ApplyPrefix(BlockOverlay overlay, int end)
        {
            foreach (AccountVersions versions in _memory.WrittenAccounts())
            {
                Address address = versions.Address;
                if (!_memory.TryResolveAccount(versions, end, out Account? final, out _, out int writer))
                    throw new InvalidOperationException($"an ESTIMATE below committed transaction {end}");
                Resolved wipe = _memory.Resolve(versions, StateKey.Wipe(address), end);
                bool wiped = wipe.WriterTx >= 0 && !wipe.Number.IsZero;
                var slots = new List<(UInt256 Slot, UInt256 Value)>();
                if (versions.Storage is { } storage)
                    foreach ((UInt256 slot, VersionList list) in storage)
                    {
                        if (list.Count == 0) continue;
                        Resolved value = _memory.ResolveSlot(versions, slot, end);
                        if (value.WriterTx >= 0) slots.Add((slot, value.Number));
                    }
                if (writer < 0 && !wiped && slots.Count == 0) continue; // only transactions at or above the prefix wrote it
                if (wiped || final is null) overlay.DeleteAccount(address);
                if (final is not { } account) continue;
                // New code travels with the account, as in Finish's diff; the overlay serves it to later transactions.
                Resolved code = _memory.Resolve(versions, StateKey.Code(address), end);
                byte[]? newCode = code.WriterTx >= 0 && account.CodeHash != Hash256.EmptyKeccak ? _memory.GetCode(account.CodeHash) : null;
                overlay.SetAccount(address, account.Nonce, account.Balance, account.CodeHash, newCode);
                foreach ((UInt256 slot, UInt256 value) in slots) overlay.SetStorage(address, slot, value);
            }
        }

        /// <summary>
        /// Receipts, bloom, diff and statistics once every transaction is executed and validated. Only the gas sums are
        /// taken in block order on this thread (a pass over one array); the receipts, the block bloom, the conflict
        /// tallies for phase 1 and the diff are made on the workers. Done serially, the receipt pass alone was a tenth of
        /// the 2-thread block's wall time on 10,000 ETH transfers: it reads every transaction's objects, made on other cores.
        /// </summary>
        public BlockResult Finish(IStateRootCalculator? stateRoot)
        {
            _memory.Freeze();
            int n = _txs.Length;
            var cumulative = new long[n];
            long gasUsed = 0;
            for (int i = 0; i < n; i++) cumulative[i] = gasUsed += _gasUsed[_layout[i]];
            var receipts = new TransactionReceipt[n];
            int workers = _owner._workers.Workers;
            var blooms = new LogsBloom?[workers];
            var tallies = new TargetTally?[workers];
            var rejected = new int[workers * PerWorkerStride];
            _owner._workers.For(n, (worker, i) =>
            {
                PreparedTransaction tx = _txs[i];
                TransactionReceipt receipt;
                if (tx.Execution is null)
                {
                    receipt = ReceiptBuilder.Rejected(tx, tx.Error!, cumulative[i]);
                    rejected[worker * PerWorkerStride]++;
                }
                else
                {
                    TransactionOutcome outcome = _outcomes[_layout[i]] ?? throw new InvalidOperationException($"transaction {i} has no outcome after Block-STM finished");
                    receipt = ReceiptBuilder.Create(tx, outcome, cumulative[i], _blooms[_layout[i]]);
                    // A plain transfer credited lazily cannot conflict on its target: only calls teach phase 1.
                    if (!_lazyCredit[_layout[i]] && tx.Execution.To is { } to) (tallies[worker] ??= new TargetTally()).Count(to, _aborts[_layout[i]]);
                }
                if (receipt.Logs.Count > 0) (blooms[worker] ??= new LogsBloom()).Accumulate(receipt.Bloom);
                receipts[i] = receipt;
            });
            var bloom = new LogsBloom();
            foreach (LogsBloom? part in blooms)
                if (part is not null) bloom.Accumulate(part);
            StateDiff diff = BuildDiff();
            long criticalPath = _owner._options.MeasureCriticalPath ? CriticalPathGas(_gasUsed) : 0;
            _owner._hints.Learn(tallies);
            int executed = n;
            for (int w = 0; w < workers; w++) executed -= rejected[w * PerWorkerStride];
            var statistics = new ExecutionStatistics(true, _owner.Threads, n, Math.Max(0, _executions.Value - executed),
                _validationFailures, _estimateAborts, criticalPath, gasUsed, null);
            return new BlockResult(receipts, gasUsed, bloom, diff, stateRoot?.ComputeRoot(_parent, diff), statistics);
        }

        // Per-worker counters a cache line apart.
        private const int PerWorkerStride = 16;

        /// <summary>
        /// The block's net effect: every written location resolved after the last transaction. Accounts are resolved on
        /// the workers (memory is read-only now and safe to read concurrently), and the diff sorted there too
        /// (<see cref="StateDiff.SortOnWorkers"/>); only merging its sorted parts is left to this thread.
        /// </summary>
        private StateDiff BuildDiff()
        {
            int end = _txs.Length;
            List<AccountVersions> accounts = _memory.WrittenAccounts();
            IReadOnlyDictionary<UInt256, UInt256> noStorage = new Dictionary<UInt256, UInt256>();
            var changes = new AccountChange?[accounts.Count];
            _owner._workers.For(accounts.Count, index =>
            {
                AccountVersions versions = accounts[index];
                if (!_memory.HasFinalWrites(versions)) return; // every write to it was withdrawn by a re-execution
                Address address = versions.Address;
                Account? final = _memory.FinalAccount(versions, end, out Resolved wipe);
                bool wiped = !wipe.Number.IsZero;
                IReadOnlyDictionary<UInt256, UInt256> storage = noStorage;
                if (versions.Storage is { } slots)
                {
                    // Sized up front and read from each list's last write: one contract's slots (a token's balances)
                    // can be most of the block, and resolving each one through the general path was a tenth of
                    // Block-STM's CPU on the ERC-20 block.
                    var values = new Dictionary<UInt256, UInt256>(slots.Count);
                    foreach ((UInt256 slot, VersionList list) in slots)
                        if (list.Count > 0) values[slot] = _memory.FinalSlotValue(list, wipe);
                    if (values.Count > 0) storage = values;
                }
                byte[]? newCode = null;
                if (final is { } a && a.CodeHash != Hash256.EmptyKeccak && versions.Code is { Count: > 0 }) newCode = _memory.GetCode(a.CodeHash);
                changes[index] = new AccountChange(address, wiped, final, newCode, storage);
            });
            return StateDiff.SortOnWorkers([.. changes.OfType<AccountChange>()], _owner._workers);
        }

        /// <summary>
        /// The heaviest chain of read-after-write dependencies in the final execution, in gas: with unlimited
        /// workers the block cannot finish faster than this, so total gas over it is the ideal speedup.
        /// </summary>
        private long CriticalPathGas(long[] gas)
        {
            var path = new long[_txs.Length];
            long longest = 0;
            for (int i = 0; i < _txs.Length; i++)
            {
                long before = 0;
                foreach (ReadRecord read in _memory.ReadsOf(i))
                {
                    int writer = read.Kind switch
                    {
                        ReadKind.Account => _memory.TryResolveAccount(read.Address, i, out _, out _, out int w) ? w : -1,
                        ReadKind.CodeOnly => _memory.Resolve(StateKey.Code(read.Address), i).WriterTx,
                        _ => _memory.ResolveSlot(read.Address, read.Slot, i).WriterTx,
                    };
                    if (writer >= 0) before = Math.Max(before, path[writer]);
                }
                path[i] = before + Math.Max(1, gas[_layout[i]]);
                longest = Math.Max(longest, path[i]);
            }
            return longest;
        }
    }

    // ---------------------------------------------------------------- phase 2: in-execution dependency detection

    /// <summary>
    /// Runs one incarnation: the EVM on a <see cref="WorldState"/> over a <see cref="TransactionView"/> (which throws
    /// at an ESTIMATE), then turns what it committed into versioned writes: only fields that changed, balance
    /// credits of lazy recipients and the beneficiary fee as deltas (left in <see cref="IncarnationBuffers.Writes"/>;
    /// the worker's buffers are reused, so nothing here allocates per transaction but the read set it returns).
    /// </summary>
    private (TransactionOutcome, UInt256 Fee, ReadRecord[]) Phase2_ExecuteIncarnation(BlockEnvironment block, PreparedTransaction prepared, IncarnationBuffers buffers)
    {
        PendingWrites writes = buffers.Writes;
        writes.Clear();
        if (prepared.Execution is not { } tx) return (TransactionOutcome.Rejected(prepared.Error!), UInt256.Zero, []);
        TransactionView view = buffers.View;
        view.Begin(prepared.Index, LazyRecipientOf(tx, block));
        WriteCapture capture = buffers.Capture;
        capture.Clear();
        TransactionOutcome outcome = _processor.Execute(buffers.State, capture, block, tx);
        // A rejected transaction returns before its commit, leaving what validation loaded in the world state.
        if (!outcome.IsValid) buffers.Discard();
        foreach ((Address address, WriteCapture.AccountWrite w) in capture.Accounts) ConvertAccountWrite(view, address, w, writes);
        UInt256 lazyFee = outcome.IsValid ? SettleBeneficiaryFee(block.Coinbase, outcome.CoinbaseFee, view, capture, writes) : UInt256.Zero;
        return (outcome, lazyFee, view.Reads);
    }

    private static void ConvertAccountWrite(TransactionView view, Address address, WriteCapture.AccountWrite w, PendingWrites writes)
    {
        AccountVersions versions = view.VersionsOf(address, out Account? observed);
        if (view.LazyRecipientCredited && view.LazyRecipient == address)
        {
            if (w.Set && !w.Balance.IsZero) writes.Add(versions, StateKeyKind.Balance, default, new VersionedWrite { Kind = WriteKind.Delta, Number = w.Balance });
            return;
        }
        if (w.Deleted)
        {
            if (observed is not null) WriteDeletion(versions, writes);
            return;
        }
        if (w.Set)
        {
            if (observed is not { } before || before.CodeHash != w.CodeHash) writes.Add(versions, StateKeyKind.Code, default, new VersionedWrite { Code = new CodeValue(true, w.CodeHash) });
            if (w.Code is { Length: > 0 }) view.Memory.AddCode(w.CodeHash, w.Code);
            if (observed?.Nonce != w.Nonce) writes.Add(versions, StateKeyKind.Nonce, default, new VersionedWrite { Number = w.Nonce });
            if (observed?.Balance != w.Balance) writes.Add(versions, StateKeyKind.Balance, default, new VersionedWrite { Number = w.Balance });
        }
        if (w.StorageCleared) writes.Add(versions, StateKeyKind.StorageWipe, default, new VersionedWrite { Number = UInt256.One });
        // The commit lists each slot once (the world state keeps them in a dictionary).
        foreach ((UInt256 slot, UInt256 value) in w.Storage ?? [])
        {
            if (!w.StorageCleared && view.TryGetObservedSlot(address, slot, out UInt256 read) && read == value) continue;
            writes.Add(versions, StateKeyKind.Storage, slot, new VersionedWrite { Number = value });
        }
    }

    private static void WriteDeletion(AccountVersions versions, PendingWrites writes)
    {
        writes.Set(versions, StateKeyKind.Code, new VersionedWrite { Code = CodeValue.Absent });
        writes.Set(versions, StateKeyKind.Nonce, new VersionedWrite { Number = UInt256.Zero });
        writes.Set(versions, StateKeyKind.Balance, new VersionedWrite { Number = UInt256.Zero });
        writes.Set(versions, StateKeyKind.StorageWipe, new VersionedWrite { Number = UInt256.One });
    }

    /// <summary>
    /// The fee the sequential processor adds to the coinbase at the end of the transaction, as a delta on top of
    /// whatever the transaction itself wrote there. A zero fee still touches the coinbase (EIP-161: deleted if empty),
    /// which needs its real state, so only then is it read. Returns the fee to record as a lazy credit (zero when it
    /// was folded into an absolute write, or there is none).
    /// </summary>
    private static UInt256 SettleBeneficiaryFee(Address coinbase, UInt256 fee, TransactionView view, WriteCapture capture, PendingWrites writes)
    {
        WriteCapture.AccountWrite? own = capture.Find(coinbase);
        bool written = own is not null;
        if (!fee.IsZero)
        {
            // Only an incarnation that committed the coinbase has writes to it (the coinbase is never a lazy recipient).
            if (!written) return fee;
            AccountVersions versions = view.VersionsOf(coinbase, out _);
            if (writes.Find(versions, StateKeyKind.Balance) is int at && writes[at].Write.Kind == WriteKind.Value)
                writes[at].Write.Number += fee;
            else if (own!.Set)
                writes.Set(versions, StateKeyKind.Balance, new VersionedWrite { Number = own.Balance + fee });
            else
                return fee;
            return UInt256.Zero;
        }
        if (written)
        {
            if (own!.Set && own.Nonce == 0 && own.Balance.IsZero && own.CodeHash == Hash256.EmptyKeccak) WriteDeletion(view.VersionsOf(coinbase, out _), writes);
            return UInt256.Zero;
        }
        if (view.GetAccount(coinbase) is { IsEmpty: true }) WriteDeletion(view.VersionsOf(coinbase, out _), writes);
        return UInt256.Zero;
    }
}
