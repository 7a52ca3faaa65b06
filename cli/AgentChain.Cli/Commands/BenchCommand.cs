using System.CommandLine;
using AgentChain.Bench;
using AgentChain.Bench.Evm;

namespace AgentChain.Cli.Commands;

/// <summary><c>agentchain bench ...</c>: the benchmark suites of bench/, runnable from the installed CLI.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer iterations (BenchmarkDotNet ShortRun): faster, noisier." };
        var primitives = new Command("primitives", "Keccak-256 MB/s (32 B, 4 KiB), ecrecover/s per secp256k1 backend, UInt256 mul/div/mulmod ns/op.")
        {
            quick,
        };
        primitives.SetAction(result => PrimitivesBenchmarkRunner.Run(result.GetValue(quick), Console.Out));
        return new Command("bench", "Run a benchmark suite and print its figures.") { primitives, CreateEvm(), BenchParallelCommand.Create(), BenchInferenceCommand.Create() };
    }

    private static Command CreateEvm()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "benchmark files or folders in GeneralStateTests format (default: ../shared/evm-benchmarks/benchmarks/main)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var runs = new Option<int>("--runs") { Description = "timed runs per case (the median is reported)", DefaultValueFactory = _ => 5 };
        var warmup = new Option<int>("--warmup") { Description = "untimed runs per case first", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of the table" };
        var evm = new Command("evm", "Median execution time of the standard EVM benchmark contracts (snailtracer, weierstrudel, ...) on our EVM.")
        {
            paths, runs, warmup, json,
        };
        evm.SetAction(result =>
        {
            string[] given = result.GetValue(paths) ?? [];
            if (given.Length == 0)
            {
                string? defaultPath = EvmBenchmarkRunner.DefaultPath();
                if (defaultPath is null)
                {
                    Console.Error.WriteLine("error: ../shared/evm-benchmarks/benchmarks/main not found; pass benchmark files or folders explicitly");
                    return 2;
                }
                given = [defaultPath];
            }
            bool asJson = result.GetValue(json);
            IReadOnlyList<EvmBenchmarkRunner.Row> rows;
            try
            {
                rows = EvmBenchmarkRunner.Run(given, result.GetValue(runs), result.GetValue(warmup), asJson ? null : Console.Out);
            }
            catch (Exception e) when (e is FileNotFoundException or ArgumentOutOfRangeException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            if (asJson) EvmBenchmarkRunner.WriteJson(rows, Console.Out);
            else EvmBenchmarkRunner.WriteTable(rows, Console.Out);
            return rows.All(r => r.Status == "Success") ? 0 : 1;
        });
        return evm;
    }
}
