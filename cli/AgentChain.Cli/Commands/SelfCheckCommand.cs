using System.CommandLine;
using AgentChain.Core.Diagnostics;

namespace AgentChain.Cli.Commands;

/// <summary><c>agentchain selfcheck</c>: exercises every primitive against known answers and prints the verdicts.</summary>
public static class SelfCheckCommand
{
    public static Command Create()
    {
        var command = new Command("selfcheck", "Check the primitives (Keccak, RLP, trie, UInt256, secp256k1, transactions, ABI) against known answers on this machine.");
        command.SetAction(_ =>
        {
            var version = typeof(SelfCheckCommand).Assembly.GetName().Version;
            Console.WriteLine($"agentchain {version?.ToString(3)} on .NET {Environment.Version} ({System.Runtime.InteropServices.RuntimeInformation.OSDescription})");
            int failures = 0;
            foreach (SelfCheck.Result check in SelfCheck.RunAll())
            {
                Console.WriteLine($"  {(check.Passed ? "ok  " : "FAIL")}  {check.Name,-28} {check.Detail}");
                if (!check.Passed) failures++;
            }
            Console.WriteLine(failures == 0 ? "all primitives self-checks passed" : $"{failures} self-check(s) FAILED");
            return failures == 0 ? 0 : 1;
        });
        return command;
    }
}
