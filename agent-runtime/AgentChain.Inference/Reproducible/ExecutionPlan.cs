using AgentChain.Inference.Onnx;
using AgentChain.Inference.Reproducible.Operators;

namespace AgentChain.Inference.Reproducible;

/// <summary>
/// Turns a model's nodes into the steps a session runs, in graph order. A dense layer — MatMul, then Add of a constant
/// bias row, then optionally Tanh, each intermediate used by nothing else — becomes one step that adds the bias and
/// applies Tanh to each block of output rows as soon as the block is computed (<see cref="MatrixOps.MatMulBiasTanh"/>):
/// the same operations on the same values as the three kernels, without two intermediate tensors and two passes
/// over them. Fusion never changes a bit (the pinned digests in the tests hold it to that).
/// </summary>
internal static class ExecutionPlan
{
    public static ExecutionStep[] Build(OnnxModel model)
    {
        var consumers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (OnnxNode node in model.Nodes)
            foreach (string input in node.Inputs)
                if (input.Length > 0) consumers[input] = consumers.GetValueOrDefault(input) + 1;
        foreach (TensorInfo output in model.Outputs) consumers[output.Name] = consumers.GetValueOrDefault(output.Name) + 1;
        bool UsedOnlyOnce(string value) => consumers.GetValueOrDefault(value) == 1;

        var steps = new List<ExecutionStep>();
        IReadOnlyList<OnnxNode> nodes = model.Nodes;
        for (int i = 0; i < nodes.Count; i++)
        {
            OnnxNode node = nodes[i];
            if (IsDefault(node, "MatMul") && node.Inputs.Length == 2 && node.Outputs.Length == 1 && i + 1 < nodes.Count
                && UsedOnlyOnce(node.Outputs[0]) && BiasOf(nodes[i + 1], node.Outputs[0], model) is { } bias)
            {
                OnnxNode add = nodes[i + 1];
                OnnxNode? tanh = i + 2 < nodes.Count && IsDefault(nodes[i + 2], "Tanh") && nodes[i + 2].Inputs.Length == 1
                    && nodes[i + 2].Inputs[0] == add.Outputs[0] && nodes[i + 2].Outputs.Length == 1 && UsedOnlyOnce(add.Outputs[0]) ? nodes[i + 2] : null;
                bool productFirst = add.Inputs[0] == node.Outputs[0];
                steps.Add(new ExecutionStep(node, [node.Inputs[0], node.Inputs[1], bias], [(tanh ?? add).Outputs[0]],
                    (c, x) => MatrixOps.MatMulBiasTanh(c, x, add, productFirst, tanh)));
                i += tanh is null ? 1 : 2;
                continue;
            }
            steps.Add(new ExecutionStep(node, node.Inputs, node.Outputs, OperatorTable.Resolve(node)));
        }
        return steps.ToArray();
    }

    private static bool IsDefault(OnnxNode node, string opType) => node.Domain.Length == 0 && node.OpType == opType;

    /// <summary>The name of <paramref name="add"/>'s other operand when it adds a float initializer to <paramref name="product"/>; otherwise null.</summary>
    private static string? BiasOf(OnnxNode add, string product, OnnxModel model)
    {
        if (!IsDefault(add, "Add") || add.Inputs.Length != 2 || add.Outputs.Length != 1 || add.Inputs[0] == add.Inputs[1]) return null;
        string other = add.Inputs[0] == product ? add.Inputs[1] : add.Inputs[1] == product ? add.Inputs[0] : "";
        return model.Initializers.TryGetValue(other, out Tensor? bias) && bias.ElementType == TensorElementType.Float ? other : null;
    }
}
