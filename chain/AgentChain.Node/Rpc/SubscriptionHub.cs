using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;
using AgentChain.Node.Chain;
using AgentChain.Node.Storage;

namespace AgentChain.Node.Rpc;

/// <summary>
/// eth_subscribe (newHeads, logs, newPendingTransactions) and the polling filters (eth_newFilter,
/// eth_newBlockFilter, eth_newPendingTransactionFilter + eth_getFilterChanges), fed by the chain's events.
/// </summary>
public sealed class SubscriptionHub
{
    public const int MaxFilters = 10_000;
    public const int MaxBufferedPerFilter = 10_000;
    private static readonly TimeSpan FilterTimeout = TimeSpan.FromMinutes(5);

    private sealed record Subscription(string Id, string Kind, LogFilter? Filter, ISubscriptionSink Sink);

    private sealed class PollFilter(string kind, LogFilter? filter)
    {
        public string Kind { get; } = kind;
        public LogFilter? Filter { get; } = filter;
        public List<JsonNode> Buffer { get; } = [];
        public DateTime LastPoll { get; set; } = DateTime.UtcNow;
    }

    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new();
    private readonly ConcurrentDictionary<string, PollFilter> _filters = new();

    public SubscriptionHub(LocalChain chain)
    {
        chain.BlockCommitted += OnBlock;
        chain.TransactionAdded += OnPendingTransaction;
    }

    private static string NewId() => Hex.Encode(RandomNumberGenerator.GetBytes(16));

    public string Subscribe(string kind, LogFilter? filter, ISubscriptionSink sink)
    {
        string id = NewId();
        _subscriptions[id] = new Subscription(id, kind, filter, sink);
        return id;
    }

    public bool Unsubscribe(string id) => _subscriptions.TryRemove(id, out _);

    public void DropSink(ISubscriptionSink sink)
    {
        foreach (var s in _subscriptions.Values) if (s.Sink == sink) _subscriptions.TryRemove(s.Id, out _);
    }

    public string NewFilter(string kind, LogFilter? filter)
    {
        ExpireFilters();
        if (_filters.Count >= MaxFilters) throw new RpcException(RpcException.LimitExceeded, $"too many filters ({MaxFilters}); uninstall unused ones");
        string id = "0x" + Hex.Encode(RandomNumberGenerator.GetBytes(16), prefix: false);
        _filters[id] = new PollFilter(kind, filter);
        return id;
    }

    public bool Uninstall(string id) => _filters.TryRemove(id, out _);

    public bool TryGetLogFilter(string id, out LogFilter? filter)
    {
        filter = _filters.TryGetValue(id, out PollFilter? f) ? f.Filter : null;
        return f is not null && f.Kind == "logs";
    }

    public JsonArray GetChanges(string id)
    {
        if (!_filters.TryGetValue(id, out PollFilter? f)) throw new RpcException(RpcException.ServerError, "filter not found");
        lock (f)
        {
            f.LastPoll = DateTime.UtcNow;
            var result = new JsonArray();
            foreach (JsonNode n in f.Buffer) result.Add(n);
            f.Buffer.Clear();
            return result;
        }
    }

    private void ExpireFilters()
    {
        DateTime cutoff = DateTime.UtcNow - FilterTimeout;
        foreach (var (id, f) in _filters) if (f.LastPoll < cutoff) _filters.TryRemove(id, out _);
    }

    private static void Buffer(PollFilter f, JsonNode item)
    {
        lock (f)
        {
            if (f.Buffer.Count >= MaxBufferedPerFilter) f.Buffer.RemoveAt(0);
            f.Buffer.Add(item);
        }
    }

    private void OnBlock(Block block, IReadOnlyList<Receipt> receipts)
    {
        List<StoredLog>? logs = null;
        foreach (Subscription s in _subscriptions.Values)
        {
            if (!s.Sink.IsOpen) { _subscriptions.TryRemove(s.Id, out _); continue; }
            if (s.Kind == "newHeads") s.Sink.Notify(Notification(s.Id, RpcJson.Header(block)));
            else if (s.Kind == "logs")
                foreach (StoredLog l in logs ??= [.. RpcJson.LogsOf(block, receipts)])
                    if (s.Filter!.Matches(l.Log)) s.Sink.Notify(Notification(s.Id, RpcJson.Log(l)));
        }
        foreach (PollFilter f in _filters.Values)
        {
            if (f.Kind == "block") Buffer(f, RpcParams.D(block.Hash.Bytes));
            else if (f.Kind == "logs")
                foreach (StoredLog l in logs ??= [.. RpcJson.LogsOf(block, receipts)])
                    if (f.Filter!.Matches(l.Log) && l.BlockNumber >= f.Filter.FromBlock && l.BlockNumber <= f.Filter.ToBlock) Buffer(f, RpcJson.Log(l));
        }
    }

    private void OnPendingTransaction(Hash256 hash)
    {
        // Runs once per admitted transaction. Enumerating the dictionaries directly takes no locks (.Values takes all
        // of them and copies), and the hex is made only for a listener.
        string? text = null;
        foreach ((_, Subscription s) in _subscriptions)
            if (s.Kind == "newPendingTransactions" && s.Sink.IsOpen) s.Sink.Notify(Notification(s.Id, text ??= RpcParams.D(hash.Bytes)));
        foreach ((_, PollFilter f) in _filters) if (f.Kind == "pending") Buffer(f, text ??= RpcParams.D(hash.Bytes));
    }

    private static JsonObject Notification(string id, JsonNode result) => new()
    {
        ["jsonrpc"] = "2.0",
        ["method"] = "eth_subscription",
        ["params"] = new JsonObject { ["subscription"] = id, ["result"] = result },
    };
}
