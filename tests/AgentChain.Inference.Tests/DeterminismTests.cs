using System.Security.Cryptography;
using AgentChain.Inference.Reproducible;

namespace AgentChain.Inference.Tests;

/// <summary>The reproducible backend's promise: the same bytes for the same model and input, whatever the thread count or run.</summary>
public sealed class DeterminismTests
{
    private static readonly int[] ThreadCounts = [1, 2, 3, 4, 7, Math.Max(8, Environment.ProcessorCount)];

    [Fact]
    public void ConvGemmClassifier_IsByteIdenticalAcrossThreadCountsAndRuns()
    {
        byte[] model = TestModels.ConvGemmClassifier();
        var inputs = new Dictionary<string, Tensor> { ["image"] = Tensor.Create(TestModels.Values(2 * 3 * 48 * 48, 42, 2f), 2, 3, 48, 48) };
        string reference = AssertSameAcrossThreads(model, inputs);
        // Pinned: the same digest on every machine and OS is the point of this backend. If this changes, a kernel's
        // rounding changed: bump ReproducibleBackend.RuntimeId and re-pin.
        Assert.True(ConvGemmClassifierDigest == reference, $"output digest {reference}, pinned {ConvGemmClassifierDigest}");
    }

    [Fact]
    public void WideDense_IsByteIdenticalAcrossThreadCountsAndRuns()
    {
        byte[] model = TestModels.WideDense();
        var inputs = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(TestModels.Values(64 * 256, 9), 64, 256) };
        string reference = AssertSameAcrossThreads(model, inputs);
        Assert.True(WideDenseDigest == reference, $"output digest {reference}, pinned {WideDenseDigest}");
    }

    internal const string ConvGemmClassifierDigest = "dcb577806041f6bc8587eb64a38e292c730b9233400a31faf545df4609c4d436";
    internal const string WideDenseDigest = "8ddba62a51f1c8966bfc7dbe2aa90a70dd719dda83479d519d1b3d71ff36e93a";

    /// <summary>Runs the model at every thread count, twice each, checks all outputs are bitwise equal, returns the digest of all outputs.</summary>
    internal static string AssertSameAcrossThreads(byte[] model, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var backend = new ReproducibleBackend();
        string? reference = null;
        foreach (int threads in ThreadCounts)
        {
            using IInferenceSession session = backend.Load(model, new InferenceOptions { Threads = threads });
            for (int run = 0; run < 2; run++)
            {
                string digest = Digest(session, session.Run(inputs));
                reference ??= digest;
                Assert.True(reference == digest, $"threads={threads} run={run}: output digest {digest} differs from {reference}");
            }
        }
        return reference!;
    }

    internal static string Digest(IInferenceSession session, IReadOnlyDictionary<string, Tensor> outputs)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (TensorInfo o in session.Outputs)
        {
            Tensor t = outputs[o.Name];
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{o.Name}:{t}"));
            sha.AppendData(t.AsBytes());
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
