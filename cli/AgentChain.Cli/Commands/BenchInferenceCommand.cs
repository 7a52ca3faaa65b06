using System.CommandLine;
using AgentChain.Bench.Inference;

namespace AgentChain.Cli.Commands;

/// <summary>
/// <c>agentchain bench inference [--json]</c>: latency p50/p99 and throughput of every shipped model on both backends,
/// the reproducible / ORT single-thread ratio, and our ORT binding against onnxruntime-node on the same library.
/// </summary>
public static class BenchInferenceCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of the tables" };
        var models = new Option<string?>("--models") { Description = "folder of shipped models (default: models/ of the repository above the current folder)" };
        var rounds = new Option<int>("--rounds") { Description = "interleaved rounds per model and batch (every configuration runs once per round)", DefaultValueFactory = _ => 5 };
        var roundMs = new Option<int>("--round-ms") { Description = "milliseconds each configuration runs per round", DefaultValueFactory = _ => 150 };
        var batch = new Option<int>("--batch") { Description = "the larger batch, for models whose batch dimension is free", DefaultValueFactory = _ => InferenceBenchmarkRunner.DefaultLargeBatch };
        var noNode = new Option<bool>("--no-node") { Description = "skip the onnxruntime-node comparison (needs node and scripts/ensure-onnxruntime.sh)" };
        var nodeRounds = new Option<int>("--node-rounds") { Description = "alternating rounds of the onnxruntime-node comparison per model", DefaultValueFactory = _ => 3 };
        var nodeIterations = new Option<int>("--node-iterations") { Description = "timed calls per side and round in the onnxruntime-node comparison", DefaultValueFactory = _ => 20000 };
        var command = new Command("inference",
            "Inference latency (p50/p99) and throughput of every shipped model: reproducible backend and ONNX Runtime (1 thread, default threads, proof profile); ours vs onnxruntime-node.")
        {
            json, models, rounds, roundMs, batch, noNode, nodeRounds, nodeIterations,
        };
        command.SetAction(result =>
        {
            string? folder = result.GetValue(models) ?? BenchmarkModel.DefaultFolder();
            if (folder is null)
            {
                Console.Error.WriteLine("error: models/ not found above the current folder; run from the repository or pass --models FOLDER");
                return 2;
            }
            if (result.GetValue(rounds) < 1 || result.GetValue(roundMs) < 1 || result.GetValue(batch) < 2 || result.GetValue(nodeRounds) < 1 || result.GetValue(nodeIterations) < 1)
            {
                Console.Error.WriteLine("error: --rounds, --round-ms, --node-rounds and --node-iterations must be at least 1, --batch at least 2");
                return 2;
            }
            IReadOnlyList<BenchmarkModel> loaded;
            try
            {
                loaded = BenchmarkModel.LoadAll(folder);
            }
            catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException or FileNotFoundException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            string repositoryRoot = Path.GetDirectoryName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar))!;
            bool withNode = !result.GetValue(noNode);
            if (withNode && NodeBindingComparison.Unavailable(repositoryRoot) is { } missing)
            {
                Console.Error.WriteLine($"error: cannot compare with onnxruntime-node: {missing} (or pass --no-node)");
                return 2;
            }

            bool asJson = result.GetValue(json);
            TextWriter? progress = asJson ? null : Console.Out;
            string loadStart = InferenceBenchmarkRunner.LoadAverage();
            (string ortPath, string ortVersion) = InferenceBenchmarkRunner.OrtLibrary();
            progress?.WriteLine($"timing {loaded.Count} models (load average {loadStart})...");
            var rows = InferenceBenchmarkRunner.Run(loaded, InferenceBenchmarkConfiguration.All,
                new InferenceBenchmarkRunner.Settings(result.GetValue(rounds), result.GetValue(roundMs), LargeBatch: result.GetValue(batch)), progress);
            IReadOnlyList<NodeBindingComparisonRow>? comparison = null;
            if (withNode)
            {
                progress?.WriteLine("our binding vs onnxruntime-node...");
                comparison = NodeBindingComparison.Run(repositoryRoot, loaded,
                    new NodeBindingComparison.Settings(result.GetValue(nodeRounds), Iterations: result.GetValue(nodeIterations)), progress);
            }
            var report = new InferenceBenchmarkReport(Environment.ProcessorCount, loadStart, InferenceBenchmarkRunner.LoadAverage(), ortVersion, ortPath,
                rows, InferenceBenchmarkRunner.Ratios(rows), comparison, withNode ? null : "--no-node given");
            if (asJson) InferenceBenchmarkRunner.WriteJson(report, Console.Out);
            else
            {
                Console.WriteLine();
                InferenceBenchmarkRunner.WriteTable(report, Console.Out);
            }
            return 0;
        });
        return command;
    }
}
