namespace AgentChain.Inference.Conformance;

/// <summary>All case results of one conformance run, in case-name order, with the counts and per-op skip summary.</summary>
public sealed class ConformanceReport(IReadOnlyList<ConformanceCaseResult> cases)
{
    public IReadOnlyList<ConformanceCaseResult> Cases { get; } = cases;

    public int Passed => Cases.Count(c => c.Outcome == ConformanceOutcome.Passed);

    public int Failed => Cases.Count(c => c.Outcome == ConformanceOutcome.Failed);

    public int Skipped => Cases.Count(c => c.Outcome == ConformanceOutcome.Skipped);

    /// <summary>Skipped case count per unsupported op, most frequent first.</summary>
    public IReadOnlyList<(string Op, int Cases)> SkippedByOp => Cases
        .Where(c => c.Outcome == ConformanceOutcome.Skipped)
        .GroupBy(c => c.UnsupportedOp ?? "?")
        .Select(g => (g.Key, g.Count()))
        .OrderByDescending(p => p.Item2).ThenBy(p => p.Key, StringComparer.Ordinal)
        .ToList();

    /// <summary>The closing line: "N passed, N failed, N skipped".</summary>
    public string Summary => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}
