namespace AgentChain.Bench.Inference;

/// <summary>One model × batch × configuration: per-call latency percentiles (µs) and throughput (samples/s).</summary>
public sealed record InferenceBenchmarkRow(string Model, int Batch, string Configuration, int Calls, double P50Us, double P99Us, double SamplesPerSecond);
