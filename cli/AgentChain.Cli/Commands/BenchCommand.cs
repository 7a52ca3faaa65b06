using System.CommandLine;
using AgentChain.Bench;

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
        return new Command("bench", "Run a benchmark suite and print its figures.") { primitives };
    }
}
