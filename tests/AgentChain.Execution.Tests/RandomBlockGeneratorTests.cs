using AgentChain.Execution;
using Xunit.Abstractions;

namespace AgentChain.Execution.Tests;

/// <summary>The generator must really produce the mix the property claims, or the property proves little.</summary>
public class RandomBlockGeneratorTests(ITestOutputHelper output)
{
    [Fact]
    public void Generated_blocks_contain_successes_reverts_out_of_gas_creations_logs_and_rejections()
    {
        var executor = new SequentialBlockExecutor();
        int success = 0, failed = 0, rejected = 0, created = 0, logs = 0, outOfGas = 0;
        for (int seed = 1; seed <= 40; seed++)
        {
            var generated = RandomBlockGenerator.Generate(seed);
            BlockResult result = executor.Execute(generated.Block, generated.Transactions, generated.Genesis);
            foreach (TransactionReceipt r in result.Receipts)
            {
                if (r.IsRejected) rejected++;
                else if (r.Success) success++;
                else failed++;
                if (r.ContractAddress is not null) created++;
                if (!r.IsRejected && !r.Success && r.GasUsed == 23_000) outOfGas++;
                logs += r.Logs.Count;
            }
        }
        output.WriteLine($"success {success}, failed {failed} (out of gas {outOfGas}), rejected {rejected}, created {created}, logs {logs}");
        Assert.True(success > 1000 && failed > 50 && outOfGas > 10 && rejected > 5 && created > 20 && logs > 200, $"success {success}, failed {failed}, oog {outOfGas}, rejected {rejected}, created {created}, logs {logs}");
    }
}
