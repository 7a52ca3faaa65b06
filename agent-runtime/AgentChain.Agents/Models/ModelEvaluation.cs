using AgentChain.Core.Types;
using AgentChain.Inference;

namespace AgentChain.Agents.Models;

/// <summary>One inference: its inputs and outputs and the four hashes the commitment binds.</summary>
public sealed record ModelEvaluation(
    IReadOnlyDictionary<string, Tensor> Inputs,
    IReadOnlyDictionary<string, Tensor> Outputs,
    Hash256 ModelHash,
    Hash256 RuntimeId,
    Hash256 InputHash,
    Hash256 OutputHash)
{
    /// <summary>Element <paramref name="index"/> (row-major) of output <paramref name="name"/>, as a double.</summary>
    public double Output(string name, int index)
    {
        if (!Outputs.TryGetValue(name, out Tensor? t))
            throw new KeyNotFoundException($"the model has no output '{name}' (it has: {string.Join(", ", Outputs.Keys)})");
        if (index < 0 || index >= t.ElementCount)
            throw new IndexOutOfRangeException($"output '{name}' has {t.ElementCount} element(s); index {index} is out of range");
        return t.ElementType switch
        {
            TensorElementType.Float => t.AsSpan<float>()[index],
            TensorElementType.Double => t.AsSpan<double>()[index],
            TensorElementType.Int64 => t.AsSpan<long>()[index],
            TensorElementType.Int32 => t.AsSpan<int>()[index],
            _ => throw new NotSupportedException($"output '{name}' is {t.ElementType}; only float, double, int32 and int64 outputs map to call arguments"),
        };
    }
}
