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
using AgentChain.State;
using CoreTransaction = AgentChain.Core.Transactions.Transaction;
using ExecTransaction = AgentChain.Evm.Handler.Transaction;

namespace AgentChain.Node;

/// <summary>
/// A single-validator chain: the head state, the pool and the store, and the three steps a consensus engine will
/// drive — propose (<see cref="SelectTransactions"/>), execute (<see cref="IBlockExecutor"/>), commit (one store
/// write). The devnet finalizes every block at once. One lock serializes state access; EVM work runs on
/// large-stack threads.
/// </summary>
public sealed class LocalChain : IDisposable
{
    private const string MetaTimeOffset = "time_offset";

    // State: many readers (RPC reads, calls, pool admission, block execution) or one writer (applying a block,
    // dev methods, evm_revert). The producer holds an upgradeable read while it executes, so admission keeps
    // flowing during execution and only the short apply-and-commit step excludes readers.
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
    private volatile Block _head;
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
            _head = store.GetBlock(head) ?? throw new InvalidOperationException($"store says head is block {head} but cannot read it");
            // The stored root is the head's, or the one after dev-method changes made since (anvil_setBalance, ...).
            Hash256 expected = store.StateRoot ?? _head.Header.StateRoot;
            Hash256 root = _state.ComputeStateRoot();
            if (root != expected)
                throw new InvalidOperationException($"state root {root} after loading does not match the stored {expected} (head block {head}): the data directory is corrupt");
            Resumed = true;
        }
        else
        {
            _head = CreateGenesis();
        }
    }

    public ChainOptions Options { get; }

    /// <summary>When set, each non-empty block's phase timings are written here (<c>AGENTCHAIN_NODE_TIMING=1</c> in the devnet).</summary>
    public TextWriter? TimingLog { get; set; }
    public IReadOnlyList<DevAccount> Accounts { get; }
    public bool Resumed { get; }

    public event Action<Block, IReadOnlyList<Receipt>>? BlockCommitted;
    public event Action<Hash256>? TransactionAdded;

    public Block Head => _head;

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
            ParentHash = Hash256.Zero, Coinbase = Address.Zero, StateRoot = _state.ComputeStateRoot(),
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

    public Block? GetBlock(ulong number) => number == Head.Number ? Head : _store.GetBlock(number);
    public Block? GetBlock(in Hash256 hash) => _store.GetBlock(hash);
    public IReadOnlyList<Receipt> GetReceipts(ulong number) => _store.GetReceipts(number);
    public Receipt? GetReceipt(in Hash256 hash) => _store.GetReceipt(hash);
    public IReadOnlyList<StoredLog> GetLogs(LogFilter filter, int limit) => _store.GetLogs(filter, limit);

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
        ulong head = _head.Number;
        if (block is not { } number || number >= head) return _state;
        int first = _history.FindIndex(h => h.Number == number + 1);
        if (first < 0 || _history[^1].Number != head)
            throw new StateUnavailableException($"state at block {number} is not available: this node keeps the last {HistoryBlocks} blocks' state since it started (head is {head})");
        var undos = new List<StateChangeSet>();
        for (int i = first; i < _history.Count; i++) undos.Add(_history[i].Undo);
        undos.Add(_pendingUndo);
        return new HistoricalStateReader(_state, undos);
    }

    /// <summary>The nonce a new transaction from the sender should use: the account nonce plus its pending run in the pool.</summary>
    public ulong GetPendingNonce(Address address)
    {
        ulong nonce = Read(() => _state.GetAccount(address)?.Nonce ?? 0);
        lock (_poolLock) return _pool.NextNonce(address, nonce);
    }

    public (int Pending, int Queued) PoolStatus() => Read(() => { lock (_poolLock) return _pool.Status(AccountNonce); });

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
        ulong blockGasLimit = _head.Header.GasLimit;
        if (tx.GasLimit > blockGasLimit) throw new TxPoolRejection($"exceeds block gas limit: gas {tx.GasLimit}, block limit {blockGasLimit}");

        _stateLock.EnterReadLock();
        try
        {
            Account? account = _state.GetAccount(sender);
            ulong nonce = account?.Nonce ?? 0;
            if (tx.Nonce < nonce) throw new TxPoolRejection($"nonce too low: next nonce {nonce}, tx nonce {tx.Nonce}");
            if (account is { } a && a.CodeHash != Hash256.EmptyKeccak) throw new TxPoolRejection($"sender not an eoa: address {sender}, codehash: {a.CodeHash}");
            UInt256 baseFee = NextBaseFee(_head.Header);
            if (tx.MaxFeePerGasOrGasPrice < baseFee)
                throw new TxPoolRejection($"max fee per gas less than block base fee: address {sender}, maxFeePerGas: {tx.MaxFeePerGasOrGasPrice}, baseFee: {baseFee}");
            UInt256 cost = new UInt256(tx.GasLimit) * tx.MaxFeePerGasOrGasPrice + tx.Value;
            UInt256 balance = account?.Balance ?? UInt256.Zero;
            if (balance < cost)
                throw new TxPoolRejection($"insufficient funds for gas * price + value: balance {balance}, tx cost {cost}, overshot {cost - balance}");
            lock (_poolLock) _pool.Add(tx, sender);
        }
        finally
        {
            _stateLock.ExitReadLock();
        }
        TransactionAdded?.Invoke(tx.Hash);
        return tx.Hash;
    }

    // ---- blocks ----

    /// <summary>Proposes, executes and commits one block (on the calling thread, which needs a large stack). Null when there was nothing to do and empty blocks are off.</summary>
    public Block? ProduceBlock(bool force = false, ulong? timestamp = null)
    {
        Block block;
        List<Receipt> receipts;
        lock (_produce)
        {
        _stateLock.EnterUpgradeableReadLock();
        try
        {
            BlockHeader parent = _head.Header;
            UInt256 baseFee = NextBaseFee(parent);
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            List<PooledTransaction> selected = SelectTransactions(baseFee);
            long tSelect = System.Diagnostics.Stopwatch.GetTimestamp();
            if (selected.Count == 0 && !force && !Options.EmptyBlocks) return null;

            ulong now = (ulong)Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + _timeOffset);
            ulong time = timestamp ?? _nextTimestamp ?? Math.Max(now, parent.Timestamp);
            if (_nextTimestamp is { } next) { _timeOffset += (long)next - (long)now; _store.SetMeta(MetaTimeOffset, _timeOffset.ToString()); }
            _nextTimestamp = null;
            ulong number = parent.Number + 1;
            var prevRandao = Keccak256.Hash(parent.Hash.Bytes);
            var env = new BlockEnvironment
            {
                Coinbase = Address.Zero, Number = number, Timestamp = time, GasLimit = parent.GasLimit, BaseFee = baseFee,
                PrevRandao = UInt256.FromBigEndian(prevRandao.Bytes), ChainId = Options.ChainId, BlockHash = BlockHashAt,
            };
            var changes = new StateChangeSet();
            StateChangeSet? undo = _snapshots.Count > 0 ? new StateChangeSet() : null;
            StateChangeSet historyUndo = _pendingUndo;
            IStateWriter writer = _state.Writer(changes, undo, historyUndo);
            BlockResult result = _executor.Execute(env, selected.Select(p => p.Transaction).ToList(), _state);
            long tExecute = System.Diagnostics.Stopwatch.GetTimestamp();
            _stateLock.EnterWriteLock();
            try
            {
            result.Changes.ApplyTo(writer);

            var included = new List<(PooledTransaction Tx, TransactionReceipt Receipt)>();
            for (int i = 0; i < selected.Count; i++)
            {
                // Rejected now (e.g. its balance was spent by an earlier transaction of the block): left out, dropped below.
                if (!result.Receipts[i].IsRejected) included.Add((selected[i], result.Receipts[i]));
            }
            long tApply = System.Diagnostics.Stopwatch.GetTimestamp();
            Hash256 stateRoot = _state.ComputeStateRoot();
            long tRoot = System.Diagnostics.Stopwatch.GetTimestamp();
            var bloom = new ExecutionBloom();
            var unsealed = new List<Receipt>();
            ulong cumulative = 0;
            int logIndex = 0;
            for (int i = 0; i < included.Count; i++)
            {
                (PooledTransaction tx, TransactionReceipt r) = included[i];
                cumulative += (ulong)r.GasUsed;
                unsealed.Add(MakeReceipt(tx, r, cumulative, logIndex, i, default, number, baseFee));
                logIndex += r.Logs.Count;
                foreach (LogEntry log in r.Logs) bloom.Add(log);
            }
            var header = new BlockHeader
            {
                ParentHash = parent.Hash, Coinbase = Address.Zero, StateRoot = stateRoot,
                TransactionsRoot = PatriciaTrie.ComputeOrderedRoot(included.Select(p => p.Tx.Transaction.Encode()).ToList()),
                ReceiptsRoot = PatriciaTrie.ComputeOrderedRoot(unsealed.Select(r => r.EncodeConsensus()).ToList()), LogsBloom = bloom.Bytes.ToArray(),
                Number = number, GasLimit = parent.GasLimit, GasUsed = cumulative, Timestamp = time, MixHash = prevRandao, BaseFeePerGas = baseFee,
            };
            block = new Block { Header = header, Transactions = included.Select(p => p.Tx.Transaction).ToList(), Senders = included.Select(p => p.Tx.Sender).ToList() };
            receipts = [.. unsealed.Select(r => r.WithBlockHash(header.Hash))];

            long tSeal = System.Diagnostics.Stopwatch.GetTimestamp();
            _store.CommitBlock(block, receipts, changes);
            long tCommit = System.Diagnostics.Stopwatch.GetTimestamp();
            if (TimingLog is { } timing && block.Transactions.Count > 0)
            {
                static double Ms(long a, long b) => (b - a) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
                timing.WriteLine($"block {number}: {block.Transactions.Count} txs, select {Ms(t0, tSelect):F1} ms, execute {Ms(tSelect, tExecute):F1} ms " +
                    $"({(result.Statistics.RanInParallel ? "parallel" : "sequential: " + result.Statistics.FallbackReason)}), apply {Ms(tExecute, tApply):F1} ms, " +
                    $"state root {Ms(tApply, tRoot):F1} ms, seal {Ms(tRoot, tSeal):F1} ms, commit {Ms(tSeal, tCommit):F1} ms");
            }
            _head = block;
            if (undo is not null) _undo.Add(undo);
            _pendingUndo = new StateChangeSet();
            _history.Add((number, historyUndo));
            if (_history.Count > HistoryBlocks) _history.RemoveAt(0);
            // Included ones now sit below their sender's nonce; invalid ones are dropped too so they cannot wedge the pool.
            lock (_poolLock)
            {
                _pool.RemoveStale(selected.Select(p => p.Sender), AccountNonce);
                foreach (PooledTransaction p in selected.Except(included.Select(i => i.Tx))) DropFromPool(p);
            }
            }
            finally { _stateLock.ExitWriteLock(); }
        }
        finally { _stateLock.ExitUpgradeableReadLock(); }
        }
        BlockCommitted?.Invoke(block, receipts);
        return block;
    }

    private void DropFromPool(PooledTransaction p)
    {
        // A transaction that failed validation at execution time can never become valid at the same nonce without
        // a state change from its sender, which only a newer transaction makes; drop its whole sender queue tail.
        var stale = _pool.All.Where(t => t.Sender == p.Sender && t.Nonce >= p.Nonce).ToList();
        if (stale.Count == 0) return;
        var keep = _pool.All.Where(t => !stale.Contains(t)).ToList();
        _pool.Clear();
        foreach (PooledTransaction t in keep) _pool.Add(t.Transaction, t.Sender);
    }

    private List<PooledTransaction> SelectTransactions(UInt256 baseFee)
    {
        lock (_poolLock) return _pool.SelectForBlock(AccountNonce, baseFee, _head.Header.GasLimit, 50_000);
    }

    private Hash256 BlockHashAt(ulong number) => _store.GetBlock(number)?.Hash ?? Hash256.Zero;

    private static Receipt MakeReceipt(PooledTransaction p, TransactionReceipt r, ulong cumulative, int firstLog, int index, Hash256 blockHash, ulong number, UInt256 baseFee)
    {
        CoreTransaction tx = p.Transaction;
        return new Receipt
        {
            TransactionHash = tx.Hash, Type = (byte)tx.Type, TransactionIndex = index, BlockHash = blockHash, BlockNumber = number,
            From = p.Sender, To = tx.To, ContractAddress = tx.To is null ? EvmHost.CreateAddress(p.Sender, tx.Nonce) : null,
            Success = r.Success, GasUsed = (ulong)r.GasUsed, CumulativeGasUsed = cumulative,
            EffectiveGasPrice = EffectiveGasPrice(tx, baseFee), Logs = r.Logs, FirstLogIndex = firstLog,
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

    private TransactionOutcome CallLocked(CallRequest request, IReadOnlyDictionary<Address, AccountOverride>? overrides, ulong? gasOverride, ulong? block)
    {
        IStateReader baseState = StateAt(block);
        BlockHeader? at = block is { } n && n < _head.Number ? _store.GetBlock(n)?.Header : null;
        Address from = request.From ?? Address.Zero;
        var allOverrides = new Dictionary<Address, AccountOverride>(overrides ?? new Dictionary<Address, AccountOverride>());
        // geth skips the EOA check for calls: a contract may be the caller.
        Account? sender = baseState.GetAccount(from);
        if (sender is { } s && s.CodeHash != Hash256.EmptyKeccak && !allOverrides.ContainsKey(from))
            allOverrides[from] = new AccountOverride { Code = [] };
        IStateReader reader = allOverrides.Count > 0 ? new OverrideStateReader(baseState, allOverrides) : baseState;
        bool priced = request.GasPrice is not null || request.MaxFeePerGas is not null;
        UInt256 baseFee = priced ? NextBaseFee(_head.Header) : UInt256.Zero;
        ulong gas = gasOverride ?? request.Gas ?? _head.Header.GasLimit;
        if (gas > _head.Header.GasLimit) gas = _head.Header.GasLimit;
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
            Coinbase = Address.Zero, Number = at?.Number ?? _head.Number + 1,
            Timestamp = at?.Timestamp ?? Math.Max(_head.Header.Timestamp, (ulong)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + _timeOffset)),
            GasLimit = _head.Header.GasLimit, BaseFee = baseFee, PrevRandao = UInt256.FromBigEndian(Keccak256.Hash(_head.Hash.Bytes).Bytes),
            ChainId = Options.ChainId, BlockHash = BlockHashAt,
        };
        var outcome = new TransactionProcessor(_precompiles).Execute(new WorldState(reader), DiscardingStateWriter.Instance, env, tx);
        if (outcome.Error is { } error) throw new CallFailedException(DescribeRejection(error, tx));
        return outcome;
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
                ulong cap = Math.Min(request.Gas ?? _head.Header.GasLimit, _head.Header.GasLimit);
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
        using (WriteScope())
        {
            var changes = new StateChangeSet();
            IStateWriter writer = _state.Writer(changes, OpenUndo(), _pendingUndo);
            Account a = _state.GetAccount(address) ?? Account.Empty;
            writer.SetAccount(address, a.Nonce, a.Balance, a.CodeHash, null);
            writer.SetStorage(address, slot, value);
            _store.CommitState(changes, _state.ComputeStateRoot());
        }
    }

    private void ModifyAccount(Address address, Func<Account, Account> change, byte[]? code)
    {
        using (WriteScope())
        {
            var changes = new StateChangeSet();
            IStateWriter writer = _state.Writer(changes, OpenUndo(), _pendingUndo);
            Account a = change(_state.GetAccount(address) ?? Account.Empty);
            writer.SetAccount(address, a.Nonce, a.Balance, a.CodeHash, code);
            _store.CommitState(changes, _state.ComputeStateRoot());
        }
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
            if (timestamp < _head.Header.Timestamp)
                throw new ArgumentException($"timestamp {timestamp} is before the head block's {_head.Header.Timestamp}");
            _nextTimestamp = timestamp;
        }
    }

    /// <summary>evm_snapshot: remembers the head and state; returns the snapshot id (0x1, 0x2, ...).</summary>
    public int Snapshot()
    {
        using (WriteScope())
        {
            // The root, not the head's: dev methods may have changed state since the head was sealed.
            _snapshots.Add((_head.Number, _undo.Count, _timeOffset, _state.ComputeStateRoot()));
            return _snapshots.Count;
        }
    }

    /// <summary>evm_revert: back to the snapshot's head and state; that snapshot and later ones are gone. False for an unknown id.</summary>
    public bool Revert(int id)
    {
        using (WriteScope())
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
            _head = _store.GetBlock(head)!;
            _store.Rewind(head, restore, snapshotRoot);
            _timeOffset = timeOffset;
            _store.SetMeta(MetaTimeOffset, _timeOffset.ToString());
            lock (_poolLock) _pool.Clear();
            _history.RemoveAll(h => h.Number > head);
            _pendingUndo = new StateChangeSet();
            Hash256 root = _state.ComputeStateRoot();
            if (root != snapshotRoot)
                throw new InvalidOperationException($"evm_revert restored state root {root}, but the snapshot had {snapshotRoot}");
            return true;
        }
    }

    public void Dispose()
    {
        _store.Dispose();
        _stateLock.Dispose();
    }
}
