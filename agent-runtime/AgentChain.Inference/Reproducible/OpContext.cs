using AgentChain.Inference.Onnx;

namespace AgentChain.Inference.Reproducible;

/// <summary>What a kernel may know about the node it runs: attributes, opset, how many threads it may use.</summary>
internal sealed class OpContext
{
    public OpContext(OnnxNode node, int threads)
    {
        Node = node;
        Threads = threads;
    }

    public OnnxNode Node { get; }

    public OnnxAttributes Attributes => Node.Attributes;

    public int OpsetVersion => Node.OpsetVersion;

    /// <summary>Threads for work split across independent output elements (never across a reduction).</summary>
    public int Threads { get; }

    public int OutputCount => Node.Outputs.Length;

    public Tensor Required(Tensor?[] inputs, int index) =>
        index < inputs.Length && inputs[index] is { } t ? t : throw Error($"input {index} is required");

    public static Tensor? Optional(Tensor?[] inputs, int index) => index < inputs.Length ? inputs[index] : null;

    /// <summary>A model or input error attributed to this node.</summary>
    public InferenceException Error(string message) => new InvalidModelException($"{Node}: {message}");

    /// <summary>Runs <paramref name="body"/> for 0..count-1, split over threads when worth it. Each index must write only its own outputs.</summary>
    public void For(int count, long workPerItem, Action<int> body)
    {
        if (Threads <= 1 || count < 2 || (long)count * workPerItem < 32_768)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Threads }, body);
    }
}
