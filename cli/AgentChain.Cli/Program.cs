using System.CommandLine;
using AgentChain.Cli.Commands;

namespace AgentChain.Cli;

/// <summary>The <c>agentchain</c> command: one entry point for every user journey.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("AgentChain: governed, verifiable AI agents on a parallel-EVM chain.")
        {
            SelfCheckCommand.Create(),
            BenchCommand.Create(),
            StateTestCommand.Create(),
            AttestCommand.Create(),
            OnnxConformanceCommand.Create(),
            ContractsCommand.Create(),
            DevnetCommand.Create(),
            AgentCommand.Create(),
            NodeRunnerCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
