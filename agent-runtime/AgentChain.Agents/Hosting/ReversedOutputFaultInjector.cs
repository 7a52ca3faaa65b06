using AgentChain.Agents.Models;
using AgentChain.Inference;

namespace AgentChain.Agents.Hosting;

/// <summary>
/// FAULT INJECTOR (a dishonest agent, for tests and demos of slashing): reverses the elements of one float output —
/// for a two-class model, reports the benign probability as the malignant one — and commits to that lie with a
/// correctly recomputed output hash, exactly as a cheating host would.
/// </summary>
public sealed class ReversedOutputFaultInjector(string outputName) : IInferenceFaultInjector
{
    public string Description => $"FAULT INJECTOR: reverses output '{outputName}' before committing (dishonest agent)";

    public ModelEvaluation Tamper(ModelEvaluation honest)
    {
        if (!honest.Outputs.TryGetValue(outputName, out Tensor? t) || t.ElementType != TensorElementType.Float)
            throw new InvalidOperationException($"the fault injector needs a float output named '{outputName}'");
        float[] reversed = t.AsSpan<float>().ToArray();
        Array.Reverse(reversed);
        var outputs = new Dictionary<string, Tensor>(honest.Outputs, StringComparer.Ordinal)
        {
            [outputName] = Tensor.FromArray(TensorElementType.Float, t.ShapeToArray(), reversed),
        };
        return honest with { Outputs = outputs, OutputHash = TensorDigest.Of(outputs) };
    }
}
