using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Agents.Rpc;

/// <summary>
/// A small Ethereum JSON-RPC 2.0 client over HTTP: the methods an agent host and a node runner need, with typed
/// results. Errors come back as <see cref="EthRpcException"/> (transport failures with a null code), so callers can
/// tell a revert (never retried) from a node that is briefly unreachable (retried with backoff).
/// </summary>
public sealed class EthRpcClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private long _nextId;

    public EthRpcClient(Uri url, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"the JSON-RPC URL must be http:// or https://, got '{url}'", nameof(url));
        Url = url;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    /// <summary>The WebSocket endpoint on the same host and port (ws:// for http://, wss:// for https://).</summary>
    public Uri WebSocketUrl => new UriBuilder(Url) { Scheme = Url.Scheme == "https" ? "wss" : "ws" }.Uri;

    /// <summary>Sends one request; returns its <c>result</c>.</summary>
    public async Task<JsonNode?> RequestAsync(string method, JsonArray parameters, CancellationToken cancellation = default)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _nextId),
            ["method"] = method,
            ["params"] = parameters,
        };
        string body;
        try
        {
            using var content = new StringContent(request.ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using HttpResponseMessage response = await _http.PostAsync(Url, content, cancellation);
            body = await response.Content.ReadAsStringAsync(cancellation);
            if (!response.IsSuccessStatusCode && body.Length == 0)
                throw new EthRpcException(method, null, $"HTTP {(int)response.StatusCode} from {Url}");
        }
        catch (HttpRequestException e)
        {
            throw new EthRpcException(method, null, $"cannot reach {Url}: {e.Message}", inner: e);
        }
        catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new EthRpcException(method, null, $"no answer from {Url} within {_http.Timeout.TotalSeconds:0} s", inner: e);
        }
        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new EthRpcException(method, null, $"the node answered with invalid JSON: {e.Message}", inner: e);
        }
        if (answer?["error"] is JsonObject error)
        {
            int code = error["code"]?.GetValue<int>() ?? 0;
            string message = error["message"]?.GetValue<string>() ?? "(no message)";
            string? data = error["data"] is JsonValue v && v.TryGetValue(out string? s) ? s : error["data"]?.ToJsonString();
            throw new EthRpcException(method, code, message, data);
        }
        return answer?["result"];
    }

    public async Task<ulong> ChainIdAsync(CancellationToken cancellation = default) =>
        Quantity(await RequestAsync("eth_chainId", [], cancellation), "eth_chainId");

    public async Task<ulong> BlockNumberAsync(CancellationToken cancellation = default) =>
        Quantity(await RequestAsync("eth_blockNumber", [], cancellation), "eth_blockNumber");

    /// <summary>The account's nonce counting pending pool transactions ("pending"), or mined only ("latest").</summary>
    public async Task<ulong> GetTransactionCountAsync(Address account, string block = "pending", CancellationToken cancellation = default) =>
        Quantity(await RequestAsync("eth_getTransactionCount", [account.ToLowerHex(), block], cancellation), "eth_getTransactionCount");

    public async Task<UInt256> GetBalanceAsync(Address account, CancellationToken cancellation = default) =>
        Big(await RequestAsync("eth_getBalance", [account.ToLowerHex(), "latest"], cancellation), "eth_getBalance");

    /// <summary>The latest block's base fee per gas.</summary>
    public async Task<UInt256> BaseFeeAsync(CancellationToken cancellation = default)
    {
        JsonNode? block = await RequestAsync("eth_getBlockByNumber", ["latest", false], cancellation);
        return Big(block?["baseFeePerGas"], "eth_getBlockByNumber.baseFeePerGas");
    }

    /// <summary>The latest block's timestamp (chain time, which dev methods can move away from the wall clock).</summary>
    public async Task<ulong> LatestTimestampAsync(CancellationToken cancellation = default)
    {
        JsonNode? block = await RequestAsync("eth_getBlockByNumber", ["latest", false], cancellation);
        return Quantity(block?["timestamp"], "eth_getBlockByNumber.timestamp");
    }

    public async Task<UInt256> MaxPriorityFeePerGasAsync(CancellationToken cancellation = default) =>
        Big(await RequestAsync("eth_maxPriorityFeePerGas", [], cancellation), "eth_maxPriorityFeePerGas");

    /// <summary>eth_call at the latest block; a revert throws <see cref="EthRpcException"/> with <see cref="EthRpcException.RevertData"/>.</summary>
    public async Task<byte[]> CallAsync(Address to, byte[] data, Address? from = null, UInt256? value = null, CancellationToken cancellation = default)
    {
        JsonNode? result = await RequestAsync("eth_call", [CallObject(from, to, value, data), "latest"], cancellation);
        return Bytes(result, "eth_call");
    }

    public async Task<ulong> EstimateGasAsync(Address from, Address to, UInt256 value, byte[] data, CancellationToken cancellation = default) =>
        Quantity(await RequestAsync("eth_estimateGas", [CallObject(from, to, value, data)], cancellation), "eth_estimateGas");

    /// <summary>Submits a signed transaction; returns its hash.</summary>
    public async Task<Hash256> SendRawTransactionAsync(byte[] signedTransaction, CancellationToken cancellation = default)
    {
        JsonNode? result = await RequestAsync("eth_sendRawTransaction", [Hex.Encode(signedTransaction)], cancellation);
        return Hash256.Parse(Text(result, "eth_sendRawTransaction"));
    }

    /// <summary>The receipt, or null while the transaction is not mined.</summary>
    public async Task<RpcReceipt?> GetTransactionReceiptAsync(Hash256 hash, CancellationToken cancellation = default)
    {
        JsonNode? r = await RequestAsync("eth_getTransactionReceipt", [hash.ToString()], cancellation);
        if (r is null) return null;
        var logs = (r["logs"] as JsonArray ?? []).Select(l => ParseLog(l!)).ToArray();
        return new RpcReceipt(hash, Quantity(r["status"], "receipt.status") == 1, Quantity(r["blockNumber"], "receipt.blockNumber"),
            Quantity(r["gasUsed"], "receipt.gasUsed"), r["effectiveGasPrice"] is null ? UInt256.Zero : Big(r["effectiveGasPrice"], "receipt.effectiveGasPrice"),
            logs);
    }

    /// <summary>The calldata (<c>input</c>) of a transaction, or null if the node does not know it.</summary>
    public async Task<byte[]?> GetTransactionInputAsync(Hash256 hash, CancellationToken cancellation = default)
    {
        JsonNode? tx = await RequestAsync("eth_getTransactionByHash", [hash.ToString()], cancellation);
        return tx is null ? null : Bytes(tx["input"], "eth_getTransactionByHash.input");
    }

    public async Task<IReadOnlyList<RpcLog>> GetLogsAsync(LogFilterSpec filter, ulong fromBlock, ulong? toBlock = null,
        CancellationToken cancellation = default)
    {
        JsonObject query = FilterObject(filter);
        query["fromBlock"] = Hex.EncodeQuantity(fromBlock);
        query["toBlock"] = toBlock is { } t ? Hex.EncodeQuantity(t) : "latest";
        JsonNode? result = await RequestAsync("eth_getLogs", [query], cancellation);
        return (result as JsonArray ?? []).Select(l => ParseLog(l!)).ToArray();
    }

    /// <summary>The node's deployment manifest (<c>GET /api/contracts</c>).</summary>
    public async Task<ContractDirectory> GetContractsAsync(CancellationToken cancellation = default)
    {
        var url = new Uri(Url, "/api/contracts");
        string body;
        try
        {
            using HttpResponseMessage response = await _http.GetAsync(url, cancellation);
            body = await response.Content.ReadAsStringAsync(cancellation);
            if (!response.IsSuccessStatusCode)
                throw new EthRpcException("GET /api/contracts", null, $"HTTP {(int)response.StatusCode} from {url}: is this an AgentChain devnet with its contracts predeployed?");
        }
        catch (HttpRequestException e)
        {
            throw new EthRpcException("GET /api/contracts", null, $"cannot reach {url}: {e.Message}", inner: e);
        }
        try
        {
            return ContractDirectory.Parse(body);
        }
        catch (FormatException e)
        {
            throw new EthRpcException("GET /api/contracts", null,
                $"{url} did not return a contract manifest ({e.Message}); is this an AgentChain devnet with its contracts predeployed?", inner: e);
        }
    }

    internal static JsonObject FilterObject(LogFilterSpec filter)
    {
        var topics = new JsonArray();
        foreach (Hash256? t in filter.Topics) topics.Add(t?.ToString());
        return new JsonObject { ["address"] = filter.Address.ToLowerHex(), ["topics"] = topics };
    }

    internal static RpcLog ParseLog(JsonNode log) => new(
        Address.Parse(Text(log["address"], "log.address")),
        (log["topics"] as JsonArray ?? []).Select(t => Hash256.Parse(Text(t, "log.topics"))).ToArray(),
        Bytes(log["data"], "log.data"),
        log["blockNumber"] is null ? 0 : Quantity(log["blockNumber"], "log.blockNumber"),
        log["transactionHash"] is null ? default : Hash256.Parse(Text(log["transactionHash"], "log.transactionHash")),
        log["logIndex"] is null ? 0 : Quantity(log["logIndex"], "log.logIndex"),
        log["removed"]?.GetValue<bool>() ?? false);

    private static JsonObject CallObject(Address? from, Address to, UInt256? value, byte[] data)
    {
        var o = new JsonObject { ["to"] = to.ToLowerHex(), ["data"] = Hex.Encode(data) };
        if (from is { } f) o["from"] = f.ToLowerHex();
        if (value is { } v && !v.IsZero) o["value"] = v.ToHexQuantity();
        return o;
    }

    private static string Text(JsonNode? node, string what) =>
        node is JsonValue v && v.TryGetValue(out string? s) ? s : throw new EthRpcException(what, null, $"expected a string result, got {node?.ToJsonString() ?? "null"}");

    internal static ulong Quantity(JsonNode? node, string what)
    {
        string s = Text(node, what);
        return ulong.TryParse(Hex.StripPrefix(s), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong n)
            ? n
            : throw new EthRpcException(what, null, $"expected a hex quantity, got '{s}'");
    }

    private static UInt256 Big(JsonNode? node, string what)
    {
        string s = Text(node, what);
        return UInt256.TryParse(s, out UInt256 n) ? n : throw new EthRpcException(what, null, $"expected a hex quantity, got '{s}'");
    }

    private static byte[] Bytes(JsonNode? node, string what)
    {
        string s = Text(node, what);
        return Hex.TryDecode(s, out byte[] b) ? b : throw new EthRpcException(what, null, $"expected hex data, got '{s}'");
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
