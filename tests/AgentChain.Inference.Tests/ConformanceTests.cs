using AgentChain.Inference.Conformance;
using AgentChain.Inference.Reproducible;

namespace AgentChain.Inference.Tests;

/// <summary>The reproducible backend over every ONNX backend node test from Debian's libonnx-testdata.</summary>
public sealed class ConformanceTests
{
    private const string NodeTests = "/usr/share/libonnx-testdata/data/node";

    [Fact]
    public void ReproducibleBackend_PassesOnnxNodeTests_ExceptKnownFailures()
    {
        Assert.True(Directory.Exists(NodeTests),
            $"ONNX backend node tests not found at {NodeTests}: install them with 'apt-get install -y libonnx-testdata' (Debian).");
        KnownFailureList known = KnownFailureList.Load(Path.Combine(AppContext.BaseDirectory, "known-failures", "onnx-reproducible.txt"));

        ConformanceReport report = new OnnxConformanceRunner(new ReproducibleBackend(), new InferenceOptions { Threads = 2 }).Run(NodeTests);

        (IReadOnlyList<string> unexpected, IReadOnlyList<string> stale) = known.Check(report);
        Assert.True(unexpected.Count == 0 && stale.Count == 0,
            $"{report.Summary}\nunexpected failures:\n  {string.Join("\n  ", unexpected)}\nstale known-failures entries (remove them):\n  {string.Join("\n  ", stale)}");
        Assert.True(report.Passed >= 400, $"only {report.Passed} cases passed — is the test data complete? {report.Summary}");
    }
}
