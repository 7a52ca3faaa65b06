using AgentChain.Inference.OnnxRuntime.Native;

namespace AgentChain.Inference.OnnxRuntime.Tests;

[CollectionDefinition(nameof(HandleCounting), DisableParallelization = true)]
public sealed class HandleCounting;

/// <summary>
/// Every ORT object the binding creates is released: the live-handle count (each SafeHandle over an ORT object
/// counts itself in and out) returns to where it started after many sessions and many runs. Runs alone, because
/// the count is process-wide.
/// </summary>
[Collection(nameof(HandleCounting))]
public sealed class HandleReleaseTests
{
    public HandleReleaseTests() => OrtTestLibrary.Ensure();

    [Fact]
    public void Many_sessions_and_runs_leave_no_handle_behind()
    {
        ShippedModel model = ShippedModel.Load("breast_cancer_risk");
        var input = new Dictionary<string, Tensor> { ["features"] = model.Input() };
        var backend = new OnnxRuntimeBackend();
        using (backend.Load(model.Bytes, InferenceOptions.Default)) { } // the process-wide env exists before counting
        long before = OrtHandle.LiveCount;
        // 250 sessions (each ~10 ms to create on a shared 2-core runner) plus the 1,000-run test below.
        for (int i = 0; i < 250; i++)
        {
            using IInferenceSession session = backend.Load(model.Bytes, InferenceOptions.Default);
            session.Run(input);
        }
        Assert.Equal(before, OrtHandle.LiveCount);
    }

    [Fact]
    public void A_thousand_runs_on_one_session_leave_only_the_session()
    {
        ShippedModel model = ShippedModel.Load("digits_mlp");
        var input = new Dictionary<string, Tensor> { ["features"] = model.Input() };
        using IInferenceSession session = new OnnxRuntimeBackend().Load(model.Bytes, InferenceOptions.Default);
        session.Run(input);
        long before = OrtHandle.LiveCount;
        for (int i = 0; i < 1000; i++) session.Run(input);
        Assert.Equal(before, OrtHandle.LiveCount);
    }

    [Fact]
    public void Failed_loads_and_failed_runs_release_what_they_created()
    {
        var backend = new OnnxRuntimeBackend();
        using (backend.Load(ShippedModel.Load("wine_cultivar").Bytes, InferenceOptions.Default)) { }
        long before = OrtHandle.LiveCount;
        for (int i = 0; i < 50; i++)
            Assert.ThrowsAny<InferenceException>(() => backend.Load(new byte[] { 8, 1, 0, 255 }, InferenceOptions.Default));
        Assert.Equal(before, OrtHandle.LiveCount);
    }

    [Fact]
    public void Disposing_a_session_closes_its_handles()
    {
        var session = (OnnxRuntimeSession)new OnnxRuntimeBackend().Load(ShippedModel.Load("wine_cultivar").Bytes, InferenceOptions.Default);
        long open = OrtHandle.LiveCount;
        session.Dispose();
        Assert.Equal(open - 1, OrtHandle.LiveCount);
        session.Dispose(); // idempotent
        Assert.Equal(open - 1, OrtHandle.LiveCount);
    }
}
