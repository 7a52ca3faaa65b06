namespace AgentChain.Bench.Inference;

/// <summary>
/// Our C# binding against onnxruntime-node on one model: the median over rounds of each side's p50 per-call latency (µs),
/// and <see cref="Ratio"/> = ours / node (the target is ≤ 1.05).
/// </summary>
public sealed record NodeBindingComparisonRow(string Model, int Batch, int Rounds, double OursP50Us, double NodeP50Us, double OursP99Us, double NodeP99Us)
{
    public double Ratio => OursP50Us / NodeP50Us;
}
