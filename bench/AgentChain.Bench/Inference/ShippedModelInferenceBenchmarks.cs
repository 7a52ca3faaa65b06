using AgentChain.Inference;
using BenchmarkDotNet.Attributes;

namespace AgentChain.Bench.Inference;

/// <summary>
/// Every shipped model (models/) on the reproducible backend at one thread and ONNX Runtime's fast profile at one
/// intra-op thread (the baseline, so BenchmarkDotNet's Ratio column is reproducible / ORT single-thread) and at ORT's
/// default threads, at batch 1 and 64. `agentchain bench inference` measures the same with percentiles and the
/// onnxruntime-node comparison; this is the BenchmarkDotNet view of it.
/// Run: dotnet run -c Release --project bench/AgentChain.Bench -- --filter '*ShippedModelInferenceBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ShippedModelInferenceBenchmarks
{
    private IInferenceSession _reproducible = null!;
    private IInferenceSession _ortSingleThread = null!;
    private IInferenceSession _ortDefault = null!;
    private Dictionary<string, Tensor> _input = null!;
    private string _output = null!;

    public static IEnumerable<string> Models() =>
        BenchmarkModel.DefaultFolder() is { } folder
            ? BenchmarkModel.LoadAll(folder).Select(m => m.Name)
            : throw new DirectoryNotFoundException("models/ not found above the current folder: run from the repository");

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "";

    [Params(1, InferenceBenchmarkRunner.DefaultLargeBatch)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkModel model = BenchmarkModel.Load(Path.Combine(BenchmarkModel.DefaultFolder()!, Model));
        _input = model.Input(Batch);
        _output = model.OutputName;
        _reproducible = Load(model, InferenceBenchmarkConfiguration.ReproducibleSingleThread);
        _ortSingleThread = Load(model, InferenceBenchmarkConfiguration.OrtSingleThread);
        _ortDefault = Load(model, InferenceBenchmarkConfiguration.OrtDefault);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reproducible.Dispose();
        _ortSingleThread.Dispose();
        _ortDefault.Dispose();
    }

    [Benchmark]
    public Tensor ReproducibleSingleThread() => _reproducible.Run(_input)[_output];

    [Benchmark(Baseline = true)]
    public Tensor OrtSingleThread() => _ortSingleThread.Run(_input)[_output];

    [Benchmark]
    public Tensor OrtDefaultThreads() => _ortDefault.Run(_input)[_output];

    private static IInferenceSession Load(BenchmarkModel model, string configuration)
    {
        InferenceBenchmarkConfiguration c = InferenceBenchmarkConfiguration.All.Single(x => x.Name == configuration);
        return c.Backend().Load(model.Bytes, c.Options);
    }
}
