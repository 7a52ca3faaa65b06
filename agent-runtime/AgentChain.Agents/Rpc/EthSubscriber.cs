using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.Rpc;

/// <summary>
/// eth_subscribe over WebSocket that survives the node going away: on any disconnect it reconnects with exponential
/// backoff (0.25 s doubling to <see cref="MaxBackoff"/>), subscribes again and calls <c>onReconnected</c>, so the
/// caller can backfill what it may have missed (eth_getLogs from the last block it saw).
/// </summary>
public sealed class EthSubscriber(Uri webSocketUrl, ILogger logger)
{
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    public Uri Url { get; } = webSocketUrl;
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Connections made so far (1 after the first, +1 per reconnect).</summary>
    public int Connections { get; private set; }

    /// <summary>
    /// Runs until <paramref name="cancellation"/>: subscribes with <paramref name="subscription"/> (e.g. ["newHeads"] or
    /// ["logs", {address, topics}]) and hands each notification's <c>result</c> to <paramref name="onNotification"/>.
    /// An exception thrown by a handler ends the subscription (a bug in the handler is not a network fault).
    /// </summary>
    public async Task RunAsync(JsonArray subscription, Func<JsonNode, Task> onNotification, Func<Task>? onReconnected = null,
        CancellationToken cancellation = default)
    {
        TimeSpan backoff = TimeSpan.FromMilliseconds(250);
        bool first = true;
        while (!cancellation.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(Url, cancellation);
                string id = await SubscribeAsync(socket, subscription, cancellation);
                Connections++;
                logger.LogInformation("subscribed to {Subscription} on {Url} (id {Id})", subscription[0]?.ToString(), Url, id);
                backoff = TimeSpan.FromMilliseconds(250);
                if (!first && onReconnected is not null) await onReconnected();
                first = false;
                while (!cancellation.IsCancellationRequested)
                {
                    JsonNode? message = await ReceiveAsync(socket, cancellation);
                    if (message is null) break;
                    if (message["method"]?.GetValue<string>() == "eth_subscription" && message["params"]?["subscription"]?.GetValue<string>() == id
                        && message["params"]?["result"] is JsonNode result)
                        await onNotification(result);
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WebSocketException or IOException or EthRpcException or JsonException or HttpRequestException)
            {
                logger.LogWarning("subscription {Subscription} on {Url} lost: {Reason}; reconnecting in {Delay} ms",
                    subscription[0]?.ToString(), Url, e.Message, (int)backoff.TotalMilliseconds);
            }
            try
            {
                await Task.Delay(backoff, cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private static async Task<string> SubscribeAsync(ClientWebSocket socket, JsonArray subscription, CancellationToken cancellation)
    {
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "eth_subscribe", ["params"] = subscription.DeepClone() };
        await socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, cancellation);
        while (true)
        {
            JsonNode? answer = await ReceiveAsync(socket, cancellation)
                ?? throw new WebSocketException("the node closed the connection before answering eth_subscribe");
            if (answer["id"]?.GetValue<int>() != 1) continue;
            if (answer["error"] is JsonObject error)
                throw new EthRpcException("eth_subscribe", error["code"]?.GetValue<int>() ?? 0, error["message"]?.GetValue<string>() ?? "(no message)");
            return answer["result"]?.GetValue<string>() ?? throw new EthRpcException("eth_subscribe", null, "no subscription id in the answer");
        }
    }

    private static async Task<JsonNode?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellation)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult r = await socket.ReceiveAsync(buffer, cancellation);
            if (r.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, r.Count);
            if (message.Length > MaxMessageBytes) throw new WebSocketException($"a message from the node exceeds {MaxMessageBytes} bytes");
            if (r.EndOfMessage) break;
        }
        return JsonNode.Parse(message.ToArray());
    }
}
