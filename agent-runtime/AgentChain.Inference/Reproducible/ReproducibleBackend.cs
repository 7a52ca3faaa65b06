namespace AgentChain.Inference.Reproducible;

/// <summary>
/// A managed ONNX backend whose outputs are bit-identical on every run, thread count and machine, so any validator
/// can re-execute an agent's inference and compare hashes. How that is kept:
/// <list type="bullet">
/// <item>Every reduction (dot products, convolutions, sums, means, softmax denominators) runs sequentially in one
/// fixed order; threads only split independent output elements, so the thread count never changes a result.</item>
/// <item>No fused multiply-add: a*b+c is written as two operations and RyuJIT never contracts them (it only emits
/// FMA for explicit <c>Math.FusedMultiplyAdd</c>/<c>Fma</c> intrinsics, which this backend never calls).</item>
/// <item>float32 data is accumulated in float32 (IEEE-754 add and multiply are correctly rounded, so identical on
/// every conforming CPU); SIMD is used only for element-wise lanes, where vector width cannot change the order.</item>
/// <item>Transcendentals (exp, log, tanh, sigmoid) come from <see cref="ReproducibleMath"/>, built only from basic
/// double operations, and float32 tanh from <see cref="FloatTanh"/>, built from basic float operations — never from
/// the platform libm (whose results differ between C libraries and CPUs).</item>
/// </list>
/// NaN payloads are the one thing not pinned: which NaN an operation returns differs between x64 and Arm.
/// </summary>
public sealed class ReproducibleBackend : IInferenceBackend
{
    public const string BackendName = "reproducible";

    public string Name => BackendName;

    /// <summary>
    /// Bump the version whenever any kernel's rounding behaviour changes: it is part of the inference commitment.
    /// v2: float32 Tanh computed in float32 (<see cref="FloatTanh"/>) instead of double rounded to float.
    /// </summary>
    public string RuntimeId => "reproducible-v2";

    public IInferenceSession Load(ReadOnlyMemory<byte> modelBytes, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ReproducibleSession(Onnx.OnnxModel.Parse(modelBytes, node => OperatorTable.Resolve(node)), options);
    }
}
