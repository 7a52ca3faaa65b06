using Microsoft.Extensions.AI;

namespace AgentChain.Agents.Tests;

/// <summary>
/// TEST DOUBLE for an LLM: an <see cref="IChatClient"/> that answers from a script instead of a model. Each turn
/// returns the next scripted message (a tool call, then a final text); it records every request it got, so tests see
/// exactly which tools were offered and which tool results came back.
/// </summary>
public sealed class ScriptedChatClientTestDouble(params Func<IReadOnlyList<ChatMessage>, ChatMessage>[] turns) : IChatClient
{
    private int _turn;

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ChatMessage> history = messages.ToArray();
        Requests.Add((history, options));
        if (_turn >= turns.Length) throw new InvalidOperationException($"the script has {turns.Length} turns; turn {_turn + 1} was requested");
        return Task.FromResult(new ChatResponse(turns[_turn++](history)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the scripted test double answers whole responses only");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
