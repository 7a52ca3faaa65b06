using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentChain.Core.Crypto;
using AgentChain.Evm.Handler;
using AgentChain.Evm.Precompiles;
using AgentChain.Evm.StateTests;
using AgentChain.State;

namespace AgentChain.Bench.Evm;

/// <summary>
/// Times the standard EVM benchmark contracts (snailtracer, weierstrudel, …; GeneralStateTests format) on our
/// EVM, the way ../shared/bench/evm-bench.mjs times a node through eth_call: for each transaction data
/// index, execute the call against a fresh copy of the pre-state, `warmup` untimed runs then `runs` timed
/// runs, and report the median. Only execution is timed (no pre-state build, no state root), as eth_call
/// does no commit. keccak256 of the return data is printed so results can be compared byte for byte with
/// any other node's.
/// </summary>
public static class EvmBenchmarkRunner
{
    public sealed record Row(string Name, int Runs, double MedianMs, double MinMs, long GasUsed, string ReturnHash, string Status);

    /// <summary>The benchmarks ship with London post-states; we execute them under our Cancun rules.</summary>
    private const string Fork = "London";

    public static IReadOnlyList<Row> Run(IReadOnlyList<string> paths, int runs, int warmup, TextWriter? progress)
    {
        if (runs < 1) throw new ArgumentOutOfRangeException(nameof(runs), "runs must be at least 1");
        var rows = new List<Row>();
        var processor = new TransactionProcessor(PrecompileSet.Cancun);
        IReadOnlyList<string> files = StateTestRunner.FindFiles(paths);
        if (files.Count == 0) throw new FileNotFoundException($"no benchmark .json files under {string.Join(", ", paths)}");
        // Deeply recursive contracts need the same large stack the conformance runner gives its workers.
        var worker = new Thread(() =>
        {
            foreach (string file in files)
            {
                string root = Path.GetDirectoryName(file)!;
                IReadOnlyList<StateTestCase> cases = StateTestLoader.Load(file, root, Fork);
                foreach (StateTestCase c in cases)
                {
                    // "snailtracer", or "sha1_divs d1g0v0" when a file holds several inputs.
                    string name = Path.GetFileNameWithoutExtension(file) + (cases.Count > 1 ? " " + c.Id[(c.Id.LastIndexOf(':') + 1)..] : "");
                    Row row = Measure(processor, c, name, runs, warmup);
                    rows.Add(row);
                    progress?.WriteLine($"  {row.Name}: {row.MedianMs:F2} ms median");
                }
            }
        }, 256 * 1024 * 1024);
        worker.Start();
        worker.Join();
        return rows;
    }

    private static Row Measure(TransactionProcessor processor, StateTestCase c, string name, int runs, int warmup)
    {
        var times = new List<double>(runs);
        TransactionOutcome? outcome = null;
        var transaction = c.Transaction();
        for (int i = 0; i < warmup + runs; i++)
        {
            InMemoryState committed = c.PreState();
            var state = new WorldState(committed);
            long start = Stopwatch.GetTimestamp();
            outcome = processor.Execute(state, committed, c.Block, transaction);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= warmup) times.Add(ms);
        }
        times.Sort();
        double median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        string status = outcome!.IsValid ? outcome.Status.ToString() : $"rejected: {outcome.Error}";
        return new Row(name, runs, median, times[0], outcome.GasUsed, Keccak256.Hash(outcome.Output).ToString(), status);
    }

    /// <summary>Geometric mean of the medians: the single figure the EVM speed target is stated in.</summary>
    public static double GeometricMeanMs(IReadOnlyList<Row> rows) =>
        rows.Count == 0 ? 0 : Math.Exp(rows.Average(r => Math.Log(Math.Max(r.MedianMs, 1e-6))));

    public static void WriteTable(IReadOnlyList<Row> rows, TextWriter output)
    {
        output.WriteLine($"{"benchmark",-28} {"median ms",10} {"min ms",10} {"gas used",14}  {"status",-8} return-data keccak");
        foreach (Row r in rows)
            output.WriteLine($"{r.Name,-28} {r.MedianMs,10:F2} {r.MinMs,10:F2} {r.GasUsed,14:N0}  {r.Status,-8} {r.ReturnHash}");
        output.WriteLine($"geometric mean of medians: {GeometricMeanMs(rows).ToString("F2", CultureInfo.InvariantCulture)} ms over {rows.Count} cases ({rows.FirstOrDefault()?.Runs ?? 0} timed runs each)");
    }

    public static void WriteJson(IReadOnlyList<Row> rows, TextWriter output)
    {
        var document = new
        {
            geometric_mean_ms = GeometricMeanMs(rows),
            benchmarks = rows.Select(r => new { name = r.Name, median_ms = r.MedianMs, min_ms = r.MinMs, runs = r.Runs, gas_used = r.GasUsed, status = r.Status, return_keccak = r.ReturnHash }),
        };
        output.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>../shared/evm-benchmarks/benchmarks/main beside the repository, searched upward from here and from the binary.</summary>
    public static string? DefaultPath()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "evm-benchmarks", "benchmarks", "main");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
