using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>Gas is deterministic on our EVM, so the gas target is a plain assertion, not a timing.</summary>
public sealed class GasTableTests
{
    [Fact]
    public void Execute_with_a_signed_commitment_costs_at_most_120k_over_the_inner_call()
    {
        IReadOnlyList<GasMeasurement> rows = GasTable.Measure();
        long bare = rows.Single(r => r.Operation.StartsWith("plain transfer", StringComparison.Ordinal)).Gas;
        Assert.Equal(21_000, bare);
        var signed = rows.Where(r => r.Operation.Contains("signed commitment", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(signed);
        Assert.All(signed, r => Assert.True(r.Gas - bare <= 120_000, $"{r.Operation}: overhead {r.Gas - bare}"));
        Assert.All(rows, r => Assert.True(r.Gas > 0, r.Operation));
        Assert.Contains(rows, r => r.Operation.Contains("attested key", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Operation.Contains("dev-TEE report", StringComparison.Ordinal));
    }
}
