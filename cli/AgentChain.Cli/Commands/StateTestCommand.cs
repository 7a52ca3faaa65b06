using System.CommandLine;
using System.Diagnostics;
using AgentChain.Evm.Precompiles;
using AgentChain.Evm.StateTests;

namespace AgentChain.Cli.Commands;

/// <summary><c>agentchain statetest PATH... [--filter X] [--timing]</c>: runs ethereum/tests GeneralStateTests for Cancun.</summary>
public static class StateTestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "GeneralStateTests files or folders", Arity = ArgumentArity.OneOrMore };
        var filter = new Option<string?>("--filter") { Description = "only cases whose id contains this text" };
        var timing = new Option<bool>("--timing") { Description = "print time per folder and the slowest cases" };
        var threads = new Option<int>("--threads") { Description = "worker threads (default: processor count)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var timeout = new Option<int>("--case-timeout") { Description = "seconds one case may run", DefaultValueFactory = _ => 60 };
        var command = new Command("statetest", "Run GeneralStateTests (fork Cancun): compare post-state roots, logs hashes and expected rejections.")
        {
            paths, filter, timing, threads, timeout,
        };
        command.SetAction(parse =>
        {
            string[] given = parse.GetValue(paths) ?? [];
            IReadOnlyList<string> files;
            try
            {
                files = StateTestRunner.FindFiles(given);
            }
            catch (FileNotFoundException e)
            {
                Console.Error.WriteLine($"{e.Message}; pass GeneralStateTests files or folders");
                return 2;
            }
            string root = CommonRoot(given);
            var runner = new StateTestRunner(PrecompileSet.Cancun, TimeSpan.FromSeconds(parse.GetValue(timeout)));
            var watch = Stopwatch.StartNew();
            var results = runner.RunFiles(files, root, parse.GetValue(filter), parse.GetValue(threads));
            Console.Write(StateTestSummary.Format(results, parse.GetValue(timing), failuresToList: int.MaxValue));
            if (parse.GetValue(timing)) Console.WriteLine($"{files.Count} files in {watch.Elapsed.TotalSeconds:F1} s");
            return results.All(r => r.Passed) ? 0 : 1;
        });
        return command;
    }

    /// <summary>Case ids are relative to the GeneralStateTests folder when the paths lie under one, else to the first path's parent.</summary>
    private static string CommonRoot(string[] paths)
    {
        string first = Path.GetFullPath(paths[0]);
        for (string? dir = first; dir is not null; dir = Path.GetDirectoryName(dir))
            if (Path.GetFileName(dir) == "GeneralStateTests") return dir;
        return Path.GetDirectoryName(first.TrimEnd(Path.DirectorySeparatorChar)) ?? first;
    }
}
