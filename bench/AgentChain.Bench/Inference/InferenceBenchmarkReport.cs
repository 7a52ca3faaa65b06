namespace AgentChain.Bench.Inference;

/// <summary>Everything one <c>agentchain bench inference</c> run measured, with the machine's state around it.</summary>
public sealed record InferenceBenchmarkReport(
    int Processors,
    string LoadAverageStart,
    string LoadAverageEnd,
    string OrtVersion,
    string OrtLibrary,
    IReadOnlyList<InferenceBenchmarkRow> Rows,
    IReadOnlyList<ReproducibleOverOrtRatio> Ratios,
    IReadOnlyList<NodeBindingComparisonRow>? NodeComparison,
    string? NodeComparisonSkipped);
