namespace AgentChain.Node.Tracing;

/// <summary>geth's callTracer config: <c>onlyTopCall</c> drops nested frames; <c>withLog</c> adds each frame's logs.</summary>
public sealed record CallTracerOptions(bool OnlyTopCall = false, bool WithLog = false);
