using System.Diagnostics;
using AgentChain.Core.Tests.Conformance;
using AgentChain.Evm.Precompiles;
using AgentChain.Evm.StateTests;
using Xunit.Abstractions;

namespace AgentChain.Evm.Tests.StateTests;

/// <summary>
/// The whole ethereum/tests GeneralStateTests suite for Cancun (every post entry of every file). Fails on
/// any case not in known-failures/GeneralStateTests.txt, and on any listed case that now passes.
/// </summary>
public sealed class GeneralStateTestsTests(ITestOutputHelper output)
{
    [Fact]
    public void Cancun_suite_matches_expected_roots_logs_and_rejections()
    {
        string root = EthereumTests.PathOf("GeneralStateTests");
        KnownFailures known = KnownFailures.Load("GeneralStateTests.txt");
        var runner = new StateTestRunner(PrecompileSet.Cancun, TimeSpan.FromSeconds(600));
        var watch = Stopwatch.StartNew();
        IReadOnlyList<StateTestResult> results = runner.RunFiles(StateTestRunner.FindFiles([root]), root, null, Environment.ProcessorCount);
        output.WriteLine(StateTestSummary.Format(results, timing: false, failuresToList: 0));
        output.WriteLine($"suite took {watch.Elapsed.TotalSeconds:F1} s");

        Assert.True(results.Count >= 18_000, $"only {results.Count} cases found under {root}");
        string[] unexpected = results.Where(r => !r.Passed && !known.Contains(r.Id)).Select(r => $"{r.Id}  {r.Reason}").ToArray();
        string[] stale = results.Where(r => r.Passed && known.Contains(r.Id)).Select(r => r.Id).ToArray();
        Assert.True(unexpected.Length == 0, $"{unexpected.Length} unexpected failures:\n{string.Join('\n', unexpected.Take(100))}");
        Assert.True(stale.Length == 0, $"{stale.Length} known failures now pass; remove them from the list:\n{string.Join('\n', stale.Take(100))}");
    }
}
