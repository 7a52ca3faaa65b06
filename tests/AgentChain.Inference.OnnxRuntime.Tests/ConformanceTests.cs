using AgentChain.Inference.Conformance;

namespace AgentChain.Inference.OnnxRuntime.Tests;

/// <summary>
/// The ORT backend (deterministic profile, as `agentchain onnx-conformance --backend ort` runs it) over every ONNX
/// backend node test from Debian's libonnx-testdata. Fails on a failure not in known-failures/onnx-ort.txt, and on a
/// listed case that passes, is skipped or is gone, so the list stays true.
/// </summary>
public sealed class ConformanceTests
{
    public const string NodeTests = "/usr/share/libonnx-testdata/data/node";

    public ConformanceTests() => OrtTestLibrary.Ensure();

    [Fact]
    public void OrtBackend_PassesOnnxNodeTests_ExceptKnownFailures()
    {
        Assert.True(Directory.Exists(NodeTests),
            $"ONNX backend node tests not found at {NodeTests}: install them with 'apt-get install -y libonnx-testdata' (Debian).");
        KnownFailureList known = KnownFailureList.Load(Path.Combine(AppContext.BaseDirectory, "known-failures", "onnx-ort.txt"));

        ConformanceReport report = new OnnxConformanceRunner(new OnnxRuntimeBackend(), InferenceOptions.Default).Run(NodeTests);

        (IReadOnlyList<string> unexpected, IReadOnlyList<string> stale) = known.Check(report);
        Assert.True(unexpected.Count == 0 && stale.Count == 0,
            $"{report.Summary}\nunexpected failures:\n  {string.Join("\n  ", unexpected)}\nstale known-failures entries (remove them):\n  {string.Join("\n  ", stale)}");
        Assert.True(report.Passed >= 800, $"only {report.Passed} cases passed — is the test data complete? {report.Summary}");
    }
}
