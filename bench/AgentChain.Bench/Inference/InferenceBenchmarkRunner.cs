using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentChain.Inference;
using AgentChain.Inference.OnnxRuntime;

namespace AgentChain.Bench.Inference;

/// <summary>
/// Times every shipped model on every <see cref="InferenceBenchmarkConfiguration"/>, at batch 1 and at a larger batch
/// when the model's batch dimension is free. One call is one <c>Run</c> including copying the outputs out; the input
/// is built once. The machine these run on is shared, so the configurations of one model and batch are interleaved:
/// each round gives every configuration the same slice of wall time in turn, so load that comes and goes hits them
/// alike and the ratios between them stay meaningful. Percentiles are over all calls of all rounds.
/// </summary>
public static class InferenceBenchmarkRunner
{
    public const int DefaultLargeBatch = 64;

    public sealed record Settings(int Rounds = 5, double RoundMilliseconds = 150, double WarmupMilliseconds = 100, int LargeBatch = DefaultLargeBatch);

    public static IReadOnlyList<InferenceBenchmarkRow> Run(IReadOnlyList<BenchmarkModel> models, IReadOnlyList<InferenceBenchmarkConfiguration> configurations,
        Settings settings, TextWriter? progress)
    {
        if (settings.Rounds < 1) throw new ArgumentOutOfRangeException(nameof(settings), "rounds must be at least 1");
        if (settings.LargeBatch < 2) throw new ArgumentOutOfRangeException(nameof(settings), "the large batch must be at least 2");
        var rows = new List<InferenceBenchmarkRow>();
        foreach (BenchmarkModel model in models)
        {
            int[] batches = model.BatchIsFree ? [1, settings.LargeBatch] : [1];
            var sessions = configurations.Select(c => c.Backend().Load(model.Bytes, c.Options)).ToArray();
            try
            {
                foreach (int batch in batches)
                {
                    Dictionary<string, Tensor> input = model.Input(batch);
                    var latencies = configurations.Select(_ => new List<double>()).ToArray();
                    for (int c = 0; c < sessions.Length; c++) Sample(sessions[c], input, model.OutputName, settings.WarmupMilliseconds, null);
                    for (int round = 0; round < settings.Rounds; round++)
                        for (int c = 0; c < sessions.Length; c++)
                            Sample(sessions[c], input, model.OutputName, settings.RoundMilliseconds, latencies[c]);
                    for (int c = 0; c < sessions.Length; c++)
                    {
                        InferenceBenchmarkRow row = Summarise(model.Name, batch, configurations[c].Name, latencies[c]);
                        rows.Add(row);
                        progress?.WriteLine($"  {model.Name} batch {batch} {row.Configuration}: p50 {row.P50Us:F1} µs, {row.SamplesPerSecond:F0} samples/s");
                    }
                }
            }
            finally
            {
                foreach (IInferenceSession session in sessions) session.Dispose();
            }
        }
        return rows;
    }

    /// <summary>Runs the session back to back for <paramref name="milliseconds"/>, adding each call's wall time (µs) to <paramref name="latencies"/> when given.</summary>
    public static void Sample(IInferenceSession session, IReadOnlyDictionary<string, Tensor> input, string output, double milliseconds, List<double>? latencies)
    {
        long end = Stopwatch.GetTimestamp() + (long)(milliseconds * Stopwatch.Frequency / 1000);
        long produced = 0;
        do
        {
            long start = Stopwatch.GetTimestamp();
            produced += session.Run(input)[output].ElementCount;
            latencies?.Add(InferenceBenchmarkRunner.Microseconds(start, Stopwatch.GetTimestamp()));
        }
        while (Stopwatch.GetTimestamp() < end);
        if (produced == 0) throw new InvalidOperationException($"output '{output}' came back empty");
    }

    /// <summary>Microseconds between two <see cref="Stopwatch.GetTimestamp"/> readings at the timer's full resolution (a TimeSpan would round to 0.1 µs).</summary>
    public static double Microseconds(long start, long end) => (end - start) * 1e6 / Stopwatch.Frequency;

    public static InferenceBenchmarkRow Summarise(string model, int batch, string configuration, List<double> latencies)
    {
        double[] sorted = latencies.Order().ToArray();
        return new InferenceBenchmarkRow(model, batch, configuration, sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99),
            batch * sorted.Length / (sorted.Sum() / 1e6));
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(double[] ascending, double p) =>
        ascending.Length == 0 ? double.NaN : ascending[Math.Clamp((int)Math.Ceiling(p * ascending.Length) - 1, 0, ascending.Length - 1)];

    public static IReadOnlyList<ReproducibleOverOrtRatio> Ratios(IReadOnlyList<InferenceBenchmarkRow> rows) =>
        rows.Where(r => r.Configuration == InferenceBenchmarkConfiguration.ReproducibleSingleThread)
            .Select(r => (r, ort: rows.FirstOrDefault(o => o.Model == r.Model && o.Batch == r.Batch && o.Configuration == InferenceBenchmarkConfiguration.OrtSingleThread)))
            .Where(p => p.ort is not null)
            .Select(p => new ReproducibleOverOrtRatio(p.r.Model, p.r.Batch, p.r.P50Us, p.ort!.P50Us))
            .ToList();

    /// <summary>The 1-, 5- and 15-minute load averages as /proc/loadavg gives them ("n/a" elsewhere).</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    public static void WriteTable(InferenceBenchmarkReport report, TextWriter output)
    {
        output.WriteLine($"{report.Processors} logical processors; load average {report.LoadAverageStart} at start, {report.LoadAverageEnd} at end");
        output.WriteLine($"ONNX Runtime {report.OrtVersion} from {report.OrtLibrary}");
        foreach (InferenceBenchmarkConfiguration c in InferenceBenchmarkConfiguration.All.Where(c => report.Rows.Any(r => r.Configuration == c.Name)))
            output.WriteLine($"  {c.Name,-16} {c.Description}");
        output.WriteLine();
        output.WriteLine($"{"model",-22} {"batch",5} {"configuration",-16} {"calls",8} {"p50 µs",10} {"p99 µs",10} {"samples/s",12}");
        foreach (InferenceBenchmarkRow r in report.Rows)
            output.WriteLine($"{r.Model,-22} {r.Batch,5} {r.Configuration,-16} {r.Calls,8} {F(r.P50Us, 1),10} {F(r.P99Us, 1),10} {F(r.SamplesPerSecond, 0),12}");
        output.WriteLine();
        output.WriteLine($"{"model",-22} {"batch",5} {"reproducible-1t p50 / ort-1t p50",34}  (target ≤ 3×)");
        foreach (ReproducibleOverOrtRatio r in report.Ratios)
            output.WriteLine($"{r.Model,-22} {r.Batch,5} {F(r.Ratio, 2) + "×",34}  {(r.Ratio <= 3 ? "met" : "NOT met")}");
        output.WriteLine();
        if (report.NodeComparison is null)
        {
            output.WriteLine($"our binding vs onnxruntime-node: not measured ({report.NodeComparisonSkipped})");
            return;
        }
        output.WriteLine("our ORT binding vs onnxruntime-node (same libonnxruntime.so.1, 1 intra-op thread, sequential, all optimisations, same input;");
        output.WriteLine("per-call wall time including reading the output; median over alternating rounds of each side's p50)");
        output.WriteLine($"{"model",-22} {"batch",5} {"rounds",6} {"ours p50 µs",12} {"node p50 µs",12} {"ours p99 µs",12} {"node p99 µs",12} {"ours/node",10}  (target ≤ 1.05)");
        foreach (NodeBindingComparisonRow r in report.NodeComparison)
            output.WriteLine($"{r.Model,-22} {r.Batch,5} {r.Rounds,6} {F(r.OursP50Us, 2),12} {F(r.NodeP50Us, 2),12} {F(r.OursP99Us, 2),12} {F(r.NodeP99Us, 2),12} {F(r.Ratio, 3),10}  {(r.Ratio <= 1.05 ? "met" : "NOT met")}");
    }

    public static void WriteJson(InferenceBenchmarkReport report, TextWriter output)
    {
        var document = new
        {
            processors = report.Processors,
            load_average_start = report.LoadAverageStart,
            load_average_end = report.LoadAverageEnd,
            ort_version = report.OrtVersion,
            ort_library = report.OrtLibrary,
            configurations = InferenceBenchmarkConfiguration.All.Select(c => new { name = c.Name, description = c.Description }),
            rows = report.Rows.Select(r => new
            {
                model = r.Model, batch = r.Batch, configuration = r.Configuration, calls = r.Calls,
                p50_us = Math.Round(r.P50Us, 2), p99_us = Math.Round(r.P99Us, 2), samples_per_s = Math.Round(r.SamplesPerSecond, 1),
            }),
            reproducible_over_ort_single_thread = report.Ratios.Select(r => new
            {
                model = r.Model, batch = r.Batch, reproducible_p50_us = Math.Round(r.ReproducibleP50Us, 2), ort_p50_us = Math.Round(r.OrtP50Us, 2), ratio = Math.Round(r.Ratio, 3),
            }),
            binding_vs_onnxruntime_node = report.NodeComparison?.Select(r => new
            {
                model = r.Model, batch = r.Batch, rounds = r.Rounds, ours_p50_us = Math.Round(r.OursP50Us, 2), node_p50_us = Math.Round(r.NodeP50Us, 2),
                ours_p99_us = Math.Round(r.OursP99Us, 2), node_p99_us = Math.Round(r.NodeP99Us, 2), ratio = Math.Round(r.Ratio, 4),
            }),
            binding_vs_onnxruntime_node_skipped = report.NodeComparisonSkipped,
        };
        output.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The ORT library the benchmarks load, and its version (loads it).</summary>
    public static (string Path, string Version) OrtLibrary() => (OrtLibraryLocator.Locate(), OnnxRuntimeBackend.LibraryVersion);
}
