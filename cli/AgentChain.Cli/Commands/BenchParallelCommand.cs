using System.CommandLine;
using AgentChain.Bench.Parallel;

namespace AgentChain.Cli.Commands;

/// <summary><c>agentchain bench parallel [--json]</c>: sequential vs Block-STM on 10,000-transaction blocks.</summary>
public static class BenchParallelCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of the table" };
        var runs = new Option<int>("--runs") { Description = "timed runs per executor and workload (the median is reported)", DefaultValueFactory = _ => 5 };
        var accounts = new Option<int>("--txs") { Description = "transactions per block (= funded keys)", DefaultValueFactory = _ => ParallelBenchmarkRunner.DefaultTransactions };
        var workloads = new Option<string[]>("--workload") { Description = "eth, erc20, uniswap, mixed (default: all)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("parallel", "Sequential vs parallel (Block-STM) block execution: TPS, MGas/s, speedup, re-executions, ideal speedup.")
        {
            json, runs, accounts, workloads,
        };
        command.SetAction(result =>
        {
            string[] chosen = result.GetValue(workloads) is { Length: > 0 } w ? w : ParallelBenchmarkRunner.Workloads;
            string? unknown = chosen.FirstOrDefault(name => !ParallelBenchmarkRunner.Workloads.Contains(name));
            if (unknown is not null)
            {
                Console.Error.WriteLine($"error: unknown workload '{unknown}'; choose from {string.Join(", ", ParallelBenchmarkRunner.Workloads)}");
                return 2;
            }
            bool asJson = result.GetValue(json);
            var capacity = ParallelBenchmarkRunner.MeasureCapacity(ParallelBenchmarkRunner.ThreadCounts());
            var rows = ParallelBenchmarkRunner.Run(Math.Max(1, result.GetValue(runs)), Math.Max(2, result.GetValue(accounts)), chosen, asJson ? null : Console.Out);
            if (asJson) ParallelBenchmarkRunner.WriteJson(rows, capacity, Console.Out);
            else ParallelBenchmarkRunner.WriteTable(rows, capacity, Console.Out);
            return rows.All(r => r.Identical) ? 0 : 1;
        });
        return command;
    }
}
