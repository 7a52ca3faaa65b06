namespace AgentChain.Inference.Conformance;

public enum ConformanceOutcome
{
    Passed,
    Failed,
    /// <summary>The model uses an operator the backend does not support; <see cref="ConformanceCaseResult.Detail"/> names it.</summary>
    Skipped,
}
