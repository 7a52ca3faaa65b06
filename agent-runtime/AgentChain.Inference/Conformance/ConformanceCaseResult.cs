namespace AgentChain.Inference.Conformance;

/// <summary>The verdict on one backend test case (a directory with model.onnx and test_data_set_N/).</summary>
/// <param name="Name">The test directory name, e.g. "test_conv_with_strides_padding".</param>
/// <param name="Detail">For a failure, what differed; for a skip, the unsupported op (e.g. "op Loop not supported by backend reproducible").</param>
/// <param name="UnsupportedOp">For a skip, the op type alone (for the per-op summary).</param>
public sealed record ConformanceCaseResult(string Name, ConformanceOutcome Outcome, string Detail, string? UnsupportedOp = null);
