using System.Globalization;
using AgentChain.Bench.Primitives;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AgentChain.Bench;

/// <summary>
/// Runs the primitives benchmarks in-process (no child build, so it works from the installed CLI) and
/// prints the figures the foundation is judged on: Keccak-256 MB/s, ecrecover/s per backend, UInt256 ns/op.
/// </summary>
public static class PrimitivesBenchmarkRunner
{
    /// <summary>Every benchmark class in the Primitives namespace.</summary>
    public static readonly Type[] Suites = typeof(KeccakBenchmarks).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(KeccakBenchmarks).Namespace && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false)))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    public static int Run(bool quick, TextWriter output)
    {
        Job job = (quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
        IConfig config = DefaultConfig.Instance
            .AddJob(job)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary)
            .AddLogger(NullLogger.Instance);
        Summary[] summaries = BenchmarkRunner.Run(Suites, config);

        var rows = new List<(string Name, double MeanNs, string Figure)>();
        foreach (BenchmarkReport report in summaries.SelectMany(s => s.Reports))
        {
            if (report.ResultStatistics is null) continue;
            double mean = report.ResultStatistics.Median;
            string type = report.BenchmarkCase.Descriptor.Type.Name;
            string method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            string parameters = report.BenchmarkCase.Parameters.PrintInfo;
            string name = $"{type}.{method}{(string.IsNullOrEmpty(parameters) ? "" : $" [{parameters}]")}";
            string figure = type switch
            {
                nameof(KeccakBenchmarks) => $"{Size(report) / mean * 1e9 / 1e6:F0} MB/s",
                "EcRecoverBenchmarks" => $"{1e9 / mean:F0} recoveries/s (1 thread)",
                _ => $"{mean:F1} ns/op",
            };
            rows.Add((name, mean, figure));
        }

        output.WriteLine();
        output.WriteLine($"{"benchmark",-48} {"median",14}  figure");
        foreach (var (name, meanNs, figure) in rows)
            output.WriteLine($"{name,-48} {meanNs.ToString("F1", CultureInfo.InvariantCulture) + " ns",14}  {figure}");
        return rows.Count == 0 ? 1 : 0;
    }

    private static double Size(BenchmarkReport report) =>
        Convert.ToDouble(report.BenchmarkCase.Parameters[nameof(KeccakBenchmarks.Size)], CultureInfo.InvariantCulture);
}
