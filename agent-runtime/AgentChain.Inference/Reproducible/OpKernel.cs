namespace AgentChain.Inference.Reproducible;

/// <summary>Runs one node: takes its inputs (null for omitted optional ones) and returns its outputs in order.</summary>
internal delegate Tensor[] OpKernel(OpContext context, Tensor?[] inputs);
