using AgentChain.Core.Numerics;
using AgentChain.Core.Crypto;
using AgentChain.Core.Rlp;
using AgentChain.Core.Transactions;
using AgentChain.Core.Trie;
using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.Evm.Handler;
using AgentChain.Evm.Precompiles;
using AgentChain.Node.Chain;
using AgentChain.Node.DevAccounts;
using AgentChain.Execution;
using ExecutionBloom = AgentChain.Execution.LogsBloom;
using AgentChain.Node.Threading;
using AgentChain.Node.Storage;
using AgentChain.Node.TxPool;
using AgentChain.Node.Tracing;
using AgentChain.Node.Production;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using AgentChain.State;
using CoreTransaction = AgentChain.Core.Transactions.Transaction;
using ExecTransaction = AgentChain.Evm.Handler.Transaction;

namespace AgentChain.Node;

/// <summary>
/// A single-validator chain: the head state, the pool and the store, and the three steps a consensus engine will
/// drive — <see cref="IBlockProposer"/>, <see cref="IProposalExecutor"/> (on <see cref="IBlockExecutor"/>) and
/// <see cref="IBlockCommitter"/> (one store write, then visible). The devnet finalizes every block at once. The
/// in-memory state runs ahead to the newest executed block; readers see the durable head through the undo sets of
/// the blocks still being written (<see cref="ChainView"/>). EVM work runs on large-stack threads.
/// </summary>
public sealed class LocalChain : IBlockProposer, IProposalExecutor, IBlockCommitter, IDisposable
{
    private const string MetaTimeOffset = "time_offset";

    // State: many readers (RPC reads, calls, pool admission, block execution, publishing a written block) or one
    // writer (applying a block, dev methods, evm_revert). The producer holds an upgradeable read while it executes,
    // so admission keeps flowing during execution and only the short apply-and-seal step excludes readers; the
    // store write runs under no state lock at all. _produce serializes proposing, executing, queuing commits and
    // the dev methods (which first wait for queued commits).
    private readonly ReaderWriterLockSlim _stateLock = new(LockRecursionPolicy.SupportsRecursion);
    private readonly Lock _poolLock = new();
    private readonly Lock _produce = new();
    private readonly IChainStore _store;
    private readonly IBlockExecutor _executor;
    private readonly LiveState _state = new();
    private readonly TransactionPool _pool;
    private readonly PrecompileSet _precompiles = PrecompileSet.AgentChain;
    private readonly List<(ulong Head, int UndoIndex, long TimeOffset, Hash256 Root)> _snapshots = [];
    private readonly List<StateChangeSet> _undo = [];
    // Recent history for state reads at older blocks: per block, the previous values of what it (and the dev
    // methods before it) changed. Bounded; lost on restart (older blocks then answer "not available").
    public const int HistoryBlocks = 256;
    private readonly List<(ulong Number, StateChangeSet Undo)> _history = [];
    private StateChangeSet _pendingUndo = new();
    private volatile ChainView _view;
    private Task _lastCommit = Task.CompletedTask;
    private (int Gen0, int Gen1, int Gen2, TimeSpan Paused) _lastGc;
    private long _timeOffset;
    private ulong? _nextTimestamp;

    public LocalChain(ChainOptions options, IChainStore store, IBlockExecutor? executor = null)
    {
        Options = options;
        _store = store;
        _executor = executor ?? (options.ParallelExecution ? new ParallelBlockExecutor(precompiles: _precompiles) : new SequentialBlockExecutor(_precompiles));
        _pool = new TransactionPool(options.PoolLimits);
        Accounts = HdWallet.DeriveAccounts(options.Mnemonic, options.AccountCount);
        _timeOffset = long.TryParse(store.GetMeta(MetaTimeOffset), out long offset) ? offset : 0;
        if (store.HeadNumber is { } head)
        {
            string? chainId = store.GetMeta("chain_id");
            if (chainId is not null && chainId != options.ChainId.ToString())
                throw new InvalidOperationException($"the data directory holds chain {chainId}, not {options.ChainId}; pass --chain-id {chainId} or --fresh to start over");
            CheckGenesis(store);
            store.LoadState(_state.Writer(new StateChangeSet()));
            Block headBlock = store.GetBlock(head) ?? throw new InvalidOperationException($"store says head is block {head} but cannot read it");
            // The stored root is the head's, or the one after dev-method changes made since (anvil_setBalance, ...).
            Hash256 expected = store.StateRoot ?? headBlock.Header.StateRoot;
            Hash256 root = _state.ComputeStateRoot();
            if (root != expected)
                throw new InvalidOperationException($"state root {root} after loading does not match the stored {expected} (head block {head}): the data directory is corrupt");
            // A data directory from before trie nodes were stored: the flat state checked out against the root, so
            // the nodes derived from it are the right ones; store them once.
            if (store.GetTrieNode(root) is null)
            {
                var migration = new StateChangeSet();
                foreach ((Hash256 hash, byte[] rlp) in _state.AllTrieNodes()) migration.TrieNodes[hash] = rlp;
                store.CommitState(migration, root);
            }
            _view = new ChainView(headBlock, expected, []);
            Resumed = true;
        }
        else
        {
            Block genesis = CreateGenesis();
            _view = new ChainView(genesis, genesis.Header.StateRoot, []);
        }
    }

    public ChainOptions Options { get; }

    /// <summary>When set, each non-empty block's phase timings are written here (<c>AGENTCHAIN_NODE_TIMING=1</c> in the devnet).</summary>
    public TextWriter? TimingLog { get; set; }
    public IReadOnlyList<DevAccount> Accounts { get; }
    public bool Resumed { get; }

    public event Action<Block, IReadOnlyList<Receipt>>? BlockCommitted;
    public event Action<Hash256>? TransactionAdded;

    /// <summary>The newest durable block: what RPC serves as latest.</summary>
    public Block Head => _view.Head;

    /// <summary>The newest executed block (durable or still being written): the parent of the next proposal.</summary>
    public Block Tip => _view.Tip;

    private T Read<T>(Func<T> read)
    {
        _stateLock.EnterReadLock();
        try { return read(); }
        finally { _stateLock.ExitReadLock(); }
    }

    private readonly struct LockScope(ReaderWriterLockSlim rwLock, bool write) : IDisposable
    {
        public void Dispose()
        {
            if (write) rwLock.ExitWriteLock(); else rwLock.ExitReadLock();
        }
    }

    private LockScope ReadScope()
    {
        _stateLock.EnterReadLock();
        return new LockScope(_stateLock, false);
    }

    private LockScope WriteScope()
    {
        _stateLock.EnterWriteLock();
        return new LockScope(_stateLock, true);
    }

    /// <summary>
    /// A data directory continues only the chain it was created for: its genesis block's state root must be the one
    /// these options describe (same dev accounts and balance, same predeploys), or the node would serve a chain
    /// that is not the one asked for.
    /// </summary>
    private void CheckGenesis(IChainStore store)
    {
        Block genesis = store.GetBlock(0) ?? throw new InvalidOperationException("the data directory has blocks but no genesis block: it is corrupt; pass --fresh to start over");
        Hash256 requested = GenesisState.Root(Options, Accounts);
        if (genesis.Header.StateRoot != requested)
            throw new InvalidOperationException(
                $"the data directory holds a chain with another genesis (state root {genesis.Header.StateRoot}, requested {requested}): "
                + "the predeployed contracts, the dev accounts or their balance differ from when it was created; "
                + "pass --fresh to start a new chain there, or the options it was created with");
    }

    private Block CreateGenesis()
    {
        var changes = new StateChangeSet();
        GenesisState.Write(Options, Accounts, _state.Writer(changes));
        var header = new BlockHeader
        {
            ParentHash = Hash256.Zero, Coinbase = Address.Zero, StateRoot = _state.ComputeStateRoot(changes),
            TransactionsRoot = Hash256.EmptyTrieRoot, ReceiptsRoot = Hash256.EmptyTrieRoot, LogsBloom = new byte[ExecutionBloom.Length],
            Number = 0, GasLimit = Options.GasLimit, GasUsed = 0, Timestamp = Options.GenesisTimestamp ?? (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            BaseFeePerGas = Options.InitialBaseFee,
        };
        var genesis = new Block { Header = header, Transactions = [], Senders = [] };
        _store.SetMeta("chain_id", Options.ChainId.ToString());
        _store.CommitBlock(genesis, [], changes);
        return genesis;
    }

    // ---- reads ----

    // The store may hold a block a moment before it becomes the head (written, not yet published): not served until then.
    public Block? GetBlock(ulong number)
    {
        Block head = Head;
        return number == head.Number ? head : number > head.Number ? null : _store.GetBlock(number);
    }

    public Block? GetBlock(in Hash256 hash) => _store.GetBlock(hash) is { } b && b.Number <= Head.Number ? b : null;
    public IReadOnlyList<Receipt> GetReceipts(ulong number) => number <= Head.Number ? _store.GetReceipts(number) : [];
    public Receipt? GetReceipt(in Hash256 hash) => _store.GetReceipt(hash) is { } r && r.BlockNumber <= Head.Number ? r : null;
    public IReadOnlyList<StoredLog> GetLogs(LogFilter filter, int limit) => _store.GetLogs(filter with { ToBlock = Math.Min(filter.ToBlock, Head.Number) }, limit);

    public (CoreTransaction Tx, Address Sender)? GetPendingTransaction(in Hash256 hash)
    {
        lock (_poolLock) return _pool.Get(hash) is { } p ? (p.Transaction, p.Sender) : null;
    }

    public Account? GetAccount(Address address, ulong? block = null) => Read(() => StateAt(block).GetAccount(address));
    public UInt256 GetStorage(Address address, UInt256 slot, ulong? block = null) => Read(() => StateAt(block).GetStorage(address, slot));
    public byte[] GetCode(Address address, ulong? block = null) => Read(() =>
    {
        IStateReader state = StateAt(block);
        return state.GetAccount(address) is { } a ? state.GetCode(a.CodeHash) : [];
    });

    /// <summary>The state after <paramref name="block"/> (null or the head: the head state). Call under the state lock.</summary>
    private IStateReader StateAt(ulong? block)
    {
        ChainView view = _view;
        ulong head = view.Head.Number;
        if (block is not { } number || number >= head) return DurableState(view);
        int first = _history.FindIndex(h => h.Number == number + 1);
        if (first < 0 || _history[^1].Number != view.Tip.Number)
            throw new StateUnavailableException($"state at block {number} is not available: this node keeps the last {HistoryBlocks} blocks' state since it started (head is {head})");
        var undos = new List<StateChangeSet>();
        for (int i = first; i < _history.Count; i++) undos.Add(_history[i].Undo);
        undos.Add(_pendingUndo);
        return new HistoricalStateReader(_state, undos);
    }

    /// <summary>
    /// The nonce a new transaction from the sender should use: the account nonce plus its pending run in the pool, both
    /// read under the state's read lock (state, then pool: the order every path takes). Read one after the other, a
    /// block could be applied, written and its transactions dropped from the pool in between, and the answer went back
    /// to the nonce before that block: the crash-safety test's client sent it and got "nonce too low".
    /// </summary>
    public ulong GetPendingNonce(Address address) => Read(() =>
    {
        ulong nonce = _state.GetAccount(address)?.Nonce ?? 0;
        lock (_poolLock) return _pool.NextNonce(address, nonce);
    });

    public (int Pending, int Queued) PoolStatus() => Read(() =>
    {
        // Against the durable nonces: transactions of blocks still being written are pending until those are visible.
        IStateReader durable = DurableState(_view);
        lock (_poolLock) return _pool.Status(a => durable.GetAccount(a)?.Nonce ?? 0);
    });

    /// <summary>A sender's nonce after the newest executed block. Under the state lock.</summary>
    private ulong AccountNonce(Address a) => _state.GetAccount(a)?.Nonce ?? 0;

    /// <summary>EIP-1559 base fee of the block after <paramref name="parent"/>.</summary>
    public static UInt256 NextBaseFee(BlockHeader parent)
    {
        ulong target = parent.GasLimit / 2;
        if (target == 0 || parent.GasUsed == target) return parent.BaseFeePerGas;
        if (parent.GasUsed > target)
        {
            UInt256 delta = parent.BaseFeePerGas * new UInt256(parent.GasUsed - target) / new UInt256(target) / new UInt256(8UL);
            return parent.BaseFeePerGas + UInt256.Max(delta, UInt256.One);
        }
        UInt256 decrease = parent.BaseFeePerGas * new UInt256(target - parent.GasUsed) / new UInt256(target) / new UInt256(8UL);
        return parent.BaseFeePerGas - decrease;
    }

    public UInt256 PendingBaseFee => NextBaseFee(Head.Header);

    // ---- transactions in ----

    /// <summary>Decodes, validates and pools a raw transaction; returns its hash or throws <see cref="TxPoolRejection"/>.</summary>
    public Hash256 SubmitRawTransaction(ReadOnlySpan<byte> raw)
    {
        Admission admission = SubmitRawTransactions([raw.ToArray()])[0];
        if (admission.Error is { } error) ExceptionDispatchInfo.Throw(error);
        return admission.Hash;
    }

    /// <summary>
    /// Admits raw transactions in order, each with the outcome it would have had if submitted alone: its hash, or the
    /// exception (a <see cref="TxPoolRejection"/> for every refusal a client should see). The independent, expensive
    /// part of each (decoding, sender recovery, hashing) runs before any lock; the state checks and the pool inserts of
    /// the whole batch then take the state lock and the pool lock once, not once per transaction, so JSON-RPC batches
    /// arriving together do not spin on those locks against each other and against the block producer.
    /// </summary>
    public Admission[] SubmitRawTransactions(IReadOnlyList<byte[]> raws)
    {
        var outcomes = new Admission[raws.Count];
        var candidates = new Candidate?[raws.Count];
        for (int i = 0; i < raws.Count; i++)
        {
            try { candidates[i] = Prepare(raws[i]); }
            catch (Exception e) { outcomes[i] = new Admission(default, e); }
        }
        _stateLock.EnterReadLock();
        try
        {
            UInt256 baseFee = NextBaseFee(_view.Tip.Header);
            for (int i = 0; i < raws.Count; i++)
            {
                if (candidates[i] is not { } candidate) continue;
                try { CheckAgainstState(candidate, baseFee); }
                catch (Exception e) { outcomes[i] = new Admission(default, e); candidates[i] = null; }
            }
            lock (_poolLock)
            {
                for (int i = 0; i < raws.Count; i++)
                {
                    if (candidates[i] is not { } c) continue;
                    try
                    {
                        _pool.Add(c.Transaction, c.Sender, AccountNonce, baseFee, c.Encoded);
                        outcomes[i] = new Admission(c.Hash, null);
                    }
                    catch (Exception e) { outcomes[i] = new Admission(default, e); }
                }
            }
        }
        finally
        {
            _stateLock.ExitReadLock();
        }
        if (TransactionAdded is { } added)
            foreach (Admission outcome in outcomes)
                if (outcome.Error is null) added(outcome.Hash);
        return outcomes;
    }

    /// <summary>A decoded transaction whose signature, fields and size passed, waiting for the state and pool checks.</summary>
    private sealed record Candidate(CoreTransaction Transaction, Address Sender, Hash256 Hash, byte[] Encoded);

    /// <summary>Everything admission checks without the chain's locks: size, encoding, chain id, fields, signature, gas limit.</summary>
    private Candidate Prepare(byte[] raw)
    {
        if (raw.Length > Options.PoolLimits.MaxTransactionBytes) throw new TxPoolRejection("oversized data");
        CoreTransaction tx;
        try { tx = TransactionDecoder.Decode(raw); }
        catch (RlpException e) { throw new TxPoolRejection($"rlp: {e.Message}"); }
        catch (InvalidTransactionException e) { throw new TxPoolRejection($"invalid transaction: {e.Message}"); }
        if (tx.ChainId is { } id && id != Options.ChainId) throw new TxPoolRejection($"invalid chain id: the transaction is for chain {id}, this chain is {Options.ChainId}");
        Address sender;
        try { sender = TransactionValidator.ValidateAndRecoverSender(tx, Options.ChainId); }
        catch (InvalidTransactionException e) when (e.Message.StartsWith("gas limit", StringComparison.Ordinal))
        {
            throw new TxPoolRejection($"intrinsic gas too low: gas {tx.GasLimit}, minimum needed {IntrinsicGas.Calculate(tx)}");
        }
        catch (InvalidTransactionException e) when (e.Message.Contains("priority fee", StringComparison.Ordinal))
        {
            throw new TxPoolRejection("max priority fee per gas higher than max fee per gas");
        }
        catch (InvalidTransactionException e) { throw new TxPoolRejection($"invalid transaction: {e.Message}"); }
        catch (SignatureException e) { throw new TxPoolRejection($"invalid sender: {e.Message}"); }
        // The chain's gas limit is the head's (a restarted chain keeps its own, whatever --gas-limit says now).
        // Admission checks against the newest executed block, the parent of the next proposal.
        ulong blockGasLimit = _view.Tip.Header.GasLimit;
        if (tx.GasLimit > blockGasLimit) throw new TxPoolRejection($"exceeds block gas limit: gas {tx.GasLimit}, block limit {blockGasLimit}");
        // The pool keys by hash: computed (and cached on the transaction) here, outside the locks.
        return new Candidate(tx, sender, tx.Hash, raw);
    }

    /// <summary>The checks against the sender's account in the newest executed state. Under the state read lock.</summary>
    private void CheckAgainstState(Candidate candidate, UInt256 baseFee)
    {
        (CoreTransaction tx, Address sender) = (candidate.Transaction, candidate.Sender);
        Account? account = _state.GetAccount(sender);
        ulong nonce = account?.Nonce ?? 0;
        if (tx.Nonce < nonce) throw new TxPoolRejection($"nonce too low: next nonce {nonce}, tx nonce {tx.Nonce}");
        if (account is { } a && a.CodeHash != Hash256.EmptyKeccak) throw new TxPoolRejection($"sender not an eoa: address {sender}, codehash: {a.CodeHash}");
        if (tx.MaxFeePerGasOrGasPrice < baseFee)
            throw new TxPoolRejection($"max fee per gas less than block base fee: address {sender}, maxFeePerGas: {tx.MaxFeePerGasOrGasPrice}, baseFee: {baseFee}");
        UInt256 cost = new UInt256(tx.GasLimit) * tx.MaxFeePerGasOrGasPrice + tx.Value;
        UInt256 balance = account?.Balance ?? UInt256.Zero;
        if (balance < cost)
            throw new TxPoolRejection($"insufficient funds for gas * price + value: balance {balance}, tx cost {cost}, overshot {cost - balance}");
    }

    // ---- blocks ----

    /// <summary>
    /// Proposes, executes and commits one block on the calling thread (which needs a large stack), returning once it
    /// is durable and visible. Null when there was nothing to do and empty blocks are off.
    /// </summary>
    public Block? ProduceBlock(bool force = false, ulong? timestamp = null) =>
        ProduceBlockPipelined(force, timestamp)?.GetAwaiter().GetResult();

    /// <summary>
    /// Proposes and executes one block and queues its store write, returning the write's task (null when there was
    /// nothing to do). The next call may propose and execute on top of this block while its write is still running;
    /// the caller bounds how far ahead it runs by waiting for earlier tasks.
    /// </summary>
    public Task<Block>? ProduceBlockPipelined(bool force = false, ulong? timestamp = null)
    {
        lock (_produce)
        {
            if (Propose(force, timestamp) is not { } proposal) return null;
            return Commit(Execute(proposal));
        }
    }

    /// <inheritdoc />
    public BlockProposal? Propose(bool force = false, ulong? timestamp = null)
    {
        lock (_produce)
        {
            using (ReadScope())
            {
                long t0 = Stopwatch.GetTimestamp();
                BlockHeader parent = _view.Tip.Header;
                UInt256 baseFee = NextBaseFee(parent);
                // The in-memory state is the tip's, so these are the nonces after the newest executed block.
                List<PooledTransaction> selected;
                lock (_poolLock) selected = _pool.SelectForBlock(AccountNonce, baseFee, parent.GasLimit, 50_000);
                if (selected.Count == 0 && !force && !Options.EmptyBlocks) return null;

                ulong now = (ulong)Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + _timeOffset);
                ulong time = timestamp ?? _nextTimestamp ?? Math.Max(now, parent.Timestamp);
                if (_nextTimestamp is { } next) { _timeOffset += (long)next - (long)now; _store.SetMeta(MetaTimeOffset, _timeOffset.ToString()); }
                _nextTimestamp = null;
                var env = new BlockEnvironment
                {
                    Coinbase = Address.Zero, Number = parent.Number + 1, Timestamp = time, GasLimit = parent.GasLimit, BaseFee = baseFee,
                    PrevRandao = UInt256.FromBigEndian(Keccak256.Hash(parent.Hash.Bytes).Bytes), ChainId = Options.ChainId, BlockHash = BlockHashAt,
                };
                return new BlockProposal(parent, env, selected) { SelectionTime = Stopwatch.GetElapsedTime(t0) };
            }
        }
    }

    /// <inheritdoc />
    public ExecutedBlock Execute(BlockProposal proposal)
    {
        lock (_produce)
        {
            // Upgradeable: admission and RPC reads go on while the block executes; only applying and sealing it exclude them.
            _stateLock.EnterUpgradeableReadLock();
            try
            {
                Block tip = _view.Tip;
                if (tip.Hash != proposal.Parent.Hash)
                    throw new InvalidOperationException($"the proposal for block {proposal.Number} builds on {proposal.Parent.Hash}, but the newest executed block is {tip.Number} ({tip.Hash}); propose again on it");
                long t0 = Stopwatch.GetTimestamp();
                BlockResult result = _executor.Execute(proposal.Environment, proposal.Transactions.Select(p => p.Transaction).ToList(), _state);
                long tExecute = Stopwatch.GetTimestamp();
                // Receipts, bloom and the transactions and receipts roots do not depend on the state root: built
                // before the write lock, so admission and reads wait only for applying the changes and for sealing the header.
                SealParts parts = PrepareSeal(proposal, result);
                long tPrepared = Stopwatch.GetTimestamp();
                AppliedState applied;
                _stateLock.EnterWriteLock();
                try { applied = Apply(proposal, result); }
                finally { _stateLock.ExitWriteLock(); }
                long tApplied = Stopwatch.GetTimestamp();
                // The state root, outside the write lock: the tries are the producer's alone (it holds _produce and the
                // upgradeable lock, so no other writer runs), and readers only read the flat state, whose durable view
                // the Sealing undo set keeps at the head meanwhile. Admission goes on while the root is hashed.
                Hash256 stateRoot = _state.ComputeStateRoot(applied.Changes);
                long tRoot = Stopwatch.GetTimestamp();
                _stateLock.EnterWriteLock();
                try
                {
                    return Seal(proposal, result, parts, applied, stateRoot, [t0, tExecute, tPrepared, tApplied, tRoot]);
                }
                finally { _stateLock.ExitWriteLock(); }
            }
            finally { _stateLock.ExitUpgradeableReadLock(); }
        }
    }

    /// <summary>What sealing needs from an execution result, apart from the state root.</summary>
    private sealed record SealParts(List<(PooledTransaction Tx, TransactionReceipt Receipt)> Included, List<Receipt> Unsealed,
        List<byte[]> EncodedTransactions, ulong GasUsed,
        Hash256 TransactionsRoot, Hash256 ReceiptsRoot, byte[] Bloom);

    private static SealParts PrepareSeal(BlockProposal proposal, BlockResult result)
    {
        IReadOnlyList<PooledTransaction> selected = proposal.Transactions;
        var included = new List<(PooledTransaction Tx, TransactionReceipt Receipt)>(selected.Count);
        for (int i = 0; i < selected.Count; i++)
        {
            // Rejected now (e.g. its balance was spent by an earlier transaction of the block): left out, dropped from the pool.
            if (!result.Receipts[i].IsRejected) included.Add((selected[i], result.Receipts[i]));
        }
        // Each transaction is encoded once, when it arrives (PooledTransaction.Encoded), and each receipt's bloom once,
        // by the executor: the roots and the block bloom reuse both.
        var bloom = new ExecutionBloom();
        var unsealed = new List<Receipt>(included.Count);
        var encodedTransactions = new List<byte[]>(included.Count);
        var encodedReceipts = new List<byte[]>(included.Count);
        ulong cumulative = 0;
        int logIndex = 0;
        for (int i = 0; i < included.Count; i++)
        {
            (PooledTransaction tx, TransactionReceipt r) = included[i];
            cumulative += (ulong)r.GasUsed;
            Receipt receipt = MakeReceipt(tx, r, cumulative, logIndex, i, default, proposal.Number, proposal.BaseFee);
            unsealed.Add(receipt);
            encodedTransactions.Add(tx.Encoded);
            encodedReceipts.Add(receipt.EncodeConsensus());
            logIndex += r.Logs.Count;
            if (r.Logs.Count > 0) bloom.Accumulate(r.Bloom);
        }
        return new SealParts(included, unsealed, encodedTransactions, cumulative,
            PatriciaTrie.ComputeOrderedRoot(encodedTransactions), PatriciaTrie.ComputeOrderedRoot(encodedReceipts), bloom.Bytes.ToArray());
    }

    /// <summary>What applying a block's changes recorded: the change set to persist and the undo set of the block.</summary>
    private sealed record AppliedState(StateChangeSet Changes, StateChangeSet BlockUndo, long Started);

    /// <summary>
    /// Applies an execution result to the in-memory state, recording the undo sets (history, open snapshots, the
    /// block's own), and marks the view as sealing so durable reads undo it until the block joins the view. Under
    /// the write lock.
    /// </summary>
    private AppliedState Apply(BlockProposal proposal, BlockResult result)
    {
        long started = Stopwatch.GetTimestamp();
        var changes = new StateChangeSet();
        var blockUndo = new StateChangeSet();
        StateChangeSet? snapshotUndo = _snapshots.Count > 0 ? new StateChangeSet() : null;
        StateChangeSet historyUndo = _pendingUndo;
        result.Changes.ApplyTo(_state.Writer(changes, snapshotUndo, historyUndo, blockUndo));
        if (snapshotUndo is not null) _undo.Add(snapshotUndo);
        _pendingUndo = new StateChangeSet();
        _history.Add((proposal.Number, historyUndo));
        if (_history.Count > HistoryBlocks) _history.RemoveAt(0);
        _view = _view with { Sealing = blockUndo };
        return new AppliedState(changes, blockUndo, started);
    }

    /// <summary>
    /// Seals the applied block with its state root and makes it the newest executed block. Readers keep the durable
    /// view through <see cref="ExecutedBlock.Undo"/> until the block's write completes. Under the write lock.
    /// </summary>
    private ExecutedBlock Seal(BlockProposal proposal, BlockResult result, SealParts parts, AppliedState applied, Hash256 stateRoot, long[] times)
    {
        long tLocked = Stopwatch.GetTimestamp();
        BlockHeader parent = proposal.Parent;
        BlockEnvironment env = proposal.Environment;
        var header = new BlockHeader
        {
            ParentHash = parent.Hash, Coinbase = env.Coinbase, StateRoot = stateRoot,
            TransactionsRoot = parts.TransactionsRoot, ReceiptsRoot = parts.ReceiptsRoot, LogsBloom = parts.Bloom,
            Number = proposal.Number, GasLimit = env.GasLimit, GasUsed = parts.GasUsed, Timestamp = env.Timestamp,
            MixHash = Keccak256.Hash(parent.Hash.Bytes), BaseFeePerGas = proposal.BaseFee,
        };
        var block = new Block
        {
            Header = header, Transactions = parts.Included.Select(p => p.Tx.Transaction).ToList(), Senders = parts.Included.Select(p => p.Tx.Sender).ToList(),
            EncodedTransactions = parts.EncodedTransactions,
        };
        Receipt[] receipts = [.. parts.Unsealed.Select(r => r.WithBlockHash(header.Hash))];
        // A transaction rejected at execution is in no block; dropping it now keeps the next proposal from choosing it again.
        if (parts.Included.Count < proposal.Transactions.Count)
        {
            lock (_poolLock)
            {
                foreach (PooledTransaction p in proposal.Transactions.Except(parts.Included.Select(i => i.Tx))) DropFromPool(p);
            }
        }
        long tSealed = Stopwatch.GetTimestamp();
        var executed = new ExecutedBlock
        {
            Block = block, Receipts = receipts, Changes = applied.Changes, Undo = applied.BlockUndo, Proposed = proposal.Transactions,
            ExecutionTiming = $"select {proposal.SelectionTime.TotalMilliseconds:F1} ms, execute {Ms(times[0], times[1]):F1} ms " +
                $"({(result.Statistics.RanInParallel ? "parallel" : "sequential: " + result.Statistics.FallbackReason)}), receipts and roots {Ms(times[1], times[2]):F1} ms, " +
                $"apply {Ms(applied.Started, times[3]):F1} ms (write lock), state root {Ms(times[3], times[4]):F1} ms (no lock), " +
                $"seal {Ms(tLocked, tSealed):F1} ms (write lock), waiting for the write locks {Ms(times[2], applied.Started) + Ms(times[4], tLocked):F1} ms",
        };
        _view = _view with { Unpublished = [.. _view.Unpublished, executed], Sealing = null };
        return executed;
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    /// <inheritdoc />
    public Task<Block> Commit(ExecutedBlock block)
    {
        lock (_produce)
        {
            if (!_view.Unpublished.Contains(block) || block.CommitQueued)
                throw new InvalidOperationException($"block {block.Number} ({block.Block.Hash}) is not an executed block waiting for its commit here");
            block.CommitQueued = true;
            Task previous = _lastCommit;
            long queued = Stopwatch.GetTimestamp();
            // Chained, so writes happen in block order and a failed write fails every later one (never n+1 without n).
            Task<Block> commit = Task.Run(async () =>
            {
                await previous.ConfigureAwait(false);
                return WriteAndPublish(block, queued);
            });
            _lastCommit = commit;
            return commit;
        }
    }

    /// <summary>
    /// The store write, outside every chain lock (admission, reads and the next block's execution go on), then the
    /// switch that makes the block visible. A crash before the switch loses only a block no client has seen.
    /// </summary>
    private Block WriteAndPublish(ExecutedBlock executed, long queued)
    {
        long tStart = Stopwatch.GetTimestamp();
        _store.CommitBlock(executed.Block, executed.Receipts, executed.Changes);
        long tWritten = Stopwatch.GetTimestamp();
        string? storeTiming = _store.LastBlockWriteTiming;
        using (ReadScope())
        {
            ChainView view = _view;
            if (view.Unpublished.Count == 0 || view.Unpublished[0] != executed)
                throw new InvalidOperationException($"block {executed.Number} was written out of order: the oldest unpublished block is {(view.Unpublished.Count > 0 ? view.Unpublished[0].Number : "none")}");
            // The producer may be sealing the next block (view.Sealing): that stays as it is.
            var published = view with { Head = executed.Block, StateRoot = executed.Block.Header.StateRoot, Unpublished = [.. view.Unpublished.Skip(1)] };
            _view = published;
            // Included transactions leave the pool only now: until the block is visible, clients see them as pending.
            IStateReader durable = DurableState(published);
            lock (_poolLock) _pool.RemoveStale(executed.Block.Senders, a => durable.GetAccount(a)?.Nonce ?? 0);
        }
        if (TimingLog is { } timing && executed.Block.Transactions.Count > 0)
        {
            // Garbage collections since the previous line, process-wide: allocation per transaction shows up here.
            (int, int, int, TimeSpan) gc = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            (int g0, int g1, int g2, TimeSpan pause) = _lastGc;
            _lastGc = gc;
            timing.WriteLine($"block {executed.Number}: {executed.Block.Transactions.Count} txs, {executed.ExecutionTiming}, " +
                $"commit {Ms(tStart, tWritten):F1} ms{(storeTiming is null ? "" : $" [{storeTiming}]")} (after {Ms(queued, tStart):F1} ms waiting for the previous write), visible {Ms(queued, Stopwatch.GetTimestamp()):F1} ms after sealing; " +
                $"GCs since the previous block: gen0 {gc.Item1 - g0}, gen1 {gc.Item2 - g1}, gen2 {gc.Item3 - g2}, paused {(gc.Item4 - pause).TotalMilliseconds:F1} ms");
        }
        BlockCommitted?.Invoke(executed.Block, executed.Receipts);
        return executed.Block;
    }

    /// <summary>
    /// Waits until every executed block is durable and visible. Dev methods and evm_revert write the durable state
    /// directly, so nothing may be in flight under them. Call holding <see cref="_produce"/>, before the state lock.
    /// </summary>
    private void WaitForCommits() => _lastCommit.GetAwaiter().GetResult();

    /// <summary>The state after the visible head: the in-memory state with the unpublished blocks undone. Under the state lock.</summary>
    private IStateReader DurableState(ChainView view) =>
        view.Unpublished.Count == 0 && view.Sealing is null
            ? _state
            : new HistoricalStateReader(_state, [.. view.Unpublished.Select(u => u.Undo), .. view.Sealing is { } sealing ? [sealing] : Array.Empty<StateChangeSet>()]);

    private void DropFromPool(PooledTransaction p)
    {
        // A transaction that failed validation at execution time can never become valid at the same nonce without
        // a state change from its sender, which only a newer transaction makes; drop its whole sender queue tail.
        var stale = _pool.All.Where(t => t.Sender == p.Sender && t.Nonce >= p.Nonce).ToList();
        if (stale.Count == 0) return;
        var keep = _pool.All.Where(t => !stale.Contains(t)).ToList();
        _pool.Clear();
        UInt256 baseFee = NextBaseFee(_view.Tip.Header);
        foreach (PooledTransaction t in keep) _pool.Add(t.Transaction, t.Sender, AccountNonce, baseFee, t.Encoded);
    }

    private Hash256 BlockHashAt(ulong number)
    {
        // The block being proposed may sit on executed blocks whose writes have not completed.
        foreach (ExecutedBlock executed in _view.Unpublished)
            if (executed.Number == number) return executed.Block.Hash;
        return _store.GetBlock(number)?.Hash ?? Hash256.Zero;
    }

    private static Receipt MakeReceipt(PooledTransaction p, TransactionReceipt r, ulong cumulative, int firstLog, int index, Hash256 blockHash, ulong number, UInt256 baseFee)
    {
        CoreTransaction tx = p.Transaction;
        return new Receipt
        {
            TransactionHash = tx.Hash, Type = (byte)tx.Type, TransactionIndex = index, BlockHash = blockHash, BlockNumber = number,
            From = p.Sender, To = tx.To, ContractAddress = tx.To is null ? EvmHost.CreateAddress(p.Sender, tx.Nonce) : null,
            Success = r.Success, GasUsed = (ulong)r.GasUsed, CumulativeGasUsed = cumulative,
            EffectiveGasPrice = EffectiveGasPrice(tx, baseFee), Logs = r.Logs, FirstLogIndex = firstLog, LogsBloom = r.Bloom,
        };
    }

    public static UInt256 EffectiveGasPrice(CoreTransaction tx, UInt256 baseFee) =>
        tx.Type >= TransactionType.DynamicFee ? UInt256.Min(tx.MaxFeePerGas, baseFee + tx.MaxPriorityFeePerGas) : tx.GasPrice;

    // ---- calls ----

    /// <summary>Runs a call against the head state (plus overrides) without committing anything.</summary>
    public TransactionOutcome Call(CallRequest request, IReadOnlyDictionary<Address, AccountOverride>? overrides = null, ulong? gasOverride = null, ulong? block = null)
    {
        return Read(() => LargeStack.Run(() => CallLocked(request, overrides, gasOverride, block)));
    }

    private TransactionOutcome CallLocked(CallRequest request, IReadOnlyDictionary<Address, AccountOverride>? overrides, ulong? gasOverride, ulong? block, CallTracer? tracer = null)
    {
        Block head = Head;
        IStateReader baseState = StateAt(block);
        BlockHeader? at = block is { } n && n < head.Number ? _store.GetBlock(n)?.Header : null;
        Address from = request.From ?? Address.Zero;
        var allOverrides = new Dictionary<Address, AccountOverride>(overrides ?? new Dictionary<Address, AccountOverride>());
        // geth skips the EOA check for calls: a contract may be the caller.
        Account? sender = baseState.GetAccount(from);
        if (sender is { } s && s.CodeHash != Hash256.EmptyKeccak && !allOverrides.ContainsKey(from))
            allOverrides[from] = new AccountOverride { Code = [] };
        IStateReader reader = allOverrides.Count > 0 ? new OverrideStateReader(baseState, allOverrides) : baseState;
        bool priced = request.GasPrice is not null || request.MaxFeePerGas is not null;
        UInt256 baseFee = priced ? NextBaseFee(head.Header) : UInt256.Zero;
        ulong gas = gasOverride ?? request.Gas ?? head.Header.GasLimit;
        if (gas > head.Header.GasLimit) gas = head.Header.GasLimit;
        // As geth (SkipNonceChecks): a call runs at the account's current nonce whatever the request says, so a
        // client that sends the nonce of its next transaction still gets an answer.
        ulong nonce = reader.GetAccount(from)?.Nonce ?? 0;
        var tx = new ExecTransaction
        {
            Type = request.MaxFeePerGas is not null ? (byte)2 : (byte)0, Sender = from, To = request.To, Nonce = nonce,
            GasLimit = gas, Value = request.Value, Data = request.Data, GasPrice = request.GasPrice ?? UInt256.Zero,
            MaxFeePerGas = request.MaxFeePerGas ?? UInt256.Zero, MaxPriorityFeePerGas = request.MaxPriorityFeePerGas ?? UInt256.Zero,
        };
        // At the head: the next block's context (as anvil's pending block); at an older block: that block's (as geth).
        var env = new BlockEnvironment
        {
            Coinbase = Address.Zero, Number = at?.Number ?? head.Number + 1,
            Timestamp = at?.Timestamp ?? Math.Max(head.Header.Timestamp, (ulong)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + _timeOffset)),
            GasLimit = head.Header.GasLimit, BaseFee = baseFee, PrevRandao = UInt256.FromBigEndian(Keccak256.Hash(head.Hash.Bytes).Bytes),
            ChainId = Options.ChainId, BlockHash = BlockHashAt,
        };
        var outcome = new TransactionProcessor(_precompiles).Execute(new WorldState(reader), DiscardingStateWriter.Instance, env, tx, tracer);
        if (outcome.Error is { } error) throw new CallFailedException(DescribeRejection(error, tx));
        return outcome;
    }

    // ---- proofs ----

    /// <summary>
    /// eth_getProof (EIP-1186) from the stored trie nodes: at the head (with any later dev-method changes, as the
    /// other state reads) or at an older block's state root. Nodes are never pruned, so every block whose state was
    /// written with its nodes can be proven.
    /// </summary>
    public AccountProof GetProof(Address address, IReadOnlyList<UInt256> slots, ulong? block = null)
    {
        Hash256 root;
        using (ReadScope())
        {
            ChainView view = _view;
            root = block is { } n && n < view.Head.Number
                ? (_store.GetBlock(n) ?? throw new StateUnavailableException($"block {n} is not stored")).Header.StateRoot
                : view.StateRoot;
        }
        // Nodes are content-addressed and never deleted, so the walk needs no lock once the root is chosen.
        StoredTrieProof account = StoredTrieProof.Build(_store, root, Keccak256.Hash(address.Bytes).Bytes);
        ulong nonce = 0;
        UInt256 balance = UInt256.Zero;
        Hash256 storageRoot = Hash256.EmptyTrieRoot, codeHash = Hash256.EmptyKeccak;
        if (account.Value is { } encoded)
        {
            var reader = new RlpReader(encoded).ReadList();
            nonce = reader.ReadUInt64();
            balance = reader.ReadUInt256();
            storageRoot = reader.ReadHash();
            codeHash = reader.ReadHash();
        }
        var storage = new List<(UInt256, UInt256, IReadOnlyList<byte[]>)>();
        Span<byte> key = stackalloc byte[32];
        foreach (UInt256 slot in slots)
        {
            slot.WriteBigEndian(key);
            StoredTrieProof proof = StoredTrieProof.Build(_store, storageRoot, Keccak256.Hash(key).Bytes);
            UInt256 value = proof.Value is { } v ? new RlpReader(v).ReadUInt256() : UInt256.Zero;
            storage.Add((slot, value, proof.Nodes));
        }
        return new AccountProof(address, account.Nodes, nonce, balance, storageRoot, codeHash, storage);
    }

    // ---- tracing ----

    /// <summary>
    /// debug_traceCall: runs the call as <see cref="Call"/> does, with geth's call tracer attached. The top frame's
    /// gas is the call's gas limit.
    /// </summary>
    public CallFrame TraceCall(CallRequest request, CallTracerOptions options, IReadOnlyDictionary<Address, AccountOverride>? overrides = null, ulong? block = null)
    {
        return Read(() => LargeStack.Run(() =>
        {
            var tracer = new CallTracer(options);
            ulong gas = Math.Min(request.Gas ?? Head.Header.GasLimit, Head.Header.GasLimit);
            TransactionOutcome outcome = CallLocked(request, overrides, gas, block, tracer);
            return tracer.Result(gas, outcome.GasUsed);
        }));
    }

    /// <summary>
    /// debug_traceTransaction: re-executes the transactions before it in its block on the parent state (in memory,
    /// sequentially, as the reference executor defines the result), then runs it with geth's call tracer attached.
    /// Null when the transaction is not in a block. Needs the parent's state (<see cref="HistoryBlocks"/>).
    /// </summary>
    public CallFrame? TraceTransaction(Hash256 hash, CallTracerOptions options)
    {
        if (GetReceipt(hash) is not { } receipt) return null;
        Block block = GetBlock(receipt.BlockNumber) ?? throw new InvalidOperationException($"receipt of {hash} names block {receipt.BlockNumber}, which the store cannot read");
        BlockHeader header = block.Header;
        var env = new BlockEnvironment
        {
            Coinbase = header.Coinbase, Number = header.Number, Timestamp = header.Timestamp, GasLimit = header.GasLimit,
            BaseFee = header.BaseFeePerGas, PrevRandao = UInt256.FromBigEndian(header.MixHash.Bytes), ChainId = Options.ChainId,
            BlockHash = BlockHashAt,
        };
        return Read(() => LargeStack.Run(() =>
        {
            var replay = new ReplayState(StateAt(header.Number - 1));
            var processor = new TransactionProcessor(_precompiles);
            for (int i = 0; i < receipt.TransactionIndex; i++)
                processor.Execute(new WorldState(replay), replay, env, TransactionConversion.ToExecution(block.Transactions[i], block.Senders[i]));
            var tracer = new CallTracer(options);
            CoreTransaction tx = block.Transactions[receipt.TransactionIndex];
            TransactionOutcome outcome = processor.Execute(new WorldState(replay), DiscardingStateWriter.Instance, env,
                TransactionConversion.ToExecution(tx, block.Senders[receipt.TransactionIndex]), tracer);
            // The replay must reproduce the block; if it does not (dev methods changed state between blocks, which the
            // kept history cannot separate from the block's own changes), say so rather than return a wrong trace.
            if (!outcome.IsValid || (ulong)outcome.GasUsed != receipt.GasUsed || outcome.Status == CallStatus.Success != receipt.Success)
                throw new StateUnavailableException($"re-executing block {header.Number} did not reproduce transaction {hash} (gas used {outcome.GasUsed} vs {receipt.GasUsed} in its receipt): state was changed outside blocks (dev methods) before it, so it cannot be traced");
            return tracer.Result(tx.GasLimit, outcome.GasUsed);
        }));
    }

    private static string DescribeRejection(string error, ExecTransaction tx) => error switch
    {
        "TransactionException.INSUFFICIENT_ACCOUNT_FUNDS" => "insufficient funds for gas * price + value",
        "TransactionException.INTRINSIC_GAS_TOO_LOW" => $"intrinsic gas too low: gas {tx.GasLimit}, minimum needed {TransactionProcessor.IntrinsicGas(tx)}",
        "TransactionException.INSUFFICIENT_MAX_FEE_PER_GAS" => "max fee per gas less than block base fee",
        "TransactionException.PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS" => "max priority fee per gas higher than max fee per gas",
        "TransactionException.NONCE_MISMATCH_TOO_LOW" => "nonce too low",
        "TransactionException.NONCE_MISMATCH_TOO_HIGH" => "nonce too high",
        "TransactionException.GAS_ALLOWANCE_EXCEEDED" => "gas limit exceeds the block gas limit",
        "TransactionException.INITCODE_SIZE_EXCEEDED" => "max initcode size exceeded",
        _ => error,
    };

    /// <summary>
    /// geth's estimate: run at the cap; a revert there is an error with the revert data; otherwise binary-search the
    /// smallest gas limit that succeeds, starting from the gas the capped run used.
    /// </summary>
    public ulong EstimateGas(CallRequest request, IReadOnlyDictionary<Address, AccountOverride>? overrides = null, ulong? block = null)
    {
        using (ReadScope())
        {
            return LargeStack.Run(() =>
            {
                ulong cap = Math.Min(request.Gas ?? Head.Header.GasLimit, Head.Header.GasLimit);
                TransactionOutcome top = CallLocked(request, overrides, cap, block);
                if (top.Status == CallStatus.Revert) throw new CallRevertedException(top.Output);
                if (top.Status != CallStatus.Success) throw new CallFailedException($"gas required exceeds allowance ({cap})");
                ulong lo = (ulong)top.GasUsed - 1, hi = cap;
                // Most calls need only a little more than they used (refunds and the 63/64 rule): try that first.
                ulong optimistic = Math.Min(hi, ((ulong)top.GasUsed + 2300) * 64 / 63);
                if (Succeeds(optimistic)) hi = optimistic; else lo = optimistic;
                while (lo + 1 < hi)
                {
                    ulong mid = lo + (hi - lo) / 2;
                    if (Succeeds(mid)) hi = mid; else lo = mid;
                }
                return hi;
            });
        }

        bool Succeeds(ulong gas)
        {
            try { return CallLocked(request, overrides, gas, block).Status == CallStatus.Success; }
            catch (CallFailedException) { return false; }
        }
    }

    // ---- dev methods ----

    public void SetBalance(Address address, UInt256 balance) => ModifyAccount(address, a => a with { Balance = balance }, null);
    public void SetNonce(Address address, ulong nonce) => ModifyAccount(address, a => a with { Nonce = nonce }, null);
    public void SetCode(Address address, byte[] code) =>
        ModifyAccount(address, a => a with { CodeHash = code.Length == 0 ? Hash256.EmptyKeccak : Keccak256.Hash(code) }, code);

    public void SetStorageAt(Address address, UInt256 slot, UInt256 value)
    {
        lock (_produce)
        using (DevWriteScope())
        {
            var changes = new StateChangeSet();
            IStateWriter writer = _state.Writer(changes, OpenUndo(), _pendingUndo);
            Account a = _state.GetAccount(address) ?? Account.Empty;
            writer.SetAccount(address, a.Nonce, a.Balance, a.CodeHash, null);
            writer.SetStorage(address, slot, value);
            CommitDevChanges(changes);
        }
    }

    private void ModifyAccount(Address address, Func<Account, Account> change, byte[]? code)
    {
        lock (_produce)
        using (DevWriteScope())
        {
            var changes = new StateChangeSet();
            IStateWriter writer = _state.Writer(changes, OpenUndo(), _pendingUndo);
            Account a = change(_state.GetAccount(address) ?? Account.Empty);
            writer.SetAccount(address, a.Nonce, a.Balance, a.CodeHash, code);
            CommitDevChanges(changes);
        }
    }

    /// <summary>Waits for queued block writes, then takes the write lock. Call holding <see cref="_produce"/>.</summary>
    private LockScope DevWriteScope()
    {
        WaitForCommits();
        return WriteScope();
    }

    /// <summary>Makes a dev method's change durable, then visible (nothing is in flight: see <see cref="DevWriteScope"/>).</summary>
    private void CommitDevChanges(StateChangeSet changes)
    {
        Hash256 root = _state.ComputeStateRoot(changes);
        _store.CommitState(changes, root);
        _view = _view with { StateRoot = root };
    }

    private StateChangeSet? OpenUndo()
    {
        if (_snapshots.Count == 0) return null;
        var undo = new StateChangeSet();
        _undo.Add(undo);
        return undo;
    }

    public long IncreaseTime(long seconds)
    {
        using (WriteScope())
        {
            _timeOffset += seconds;
            _store.SetMeta(MetaTimeOffset, _timeOffset.ToString());
            return _timeOffset;
        }
    }

    public void SetNextBlockTimestamp(ulong timestamp)
    {
        using (WriteScope())
        {
            ulong tipTime = _view.Tip.Header.Timestamp;
            if (timestamp < tipTime)
                throw new ArgumentException($"timestamp {timestamp} is before the head block's {tipTime}");
            _nextTimestamp = timestamp;
        }
    }

    /// <summary>evm_snapshot: remembers the head and state; returns the snapshot id (0x1, 0x2, ...).</summary>
    public int Snapshot()
    {
        lock (_produce)
        using (DevWriteScope())
        {
            // The root, not the head's: dev methods may have changed state since the head was sealed.
            _snapshots.Add((Head.Number, _undo.Count, _timeOffset, _state.ComputeStateRoot()));
            return _snapshots.Count;
        }
    }

    /// <summary>evm_revert: back to the snapshot's head and state; that snapshot and later ones are gone. False for an unknown id.</summary>
    public bool Revert(int id)
    {
        lock (_produce)
        using (DevWriteScope())
        {
            if (id < 1 || id > _snapshots.Count) return false;
            (ulong head, int undoIndex, long timeOffset, Hash256 snapshotRoot) = _snapshots[id - 1];
            var restore = new StateChangeSet();
            for (int i = _undo.Count - 1; i >= undoIndex; i--)
            {
                _state.Restore(_undo[i]);
                foreach (var (address, account) in _undo[i].Accounts)
                {
                    if (account is { } a) restore.Accounts[address] = a;
                    else { restore.Accounts[address] = null; restore.ClearedStorage.Add(address); }
                }
                foreach (var (key, value) in _undo[i].Storage) restore.Storage[key] = value;
            }
            _undo.RemoveRange(undoIndex, _undo.Count - undoIndex);
            _snapshots.RemoveRange(id - 1, _snapshots.Count - (id - 1));
            Hash256 root = _state.ComputeStateRoot(restore);
            if (root != snapshotRoot)
                throw new InvalidOperationException($"evm_revert restored state root {root}, but the snapshot had {snapshotRoot}");
            _store.Rewind(head, restore, snapshotRoot);
            _view = new ChainView(_store.GetBlock(head)!, snapshotRoot, []);
            _timeOffset = timeOffset;
            _store.SetMeta(MetaTimeOffset, _timeOffset.ToString());
            lock (_poolLock) _pool.Clear();
            _history.RemoveAll(h => h.Number > head);
            _pendingUndo = new StateChangeSet();
            return true;
        }
    }

    public void Dispose()
    {
        // Let a queued write finish before the store closes. Its failure, if any, already went to whoever awaited it
        // (the producer stops the node on it); waiting on the handle does not rethrow it a second time here.
        ((IAsyncResult)_lastCommit).AsyncWaitHandle.WaitOne();
        _store.Dispose();
        _stateLock.Dispose();
    }
}
