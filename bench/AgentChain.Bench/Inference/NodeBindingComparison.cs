using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using AgentChain.Inference;
using AgentChain.Inference.OnnxRuntime;

namespace AgentChain.Bench.Inference;

/// <summary>
/// Our C# binding against onnxruntime-node on the same model and the same libonnxruntime.so.1 (both come from the
/// npm package onnxruntime-node@1.30.0 under agent-runtime/AgentChain.Inference.OnnxRuntime/native). The node side is
/// agent-runtime/AgentChain.Inference.OnnxRuntime/bench/ort-node-latency.js in its own process; our side is timed here
/// with the same method: one intra-op and one inter-op thread, sequential, all graph optimisations, input element i
/// = (i mod 17) / 2, <c>warmup</c> untimed calls then <c>iterations</c> timed ones, per-call wall time including
/// reading the output. Rounds alternate which side goes first so drifting load does not favour one.
/// </summary>
public static class NodeBindingComparison
{
    public sealed record Settings(int Rounds = 3, int Warmup = 2000, int Iterations = 20000, int Batch = 1);

    public static readonly string ScriptRelativePath = Path.Combine("agent-runtime", "AgentChain.Inference.OnnxRuntime", "bench", "ort-node-latency.js");

    private static readonly string PackageRelativePath = Path.Combine("agent-runtime", "AgentChain.Inference.OnnxRuntime", "native", "node_modules", "onnxruntime-node");

    /// <summary>Null when the comparison can run from <paramref name="repositoryRoot"/>; otherwise what is missing and how to get it.</summary>
    public static string? Unavailable(string repositoryRoot)
    {
        if (!File.Exists(Path.Combine(repositoryRoot, ScriptRelativePath))) return $"{ScriptRelativePath} not found under {repositoryRoot}";
        if (!Directory.Exists(Path.Combine(repositoryRoot, PackageRelativePath)))
            return $"onnxruntime-node is not installed at {PackageRelativePath}: run scripts/ensure-onnxruntime.sh";
        try
        {
            (int code, string output, _) = RunProcess("node", ["--version"]);
            return code == 0 ? null : $"'node --version' exited with {code}: {output}";
        }
        catch (Win32Exception)
        {
            return "node (Node.js ≥ 20) is not on PATH";
        }
    }

    public static IReadOnlyList<NodeBindingComparisonRow> Run(string repositoryRoot, IReadOnlyList<BenchmarkModel> models, Settings settings, TextWriter? progress)
    {
        if (settings.Rounds < 1 || settings.Iterations < 1 || settings.Warmup < 0 || settings.Batch < 1)
            throw new ArgumentOutOfRangeException(nameof(settings), "rounds, iterations and batch must be at least 1, warmup at least 0");
        string script = Path.Combine(repositoryRoot, ScriptRelativePath);
        var backend = new OnnxRuntimeBackend(new OnnxRuntimeBackendOptions { InterOpThreads = 1 });
        var options = new InferenceOptions { Deterministic = false, Threads = 1 };
        var rows = new List<NodeBindingComparisonRow>();
        foreach (BenchmarkModel model in models)
        {
            if (settings.Batch > 1 && !model.BatchIsFree) continue;
            var ours = new List<(double P50, double P99)>();
            var node = new List<(double P50, double P99)>();
            for (int round = 0; round < settings.Rounds; round++)
            {
                if (round % 2 == 0)
                {
                    node.Add(RunNode(script, model, settings));
                    ours.Add(RunOurs(backend, options, model, settings));
                }
                else
                {
                    ours.Add(RunOurs(backend, options, model, settings));
                    node.Add(RunNode(script, model, settings));
                }
            }
            var row = new NodeBindingComparisonRow(model.Name, settings.Batch, settings.Rounds,
                Median(ours.Select(o => o.P50)), Median(node.Select(o => o.P50)), Median(ours.Select(o => o.P99)), Median(node.Select(o => o.P99)));
            rows.Add(row);
            progress?.WriteLine($"  {model.Name}: ours p50 {row.OursP50Us:F2} µs, onnxruntime-node p50 {row.NodeP50Us:F2} µs, ratio {row.Ratio:F3}");
        }
        return rows;
    }

    /// <summary>The same fixed input the node script builds: element i is (i mod 17) / 2.</summary>
    public static Dictionary<string, Tensor> FixedInput(BenchmarkModel model, int batch)
    {
        var data = new float[batch * model.Features];
        for (int i = 0; i < data.Length; i++) data[i] = (i % 17) / 2f;
        return new Dictionary<string, Tensor>(StringComparer.Ordinal) { [model.InputName] = Tensor.Create(data, batch, model.Features) };
    }

    private static (double P50, double P99) RunOurs(OnnxRuntimeBackend backend, InferenceOptions options, BenchmarkModel model, Settings settings)
    {
        // A fresh session per round, as the node side gets one per process.
        using IInferenceSession session = backend.Load(model.Bytes, options);
        Dictionary<string, Tensor> feeds = FixedInput(model, settings.Batch);
        string output = session.Outputs[0].Name;
        long sink = 0;
        for (int i = 0; i < settings.Warmup; i++) sink += session.Run(feeds)[output].ElementCount;
        var latency = new double[settings.Iterations];
        for (int i = 0; i < latency.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            sink += session.Run(feeds)[output].ElementCount;
            latency[i] = InferenceBenchmarkRunner.Microseconds(start, Stopwatch.GetTimestamp());
        }
        if (sink == 0) throw new InvalidOperationException($"{model.Name}: output '{output}' came back empty");
        Array.Sort(latency);
        return (InferenceBenchmarkRunner.Percentile(latency, 0.50), InferenceBenchmarkRunner.Percentile(latency, 0.99));
    }

    private static (double P50, double P99) RunNode(string script, BenchmarkModel model, Settings settings)
    {
        (int code, string stdout, string stderr) = RunProcess("node",
            [script, model.Path, model.Features.ToString(), settings.Batch.ToString(), settings.Warmup.ToString(), settings.Iterations.ToString()]);
        if (code != 0) throw new InvalidOperationException($"onnxruntime-node run of {model.Name} failed (exit {code}): {stderr}{stdout}");
        using JsonDocument result = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        return (result.RootElement.GetProperty("p50_us").GetDouble(), result.RootElement.GetProperty("p99_us").GetDouble());
    }

    private static (int Code, string Stdout, string Stderr) RunProcess(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
