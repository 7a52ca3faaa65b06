using AgentChain.Inference;
using AgentChain.Inference.Onnx;
using AgentChain.Inference.Reproducible;
using BenchmarkDotNet.Attributes;

namespace AgentChain.Bench.Inference;

/// <summary>
/// Where a shipped model's time goes on the reproducible backend: each node of the graph timed alone, one thread, on
/// the inputs it sees in a real run (the model's recorded rows at batch 64, run once through the graph in setup).
/// Each node runs its own kernel here, unfused: a session runs a dense layer (MatMul, bias Add, Tanh) as one step
/// (<c>ExecutionPlan</c>), so the whole model (<see cref="ShippedModelInferenceBenchmarks"/>) takes less than the sum.
/// Run: dotnet run -c Release --project bench/AgentChain.Bench -- --filter '*ReproducibleNodeBenchmarks*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class ReproducibleNodeBenchmarks
{
    private OpKernel _kernel = null!;
    private OpContext _context = null!;
    private Tensor?[] _arguments = null!;

    /// <summary>The shipped model profiled: the largest graph, and the one furthest from ONNX Runtime.</summary>
    public const string Model = "digits_mlp";

    [Params(InferenceBenchmarkRunner.DefaultLargeBatch)]
    public int Batch { get; set; }

    /// <summary>"index:OpType" of every node of the model, in graph order.</summary>
    [ParamsSource(nameof(NodeNames))]
    public string Node { get; set; } = "";

    public static IEnumerable<string> NodeNames() => Graph(Model).Nodes.Select((n, i) => $"{i}:{n.OpType}");

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkModel model = BenchmarkModel.Load(System.IO.Path.Combine(BenchmarkModel.DefaultFolder()!, Model));
        OnnxModel graph = Graph(Model);
        int index = int.Parse(Node.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        var values = new Dictionary<string, Tensor>(graph.Initializers, StringComparer.Ordinal);
        foreach ((string name, Tensor value) in model.Input(Batch)) values[name] = value;
        for (int i = 0; i <= index; i++)
        {
            OnnxNode node = graph.Nodes[i];
            Tensor?[] arguments = node.Inputs.Select(name => name.Length == 0 ? null : values[name]).ToArray();
            var context = new OpContext(node, threads: 1);
            OpKernel kernel = OperatorTable.Resolve(node);
            if (i == index)
            {
                (_kernel, _context, _arguments) = (kernel, context, arguments);
                return;
            }
            Tensor[] results = kernel(context, arguments);
            for (int o = 0; o < node.Outputs.Length && o < results.Length; o++) values[node.Outputs[o]] = results[o];
        }
    }

    [Benchmark]
    public Tensor[] RunNode() => _kernel(_context, _arguments);

    private static OnnxModel Graph(string model) =>
        OnnxModel.Parse(File.ReadAllBytes(System.IO.Path.Combine(BenchmarkModel.DefaultFolder()!, model, "model.onnx")));
}
