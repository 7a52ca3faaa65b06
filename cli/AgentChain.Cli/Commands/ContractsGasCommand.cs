using System.CommandLine;
using System.Text.Json;
using AgentChain.Governance.Harness;

namespace AgentChain.Cli.Commands;

/// <summary><c>agentchain contracts gas</c>: the gas of every governance and oracle journey, measured on our own EVM.</summary>
public static class ContractsGasCommand
{
    /// <summary>The issue's target for the overhead of <c>execute</c> (signed commitment) over the inner call.</summary>
    private const long SignedCommitmentOverheadTarget = 120_000;

    public static Command Create()
    {
        var command = new Command("gas", "Deploy the governance and oracle contracts on an in-process chain (our EVM, Cancun + P256VERIFY) and print the gas of each operation.");
        var transcript = new Option<DirectoryInfo?>("--transcript")
        {
            Description = "also write each chain's transactions as <dir>/<chain>.json, for replay on anvil "
                + "(governance-dao/AgentChain.Governance/tools/replay-on-anvil.mjs) to compare status, gas and logs",
        };
        command.Options.Add(transcript);
        command.SetAction(parse =>
        {
            var recorded = new List<(string Name, DevChain Chain)>();
            DirectoryInfo? dir = parse.GetValue(transcript);
            IReadOnlyList<GasMeasurement> rows = GasTable.Measure(dir is null ? null : (name, chain) =>
            {
                chain.Transcript = [];
                recorded.Add((name, chain));
            });
            if (dir is not null)
            {
                dir.Create();
                var options = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
                foreach ((string name, DevChain chain) in recorded)
                {
                    string path = Path.Combine(dir.FullName, name + ".json");
                    File.WriteAllText(path, JsonSerializer.Serialize(chain.Transcript, options));
                    Console.WriteLine($"transcript: {path} ({chain.Transcript!.Count} steps)");
                }
            }
            int width = rows.Max(r => r.Operation.Length);
            Console.WriteLine($"{"operation".PadRight(width)}  {"gas",9}  note");
            Console.WriteLine($"{new string('-', width)}  {new string('-', 9)}  ----");
            foreach (GasMeasurement row in rows)
                Console.WriteLine($"{row.Operation.PadRight(width)}  {row.Gas,9:N0}  {row.Note}");

            long bare = rows.Single(r => r.Operation.StartsWith("plain transfer", StringComparison.Ordinal)).Gas;
            long worst = rows.Where(r => r.Operation.Contains("signed commitment", StringComparison.Ordinal)).Max(r => r.Gas) - bare;
            bool met = worst <= SignedCommitmentOverheadTarget;
            Console.WriteLine();
            Console.WriteLine($"execute overhead with a signed commitment: {worst:N0} gas (target ≤ {SignedCommitmentOverheadTarget:N0}): {(met ? "met" : "MISSED")}");
            return met ? 0 : 1;
        });
        return command;
    }
}
