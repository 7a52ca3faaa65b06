using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.Tools;

/// <summary>
/// Drives an <see cref="IChatClient"/> with the agent's tools: sends the conversation with the tools offered, runs every
/// tool call the model makes (each through the agent's own commit/sign/submit path), returns the results to the model,
/// and repeats until it answers without tool calls or <see cref="MaxRounds"/> is reached.
/// </summary>
public sealed class ToolCallingAgent(IChatClient chat, IReadOnlyList<AITool> tools, ILogger logger)
{
    public int MaxRounds { get; init; } = 8;

    /// <summary>Runs the conversation from <paramref name="prompt"/>; returns every message, tool calls and results included.</summary>
    public async Task<IReadOnlyList<ChatMessage>> RunAsync(string prompt, CancellationToken cancellation = default)
    {
        var messages = new List<ChatMessage> { new(ChatRole.User, prompt) };
        var options = new ChatOptions { Tools = [.. tools] };
        for (int round = 0; round < MaxRounds; round++)
        {
            ChatResponse response = await chat.GetResponseAsync(messages, options, cancellation);
            messages.AddRange(response.Messages);
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToArray();
            if (calls.Length == 0) return messages;
            var results = new List<AIContent>();
            foreach (FunctionCallContent call in calls)
            {
                AIFunction? function = tools.OfType<AIFunction>().FirstOrDefault(t => t.Name == call.Name);
                object? result;
                if (function is null)
                {
                    result = $"unknown tool '{call.Name}'; available: {string.Join(", ", tools.Select(t => t.Name))}";
                    logger.LogWarning("tool call {CallId}: {Result}", call.CallId, result);
                }
                else
                {
                    logger.LogInformation("tool call {CallId}: {Tool}", call.CallId, call.Name);
                    try
                    {
                        result = await function.InvokeAsync(new AIFunctionArguments(call.Arguments ?? new Dictionary<string, object?>()), cancellation);
                    }
                    catch (ArgumentException e)
                    {
                        // Bad arguments from the model: tell it what was wrong so it can correct the call.
                        result = $"invalid arguments: {e.Message}";
                        logger.LogWarning("tool call {CallId}: {Result}", call.CallId, result);
                    }
                }
                results.Add(new FunctionResultContent(call.CallId, result));
            }
            messages.Add(new ChatMessage(ChatRole.Tool, results));
        }
        logger.LogWarning("tool-calling agent stopped after {Rounds} rounds without a final answer", MaxRounds);
        return messages;
    }
}
