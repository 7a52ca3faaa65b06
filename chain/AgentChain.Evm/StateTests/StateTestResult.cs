namespace AgentChain.Evm.StateTests;

/// <summary>Outcome of one case: passed, or failed with a one-line reason; and how long it took.</summary>
public sealed record StateTestResult(string Id, string Folder, bool Passed, string? Reason, TimeSpan Elapsed);
