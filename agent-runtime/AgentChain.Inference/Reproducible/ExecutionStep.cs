using AgentChain.Inference.Onnx;

namespace AgentChain.Inference.Reproducible;

/// <summary>
/// One step of a session's plan: the values it reads, the values it writes and the kernel that computes them. Usually
/// one node; a fused step (<see cref="ExecutionPlan"/>) stands for several, with <see cref="Node"/> the first of them.
/// </summary>
internal sealed record ExecutionStep(OnnxNode Node, string[] Inputs, string[] Outputs, OpKernel Kernel);
