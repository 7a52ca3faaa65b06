using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace AgentChain.Node.Rpc;

/// <summary>
/// One WebSocket client: requests are answered in order of completion, notifications interleave. Outgoing
/// messages go through a bounded queue; a client that stops reading is disconnected rather than growing memory.
/// </summary>
public sealed class WebSocketSession(WebSocket socket, JsonRpcProcessor processor, SubscriptionHub hub) : ISubscriptionSink
{
    public const int MaxMessageBytes = 5 * 1024 * 1024;
    public const int MaxQueuedMessages = 10_000;
    /// <summary>Requests of one connection processed at once; the receive loop waits (backpressure) beyond it.</summary>
    public const int MaxConcurrentRequests = 16;

    private readonly SemaphoreSlim _inFlight = new(MaxConcurrentRequests);

    private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxQueuedMessages) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile bool _open = true;

    public bool IsOpen => _open;

    public void Notify(JsonObject notification)
    {
        if (!_outgoing.Writer.TryWrite(notification.ToJsonString())) _open = false;
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        Task sender = SendLoopAsync(stopping);
        var buffer = new byte[64 * 1024];
        try
        {
            while (_open && socket.State == WebSocketState.Open && !stopping.IsCancellationRequested)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, stopping);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    message.Write(buffer, 0, result.Count);
                    if (message.Length > MaxMessageBytes)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {MaxMessageBytes} bytes", stopping);
                        return;
                    }
                } while (!result.EndOfMessage);
                byte[] body = message.ToArray();
                await _inFlight.WaitAsync(stopping);
                _ = Task.Run(() =>
                {
                    try
                    {
                        string? response = processor.Process(body, this);
                        if (response is not null && !_outgoing.Writer.TryWrite(response)) _open = false;
                    }
                    finally
                    {
                        _inFlight.Release();
                    }
                }, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            _open = false;
            hub.DropSink(this);
            _outgoing.Writer.TryComplete();
            try
            {
                await sender;
                // Complete the close handshake the client started (or start one on shutdown).
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                if (socket.State is WebSocketState.CloseReceived or WebSocketState.Open)
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }
    }

    private async Task SendLoopAsync(CancellationToken stopping)
    {
        await foreach (string text in _outgoing.Reader.ReadAllAsync(stopping))
        {
            if (socket.State != WebSocketState.Open) break;
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, stopping);
        }
    }
}
