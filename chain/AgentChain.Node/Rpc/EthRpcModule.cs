using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChain.Core.Abi;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.Evm.Handler;
using AgentChain.Node.Chain;
using AgentChain.Node.Storage;
using AgentChain.Node.Tracing;
using AgentChain.Node.TxPool;
using static AgentChain.Node.Rpc.RpcParams;

namespace AgentChain.Node.Rpc;

/// <summary>
/// The Ethereum JSON-RPC methods (eth_, net_, web3_, txpool_, debug_ tracing with geth's callTracer) and the devnet methods (anvil_, hardhat_, evm_), with
/// geth's result shapes and error codes. Stateless apart from the chain and the subscription hub.
/// </summary>
public sealed class EthRpcModule
{
    public const int MaxLogResults = 10_000;
    public const ulong MaxLogBlockRange = 100_000;
    public const int MaxMineBlocks = 10_000;
    public static readonly string ClientVersion = $"AgentChain/v{typeof(EthRpcModule).Assembly.GetName().Version?.ToString(3)}/dotnet";

    public const string SendRawTransactionMethod = "eth_sendRawTransaction";

    private readonly LocalChain _chain;
    private readonly SubscriptionHub _hub;
    private readonly Dictionary<string, Func<RpcParams, ISubscriptionSink?, JsonNode?>> _methods;

    public EthRpcModule(LocalChain chain, SubscriptionHub hub)
    {
        _chain = chain;
        _hub = hub;
        _methods = new()
        {
            ["web3_clientVersion"] = (_, _) => ClientVersion,
            ["web3_sha3"] = (p, _) => D(Core.Crypto.Keccak256.Hash(p.Bytes(0, "data")).Bytes),
            ["net_version"] = (_, _) => chain.Options.ChainId.ToString(),
            ["net_listening"] = (_, _) => true,
            ["net_peerCount"] = (_, _) => "0x0",
            ["eth_chainId"] = (_, _) => Q(chain.Options.ChainId),
            ["eth_syncing"] = (_, _) => false,
            ["eth_mining"] = (_, _) => true,
            ["eth_hashrate"] = (_, _) => "0x0",
            ["eth_coinbase"] = (_, _) => Address.Zero.ToLowerHex(),
            ["eth_accounts"] = (_, _) => new JsonArray([.. chain.Accounts.Select(a => (JsonNode)a.Address.ToLowerHex())]),
            ["eth_blockNumber"] = (_, _) => Q(chain.Head.Number),
            ["eth_gasPrice"] = (_, _) => Q(chain.PendingBaseFee + DefaultPriorityFee),
            ["eth_maxPriorityFeePerGas"] = (_, _) => Q(DefaultPriorityFee),
            ["eth_blobBaseFee"] = (_, _) => "0x1",
            ["eth_feeHistory"] = (p, _) => FeeHistory(p),
            ["eth_getBalance"] = (p, _) => WithState(p, 1, block => Q(chain.GetAccount(p.Address(0, "address"), block)?.Balance ?? UInt256.Zero)),
            ["eth_getTransactionCount"] = (p, _) => TransactionCount(p),
            ["eth_getCode"] = (p, _) => WithState(p, 1, block => D(chain.GetCode(p.Address(0, "address"), block))),
            ["eth_getStorageAt"] = (p, _) => WithState(p, 2, block => D(chain.GetStorage(p.Address(0, "address"), p.Quantity(1, "slot"), block).ToBigEndian())),
            [SendRawTransactionMethod] = (p, _) => SendRaw(p),
            ["eth_call"] = (p, _) => Call(p),
            ["eth_estimateGas"] = (p, _) => EstimateGas(p),
            ["eth_getBlockByNumber"] = (p, _) => RequiredBlock(p, 0) is { } b ? RpcJson.Block(b, p.Bool(1, "full")) : null,
            ["eth_getBlockByHash"] = (p, _) => chain.GetBlock(p.Hash(0, "hash")) is { } b ? RpcJson.Block(b, p.Bool(1, "full")) : null,
            ["eth_getBlockTransactionCountByNumber"] = (p, _) => RequiredBlock(p, 0) is { } b ? Q((ulong)b.Transactions.Count) : null,
            ["eth_getBlockTransactionCountByHash"] = (p, _) => chain.GetBlock(p.Hash(0, "hash")) is { } b ? Q((ulong)b.Transactions.Count) : null,
            ["eth_getUncleCountByBlockNumber"] = (_, _) => "0x0",
            ["eth_getUncleCountByBlockHash"] = (_, _) => "0x0",
            ["eth_getBlockReceipts"] = (p, _) => RequiredBlock(p, 0) is { } b ? new JsonArray([.. chain.GetReceipts(b.Number).Select(r => (JsonNode)RpcJson.Receipt(r))]) : null,
            ["eth_getTransactionByHash"] = (p, _) => TransactionByHash(p.Hash(0, "hash")),
            ["eth_getTransactionByBlockNumberAndIndex"] = (p, _) => TransactionAt(RequiredBlock(p, 0), p.QuantityU64(1, "index")),
            ["eth_getTransactionByBlockHashAndIndex"] = (p, _) => TransactionAt(chain.GetBlock(p.Hash(0, "hash")), p.QuantityU64(1, "index")),
            ["eth_getTransactionReceipt"] = (p, _) => chain.GetReceipt(p.Hash(0, "hash")) is { } r ? RpcJson.Receipt(r) : null,
            ["eth_getLogs"] = (p, _) => new JsonArray([.. chain.GetLogs(ParseFilter(p.Object(0, "filter"), true), MaxLogResults).Select(l => (JsonNode)RpcJson.Log(l))]),
            ["eth_newFilter"] = (p, _) => hub.NewFilter("logs", ParseFilter(p.Object(0, "filter"), false)),
            ["eth_newBlockFilter"] = (_, _) => hub.NewFilter("block", null),
            ["eth_newPendingTransactionFilter"] = (_, _) => hub.NewFilter("pending", null),
            ["eth_getFilterChanges"] = (p, _) => hub.GetChanges(p.String(0, "filter id")),
            ["eth_getFilterLogs"] = (p, _) => FilterLogs(p.String(0, "filter id")),
            ["eth_uninstallFilter"] = (p, _) => hub.Uninstall(p.String(0, "filter id")),
            ["eth_subscribe"] = Subscribe,
            ["eth_unsubscribe"] = (p, sink) => sink is not null && hub.Unsubscribe(p.String(0, "subscription id")),
            ["eth_getProof"] = (p, _) => GetProof(p),
            ["debug_traceTransaction"] = (p, _) => TraceTransaction(p),
            ["debug_traceCall"] = (p, _) => TraceCall(p),
            ["txpool_status"] = (_, _) => { var (pending, queued) = chain.PoolStatus(); return new JsonObject { ["pending"] = Q((ulong)pending), ["queued"] = Q((ulong)queued) }; },
        };
        if (chain.Options.DevMethods) AddDevMethods();
    }

    public static readonly UInt256 DefaultPriorityFee = new(1_000_000_000UL);

    public bool HasMethod(string name) => _methods.ContainsKey(name);

    public JsonNode? Invoke(string method, JsonArray parameters, ISubscriptionSink? sink)
    {
        if (!_methods.TryGetValue(method, out var handler))
            throw new RpcException(RpcException.MethodNotFound, $"the method {method} does not exist/is not available");
        return handler(new RpcParams(parameters), sink);
    }

    private void AddDevMethods()
    {
        foreach (string prefix in new[] { "anvil_", "hardhat_" })
        {
            _methods[prefix + "setBalance"] = (p, _) => { _chain.SetBalance(p.Address(0, "address"), p.Quantity(1, "balance")); return null; };
            _methods[prefix + "setNonce"] = (p, _) => { _chain.SetNonce(p.Address(0, "address"), p.QuantityU64(1, "nonce")); return null; };
            _methods[prefix + "setCode"] = (p, _) => { _chain.SetCode(p.Address(0, "address"), p.Bytes(1, "code")); return null; };
            _methods[prefix + "setStorageAt"] = (p, _) =>
            {
                byte[] value = p.Bytes(2, "value");
                if (value.Length != 32) throw RpcException.BadParams("invalid argument 2 (value): a storage value is 32 bytes");
                _chain.SetStorageAt(p.Address(0, "address"), p.Quantity(1, "slot"), UInt256.FromBigEndian(value));
                return true;
            };
            _methods[prefix + "mine"] = (p, _) => { Mine(p.Has(0) ? p.LenientU64(0, "blocks") : 1, p.Has(1) ? p.LenientU64(1, "interval") : 0); return null; };
        }
        _methods["evm_mine"] = (p, _) =>
        {
            ulong? timestamp = p.Has(0) && p[0]!.GetValueKind() != JsonValueKind.Object ? p.LenientU64(0, "timestamp") : null;
            if (timestamp is { } t) _chain.SetNextBlockTimestamp(t);
            MineOne();
            return "0x0";
        };
        _methods["evm_increaseTime"] = (p, _) => Q((ulong)_chain.IncreaseTime((long)Math.Min(p.LenientU64(0, "seconds"), (ulong)int.MaxValue)));
        _methods["evm_setNextBlockTimestamp"] = (p, _) =>
        {
            try { _chain.SetNextBlockTimestamp(p.LenientU64(0, "timestamp")); }
            catch (ArgumentException e) { throw new RpcException(RpcException.ServerError, e.Message); }
            return null;
        };
        _methods["evm_snapshot"] = (_, _) => Q((ulong)_chain.Snapshot());
        _methods["evm_revert"] = (p, _) => _chain.Revert((int)Math.Min(int.MaxValue, p.QuantityU64(0, "snapshot id")));
        _methods["anvil_nodeInfo"] = (_, _) => new JsonObject
        {
            ["currentBlockNumber"] = Q(_chain.Head.Number), ["currentBlockTimestamp"] = Q(_chain.Head.Header.Timestamp),
            ["chainId"] = Q(_chain.Options.ChainId), ["gasLimit"] = Q(_chain.Options.GasLimit), ["client"] = ClientVersion,
        };
    }

    private void Mine(ulong blocks, ulong interval)
    {
        if (blocks > MaxMineBlocks) throw RpcException.BadParams($"at most {MaxMineBlocks} blocks per call");
        for (ulong i = 0; i < blocks; i++)
        {
            if (i > 0 && interval > 0) _chain.IncreaseTime((long)interval);
            MineOne();
        }
    }

    private void MineOne() => Threading.LargeStack.RunOnOwnThread(() => _chain.ProduceBlock(force: true));

    // ---- block tags ----

    /// <summary>Number for a block tag or number; null when the block does not exist yet.</summary>
    private ulong? ResolveNumber(JsonNode? node, string name)
    {
        ulong head = _chain.Head.Number;
        if (node is null) return head;
        if (node is JsonObject o)
        {
            if (o["blockHash"] is JsonNode hash)
                return _chain.GetBlock(ParseHash(hash.GetValueKind() == JsonValueKind.String ? hash.GetValue<string>() : "", "blockHash"))?.Number
                    ?? throw new RpcException(RpcException.ServerError, "header for hash not found");
            if (o["blockNumber"] is JsonNode n) return ResolveNumber(n, name);
            throw RpcException.BadParams($"invalid {name}: expected a block number, tag, or {{blockHash}} / {{blockNumber}}");
        }
        if (node.GetValueKind() == JsonValueKind.String)
        {
            switch (node.GetValue<string>())
            {
                case "latest" or "pending" or "safe" or "finalized": return head;
                case "earliest": return 0;
            }
        }
        ulong number = ToU64(ParseQuantity(node, name), name);
        return number <= head ? number : null;
    }

    private Block? RequiredBlock(RpcParams p, int index) =>
        !p.Has(index) ? throw RpcException.BadParams($"missing value for required argument {index} (block)")
        : ResolveNumber(p[index], "block") is { } n ? _chain.GetBlock(n) : null;

    /// <summary>State queries at a block: the head, or an older block while its state is still kept (see <see cref="LocalChain.HistoryBlocks"/>).</summary>
    private JsonNode? WithState(RpcParams p, int blockIndex, Func<ulong?, JsonNode?> read)
    {
        ulong head = _chain.Head.Number;
        ulong? number = ResolveNumber(p[blockIndex], "block");
        if (number is null) throw new RpcException(RpcException.ServerError, "header not found");
        try { return read(number < head ? number : null); }
        catch (StateUnavailableException e) { throw new RpcException(RpcException.ServerError, e.Message); }
    }

    private JsonNode? TransactionCount(RpcParams p)
    {
        Address address = p.Address(0, "address");
        if (p[1] is JsonNode tag && tag.GetValueKind() == JsonValueKind.String && tag.GetValue<string>() == "pending")
            return Q(_chain.GetPendingNonce(address));
        return WithState(p, 1, block => Q(_chain.GetAccount(address, block)?.Nonce ?? 0));
    }

    // ---- transactions ----

    /// <summary>One <c>eth_sendRawTransaction</c>: a batch of one, so a request answers the same alone or in a batch.</summary>
    private JsonNode? SendRaw(RpcParams p) => SendRawTransactions([p.Bytes(0, "data")])[0].Unwrap();

    /// <summary>
    /// <c>eth_sendRawTransaction</c> for a run of requests in one batch, admitted together by
    /// <see cref="LocalChain.SubmitRawTransactions"/>: outcome k is what request k alone would have produced (its hash,
    /// or the exception: an <see cref="RpcException"/> for a refusal, or the parameter's own error).
    /// </summary>
    public RpcOutcome[] SendRawTransactions(IReadOnlyList<JsonArray> requests)
    {
        var outcomes = new RpcOutcome[requests.Count];
        var raws = new List<byte[]>(requests.Count);
        var positions = new List<int>(requests.Count);
        for (int i = 0; i < requests.Count; i++)
        {
            try { raws.Add(new RpcParams(requests[i]).Bytes(0, "data")); positions.Add(i); }
            catch (Exception e) { outcomes[i] = new RpcOutcome(null, e); }
        }
        RpcOutcome[] admitted = SendRawTransactions(raws);
        for (int k = 0; k < admitted.Length; k++) outcomes[positions[k]] = admitted[k];
        return outcomes;
    }

    /// <summary>The same for transactions already decoded from their hex parameters.</summary>
    public RpcOutcome[] SendRawTransactions(IReadOnlyList<byte[]> raws)
    {
        Admission[] admissions = _chain.SubmitRawTransactions(raws);
        var outcomes = new RpcOutcome[admissions.Length];
        for (int k = 0; k < admissions.Length; k++)
        {
            outcomes[k] = admissions[k].Error switch
            {
                null => new RpcOutcome(D(admissions[k].Hash.Bytes), null),
                TxPoolRejection e => new RpcOutcome(null, new RpcException(RpcException.ServerError, e.Message)),
                Exception e => new RpcOutcome(null, e),
            };
        }
        return outcomes;
    }

    private JsonNode? TransactionByHash(Hash256 hash)
    {
        if (_chain.GetReceipt(hash) is { } r && _chain.GetBlock(r.BlockNumber) is { } block)
            return RpcJson.Transaction(block.Transactions[r.TransactionIndex], block.Senders[r.TransactionIndex], block, r.TransactionIndex);
        if (_chain.GetPendingTransaction(hash) is { } pending) return RpcJson.Transaction(pending.Tx, pending.Sender, null, 0);
        return null;
    }

    private static JsonNode? TransactionAt(Block? block, ulong index) =>
        block is not null && index < (ulong)block.Transactions.Count
            ? RpcJson.Transaction(block.Transactions[(int)index], block.Senders[(int)index], block, (int)index)
            : null;

    // ---- calls ----

    private JsonNode Call(RpcParams p)
    {
        CallRequest request = ParseCallRequest(p.Object(0, "transaction"));
        var overrides = p.Has(2) ? ParseOverrides(p.Object(2, "state overrides")) : null;
        TransactionOutcome outcome = null!;
        WithState(p, 1, block => { outcome = RunCall(() => _chain.Call(request, overrides, null, block)); return null; });
        if (outcome.Status == CallStatus.Revert) throw Reverted(outcome.Output);
        if (outcome.Status != CallStatus.Success) throw new RpcException(RpcException.ServerError, "execution failed: out of gas or invalid operation");
        return D(outcome.Output);
    }

    private JsonNode EstimateGas(RpcParams p)
    {
        CallRequest request = ParseCallRequest(p.Object(0, "transaction"));
        var overrides = p.Has(2) ? ParseOverrides(p.Object(2, "state overrides")) : null;
        try { return WithState(p, 1, block => Q(_chain.EstimateGas(request, overrides, block)))!; }
        catch (CallRevertedException e) { throw Reverted(e.RevertData); }
        catch (CallFailedException e) { throw new RpcException(RpcException.ServerError, e.Message); }
    }

    // ---- proofs ----

    public const int MaxProofSlots = 1024;

    private JsonNode GetProof(RpcParams p)
    {
        Address address = p.Address(0, "address");
        JsonArray keys = p[1] as JsonArray ?? throw RpcException.BadParams("invalid argument 1 (storage keys): expected an array of 32-byte hex keys");
        if (keys.Count > MaxProofSlots) throw RpcException.BadParams($"invalid argument 1 (storage keys): at most {MaxProofSlots} keys");
        var slots = new List<UInt256>();
        for (int i = 0; i < keys.Count; i++)
        {
            if (keys[i] is not JsonNode k || k.GetValueKind() != JsonValueKind.String)
                throw RpcException.BadParams($"invalid argument 1 (storage keys): key {i} is not a hex string");
            byte[] bytes = ParseBytes(k.GetValue<string>(), $"storage key {i}");
            if (bytes.Length > 32) throw RpcException.BadParams($"invalid storage key {i}: longer than 32 bytes");
            slots.Add(UInt256.FromBigEndian(bytes));
        }
        JsonNode? result = null;
        WithState(p, 2, block =>
        {
            AccountProof proof = _chain.GetProof(address, slots, block);
            result = new JsonObject
            {
                ["address"] = proof.Address.ToLowerHex(),
                ["accountProof"] = new JsonArray([.. proof.Proof.Select(n => (JsonNode)D(n))]),
                ["balance"] = Q(proof.Balance),
                ["codeHash"] = D(proof.CodeHash.Bytes),
                ["nonce"] = Q(proof.Nonce),
                ["storageHash"] = D(proof.StorageRoot.Bytes),
                ["storageProof"] = new JsonArray([.. proof.StorageProofs.Select((s, i) => (JsonNode)new JsonObject
                {
                    ["key"] = (string)keys[i]!,
                    ["value"] = Q(s.Value),
                    ["proof"] = new JsonArray([.. s.Proof.Select(n => (JsonNode)D(n))]),
                })]),
            };
            return null;
        });
        return result!;
    }

    // ---- tracing ----

    private JsonNode TraceTransaction(RpcParams p)
    {
        Hash256 hash = p.Hash(0, "transaction hash");
        CallTracerOptions options = ParseTracerOptions(p, 1);
        try
        {
            return RpcJson.CallFrame(_chain.TraceTransaction(hash, options)
                ?? throw new RpcException(RpcException.ServerError, "transaction not found"));
        }
        catch (StateUnavailableException e) { throw new RpcException(RpcException.ServerError, e.Message); }
    }

    private JsonNode TraceCall(RpcParams p)
    {
        CallRequest request = ParseCallRequest(p.Object(0, "transaction"));
        CallTracerOptions options = ParseTracerOptions(p, 2);
        var overrides = p[2] is JsonObject config && config["stateOverrides"] is JsonObject o ? ParseOverrides(o) : null;
        JsonNode? result = null;
        WithState(p, 1, block =>
        {
            try { result = RpcJson.CallFrame(_chain.TraceCall(request, options, overrides, block)); }
            catch (CallFailedException e) { throw new RpcException(RpcException.ServerError, e.Message); }
            return null;
        });
        return result!;
    }

    /// <summary>
    /// The trace config: only geth's <c>callTracer</c> is served (the default opcode logger would need a hook per
    /// instruction, which the interpreter deliberately does not have), with <c>onlyTopCall</c> and <c>withLog</c>.
    /// </summary>
    public static CallTracerOptions ParseTracerOptions(RpcParams p, int index)
    {
        const string hint = "this node serves the callTracer only: pass {\"tracer\":\"callTracer\"}";
        if (!p.Has(index)) throw RpcException.BadParams($"missing trace config (argument {index}): {hint}");
        JsonObject config = p.Object(index, "trace config");
        JsonNode? tracer = config["tracer"];
        if (tracer is null) throw RpcException.BadParams($"the default opcode logger is not supported: {hint}");
        if (tracer.GetValueKind() != JsonValueKind.String || tracer.GetValue<string>() != "callTracer")
            throw RpcException.BadParams($"tracer {tracer.ToJsonString()} is not supported: {hint}");
        JsonNode? tracerConfig = config["tracerConfig"];
        if (tracerConfig is null) return new CallTracerOptions();
        if (tracerConfig is not JsonObject c) throw RpcException.BadParams("invalid tracerConfig: expected an object");
        return new CallTracerOptions(Flag(c, "onlyTopCall"), Flag(c, "withLog"));

        static bool Flag(JsonObject c, string name) => c[name] switch
        {
            null => false,
            JsonNode n when n.GetValueKind() == JsonValueKind.True => true,
            JsonNode n when n.GetValueKind() == JsonValueKind.False => false,
            _ => throw RpcException.BadParams($"invalid tracerConfig.{name}: expected a boolean"),
        };
    }

    private static TransactionOutcome RunCall(Func<TransactionOutcome> call)
    {
        try { return call(); }
        catch (CallFailedException e) { throw new RpcException(RpcException.ServerError, e.Message); }
    }

    /// <summary>geth: code 3, message "execution reverted" plus ": reason" when the data decodes, data = the revert bytes.</summary>
    public static RpcException Reverted(byte[] data)
    {
        string message = "execution reverted";
        if (data.Length > 0)
        {
            try
            {
                RevertReason reason = RevertReason.Decode(data);
                // Worded as anvil words them: "execution reverted: <reason>", "execution reverted: panic: <meaning> (0x12)".
                if (reason.Kind == RevertKind.ErrorString) message += ": " + reason.Message;
                else if (reason.Kind == RevertKind.Panic && reason.PanicCode is { } code)
                    message += $": panic: {PanicCode.Describe(code)} (0x{code.ToHexQuantity()[2..].PadLeft(2, '0')})";
            }
            catch (AbiException) { }
        }
        return new RpcException(RpcException.ExecutionReverted, message, D(data));
    }

    public static CallRequest ParseCallRequest(JsonObject o)
    {
        byte[] data = [];
        JsonNode? input = o["input"] ?? o["data"];
        if (input is not null) data = ParseBytes(StringField(input, "input"), "input");
        return new CallRequest
        {
            From = o["from"] is JsonNode from ? ParseAddress(StringField(from, "from"), "from") : null,
            To = o["to"] is JsonNode to ? ParseAddress(StringField(to, "to"), "to") : null,
            Gas = o["gas"] is JsonNode gas ? ToU64(ParseQuantity(gas, "gas"), "gas") : null,
            GasPrice = o["gasPrice"] is JsonNode gp ? ParseQuantity(gp, "gasPrice") : null,
            MaxFeePerGas = o["maxFeePerGas"] is JsonNode mf ? ParseQuantity(mf, "maxFeePerGas") : null,
            MaxPriorityFeePerGas = o["maxPriorityFeePerGas"] is JsonNode mp ? ParseQuantity(mp, "maxPriorityFeePerGas") : null,
            Value = o["value"] is JsonNode v ? ParseQuantity(v, "value") : UInt256.Zero,
            Nonce = o["nonce"] is JsonNode n ? ToU64(ParseQuantity(n, "nonce"), "nonce") : null,
            Data = data,
        };
    }

    private static string StringField(JsonNode node, string name) =>
        node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : throw RpcException.BadParams($"invalid {name}: expected a string");

    private static Dictionary<Address, AccountOverride> ParseOverrides(JsonObject o)
    {
        var result = new Dictionary<Address, AccountOverride>();
        foreach (var (key, value) in o)
        {
            if (value is not JsonObject a) throw RpcException.BadParams($"invalid state override for {key}: expected an object");
            result[ParseAddress(key, "state override address")] = new AccountOverride
            {
                Balance = a["balance"] is JsonNode b ? ParseQuantity(b, "balance") : null,
                Nonce = a["nonce"] is JsonNode n ? ToU64(ParseQuantity(n, "nonce"), "nonce") : null,
                Code = a["code"] is JsonNode c ? ParseBytes(StringField(c, "code"), "code") : null,
                State = a["state"] is JsonObject s ? ParseSlots(s) : null,
                StateDiff = a["stateDiff"] is JsonObject d ? ParseSlots(d) : null,
            };
        }
        return result;
    }

    private static Dictionary<UInt256, UInt256> ParseSlots(JsonObject o)
    {
        var slots = new Dictionary<UInt256, UInt256>();
        foreach (var (key, value) in o)
        {
            byte[] slot = ParseBytes(key, "storage slot");
            byte[] v = ParseBytes(value is null ? "" : StringField(value, "storage value"), "storage value");
            if (slot.Length != 32 || v.Length != 32) throw RpcException.BadParams("invalid state override: slots and values are 32-byte hex");
            slots[UInt256.FromBigEndian(slot)] = UInt256.FromBigEndian(v);
        }
        return slots;
    }

    // ---- fees ----

    private JsonNode FeeHistory(RpcParams p)
    {
        ulong count = Math.Min(p.QuantityU64(0, "blockCount"), 1024);
        if (!p.Has(1)) throw RpcException.BadParams("missing value for required argument 1 (newestBlock)");
        ulong newest = ResolveNumber(p[1], "newestBlock") ?? throw new RpcException(RpcException.ServerError, "newest block is beyond the head");
        double[] percentiles = [];
        if (p.Has(2))
        {
            if (p[2] is not JsonArray arr) throw RpcException.BadParams("invalid argument 2 (rewardPercentiles): expected an array");
            percentiles = [.. arr.Select(n => n?.GetValueKind() == JsonValueKind.Number ? n.GetValue<double>() : throw RpcException.BadParams("reward percentiles are numbers"))];
        }
        ulong oldest = count == 0 ? newest : newest + 1 - Math.Min(count, newest + 1);
        var baseFees = new JsonArray();
        var ratios = new JsonArray();
        var rewards = new JsonArray();
        BlockHeader? last = null;
        for (ulong n = oldest; count > 0 && n <= newest; n++)
        {
            Block block = _chain.GetBlock(n)!;
            last = block.Header;
            baseFees.Add(Q(block.Header.BaseFeePerGas));
            ratios.Add(block.Header.GasLimit == 0 ? 0.0 : (double)block.Header.GasUsed / block.Header.GasLimit);
            if (percentiles.Length > 0)
            {
                var tips = block.Transactions.Select(t => LocalChain.EffectiveGasPrice(t, block.Header.BaseFeePerGas) - block.Header.BaseFeePerGas).OrderBy(x => x).ToList();
                var row = new JsonArray();
                foreach (double pct in percentiles)
                    row.Add(Q(tips.Count == 0 ? UInt256.Zero : tips[(int)Math.Min(tips.Count - 1, Math.Floor(pct / 100 * tips.Count))]));
                rewards.Add(row);
            }
        }
        baseFees.Add(Q(last is null ? _chain.PendingBaseFee : LocalChain.NextBaseFee(last)));
        var result = new JsonObject { ["oldestBlock"] = Q(oldest), ["baseFeePerGas"] = baseFees, ["gasUsedRatio"] = ratios };
        if (percentiles.Length > 0) result["reward"] = rewards;
        return result;
    }

    // ---- logs and subscriptions ----

    private LogFilter ParseFilter(JsonObject o, bool bounded)
    {
        var addresses = new List<Address>();
        switch (o["address"])
        {
            case null: break;
            case JsonArray arr: foreach (JsonNode? a in arr) addresses.Add(ParseAddress(a is null ? "" : StringField(a, "address"), "address")); break;
            case JsonNode a: addresses.Add(ParseAddress(StringField(a, "address"), "address")); break;
        }
        var topics = new List<IReadOnlyList<Hash256>?>();
        if (o["topics"] is JsonNode topicsNode)
        {
            if (topicsNode is not JsonArray topicArray) throw RpcException.BadParams("invalid topics: expected an array");
            if (topicArray.Count > 4) throw RpcException.BadParams("invalid topics: at most 4 positions");
            foreach (JsonNode? t in topicArray)
            {
                topics.Add(t switch
                {
                    null => null,
                    JsonArray alts => alts.Select(x => x is null ? throw RpcException.BadParams("invalid topic: null inside alternatives") : ParseHash(StringField(x, "topic"), "topic")).ToList(),
                    _ => [ParseHash(StringField(t, "topic"), "topic")],
                });
            }
        }
        if (o["blockHash"] is JsonNode bh)
        {
            Block block = _chain.GetBlock(ParseHash(StringField(bh, "blockHash"), "blockHash")) ?? throw new RpcException(RpcException.ServerError, "unknown block");
            return new LogFilter(block.Number, block.Number, addresses, topics, block.Hash);
        }
        ulong head = _chain.Head.Number;
        ulong from = o["fromBlock"] is JsonNode f ? ResolveNumber(f, "fromBlock") ?? head + 1 : head;
        ulong to = o["toBlock"] is JsonNode t2 ? ResolveNumber(t2, "toBlock") ?? head : bounded ? head : ulong.MaxValue;
        if (bounded && to >= from && to - from > MaxLogBlockRange)
            throw new RpcException(RpcException.LimitExceeded, $"block range too large: {to - from + 1} blocks; query at most {MaxLogBlockRange}");
        return new LogFilter(from, to, addresses, topics);
    }

    private JsonNode FilterLogs(string id)
    {
        if (!_hub.TryGetLogFilter(id, out LogFilter? filter) || filter is null) throw new RpcException(RpcException.ServerError, "filter not found");
        var bounded = filter with { ToBlock = Math.Min(filter.ToBlock, _chain.Head.Number) };
        return new JsonArray([.. _chain.GetLogs(bounded, MaxLogResults).Select(l => (JsonNode)RpcJson.Log(l))]);
    }

    private JsonNode? Subscribe(RpcParams p, ISubscriptionSink? sink)
    {
        if (sink is null) throw new RpcException(RpcException.MethodNotFound, "notifications not supported: subscribe over a WebSocket connection");
        string kind = p.String(0, "subscription type");
        return kind switch
        {
            "newHeads" or "newPendingTransactions" => _hub.Subscribe(kind, null, sink),
            "logs" => _hub.Subscribe(kind, ParseFilter(p.Has(1) ? p.Object(1, "filter") : [], false) with { FromBlock = 0, ToBlock = ulong.MaxValue }, sink),
            _ => throw RpcException.BadParams($"unsupported subscription type '{kind}': use newHeads, logs or newPendingTransactions"),
        };
    }
}
