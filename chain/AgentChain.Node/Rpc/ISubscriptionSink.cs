using System.Text.Json.Nodes;

namespace AgentChain.Node.Rpc;

/// <summary>A connection that can receive eth_subscription notifications (a WebSocket).</summary>
public interface ISubscriptionSink
{
    /// <summary>Queues a notification; never blocks the block producer (a slow client's queue is bounded and it gets disconnected).</summary>
    void Notify(JsonObject notification);

    bool IsOpen { get; }
}
