namespace AgentChain.Bench.Inference;

/// <summary>Reproducible backend at one thread over ORT's fast profile at one intra-op thread, p50 against p50, for one model and batch (the target is ≤ 3).</summary>
public sealed record ReproducibleOverOrtRatio(string Model, int Batch, double ReproducibleP50Us, double OrtP50Us)
{
    public double Ratio => ReproducibleP50Us / OrtP50Us;
}
