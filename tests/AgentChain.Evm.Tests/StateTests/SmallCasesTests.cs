using AgentChain.Core.Tests.Conformance;
using AgentChain.Evm.Precompiles;
using AgentChain.Evm.StateTests;

namespace AgentChain.Evm.Tests.StateTests;

/// <summary>Quick checks of the runner and interpreter on the simplest folders, for a fast inner loop.</summary>
public sealed class SmallCasesTests
{
    [Theory]
    [InlineData("stExample")]
    [InlineData("VMTests/vmArithmeticTest")]
    [InlineData("stStackTests")]
    public void Folder_passes(string folder)
    {
        string root = EthereumTests.PathOf("GeneralStateTests");
        var runner = new StateTestRunner(PrecompileSet.Cancun, TimeSpan.FromSeconds(60));
        var results = runner.RunFiles(StateTestRunner.FindFiles([Path.Combine(root, folder)]), root, null, 2);
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Id}: {r.Reason}"));
    }

    [Fact]
    public void A_malformed_file_fails_only_its_own_case()
    {
        string dir = Directory.CreateTempSubdirectory("statetest").FullName;
        File.WriteAllText(Path.Combine(dir, "broken.json"), "{ not json");
        var runner = new StateTestRunner(PrecompileSet.Cancun, TimeSpan.FromSeconds(10));
        var results = runner.RunFiles(StateTestRunner.FindFiles([dir]), dir, null, 1);
        Assert.Single(results);
        Assert.False(results[0].Passed);
        Assert.Contains("malformed", results[0].Reason);
    }
}
