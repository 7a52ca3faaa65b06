using AgentChain.Inference.Onnx;
using AgentChain.Inference.Reproducible.Operators;

namespace AgentChain.Inference.Reproducible;

/// <summary>The reproducible backend's dispatch table: default-domain op type → kernel. Resolved once per node at load.</summary>
internal static class OperatorTable
{
    private static readonly Dictionary<string, OpKernel> Kernels = new(StringComparer.Ordinal)
    {
        ["Add"] = ElementwiseBinaryOps.Add,
        ["Sub"] = ElementwiseBinaryOps.Sub,
        ["Mul"] = ElementwiseBinaryOps.Mul,
        ["Div"] = ElementwiseBinaryOps.Div,
        ["Pow"] = ElementwiseBinaryOps.Pow,
        ["Max"] = ElementwiseBinaryOps.Max,
        ["Min"] = ElementwiseBinaryOps.Min,
        ["Sum"] = ElementwiseBinaryOps.Sum,
        ["Mean"] = ElementwiseBinaryOps.Mean,
        ["Equal"] = ElementwiseBinaryOps.Equal,
        ["Less"] = ElementwiseBinaryOps.Less,
        ["LessOrEqual"] = ElementwiseBinaryOps.LessOrEqual,
        ["Greater"] = ElementwiseBinaryOps.Greater,
        ["GreaterOrEqual"] = ElementwiseBinaryOps.GreaterOrEqual,
        ["And"] = ElementwiseBinaryOps.And,
        ["Or"] = ElementwiseBinaryOps.Or,
        ["Xor"] = ElementwiseBinaryOps.Xor,
        ["Where"] = ElementwiseBinaryOps.Where,

        ["Relu"] = ElementwiseUnaryOps.Relu,
        ["LeakyRelu"] = ElementwiseUnaryOps.LeakyRelu,
        ["Elu"] = ElementwiseUnaryOps.Elu,
        ["Selu"] = ElementwiseUnaryOps.Selu,
        ["HardSigmoid"] = ElementwiseUnaryOps.HardSigmoid,
        ["Sigmoid"] = ElementwiseUnaryOps.Sigmoid,
        ["Tanh"] = ElementwiseUnaryOps.Tanh,
        ["Softplus"] = ElementwiseUnaryOps.Softplus,
        ["Softsign"] = ElementwiseUnaryOps.Softsign,
        ["Exp"] = ElementwiseUnaryOps.Exp,
        ["Log"] = ElementwiseUnaryOps.Log,
        ["Sqrt"] = ElementwiseUnaryOps.Sqrt,
        ["Abs"] = ElementwiseUnaryOps.Abs,
        ["Neg"] = ElementwiseUnaryOps.Neg,
        ["Sign"] = ElementwiseUnaryOps.Sign,
        ["Floor"] = ElementwiseUnaryOps.Floor,
        ["Ceil"] = ElementwiseUnaryOps.Ceil,
        ["Round"] = ElementwiseUnaryOps.Round,
        ["Reciprocal"] = ElementwiseUnaryOps.Reciprocal,
        ["Not"] = ElementwiseUnaryOps.Not,
        ["Clip"] = ElementwiseUnaryOps.Clip,
        ["Identity"] = ElementwiseUnaryOps.Identity,

        ["Cast"] = CastOps.Cast,
        ["CastLike"] = CastOps.CastLike,

        ["MatMul"] = MatrixOps.MatMul,
        ["Gemm"] = MatrixOps.Gemm,
        ["Conv"] = ConvolutionOps.Conv,
        ["MaxPool"] = PoolingOps.MaxPool,
        ["AveragePool"] = PoolingOps.AveragePool,
        ["GlobalAveragePool"] = PoolingOps.GlobalAveragePool,
        ["GlobalMaxPool"] = PoolingOps.GlobalMaxPool,
        ["BatchNormalization"] = NormalizationOps.BatchNormalization,

        ["Softmax"] = SoftmaxOps.Softmax,
        ["LogSoftmax"] = SoftmaxOps.LogSoftmax,
        ["Hardmax"] = SoftmaxOps.Hardmax,

        ["ReduceSum"] = ReductionOps.ReduceSum,
        ["ReduceMean"] = ReductionOps.ReduceMean,
        ["ReduceMax"] = ReductionOps.ReduceMax,
        ["ReduceMin"] = ReductionOps.ReduceMin,
        ["ReduceProd"] = ReductionOps.ReduceProd,
        ["ReduceSumSquare"] = ReductionOps.ReduceSumSquare,
        ["ReduceL1"] = ReductionOps.ReduceL1,
        ["ReduceL2"] = ReductionOps.ReduceL2,
        ["ReduceLogSum"] = ReductionOps.ReduceLogSum,
        ["ReduceLogSumExp"] = ReductionOps.ReduceLogSumExp,
        ["ArgMax"] = IndexOps.ArgMax,
        ["ArgMin"] = IndexOps.ArgMin,
        ["Gather"] = IndexOps.Gather,

        ["Reshape"] = ShapeOps.Reshape,
        ["Flatten"] = ShapeOps.Flatten,
        ["Transpose"] = ShapeOps.Transpose,
        ["Concat"] = ShapeOps.Concat,
        ["Squeeze"] = ShapeOps.Squeeze,
        ["Unsqueeze"] = ShapeOps.Unsqueeze,
        ["Shape"] = ShapeOps.Shape,
        ["Size"] = ShapeOps.Size,
        ["Expand"] = ShapeOps.Expand,
        ["Slice"] = ShapeOps.Slice,
        ["Constant"] = ShapeOps.Constant,
        ["ConstantOfShape"] = ShapeOps.ConstantOfShape,
        ["Dropout"] = ShapeOps.Dropout,
    };

    /// <summary>The op types this backend runs (default ONNX domain only).</summary>
    public static IEnumerable<string> SupportedOps => Kernels.Keys.Order(StringComparer.Ordinal);

    public static OpKernel Resolve(OnnxNode node) =>
        node.Domain.Length == 0 && Kernels.TryGetValue(node.OpType, out OpKernel? kernel)
            ? kernel
            : throw new UnsupportedOperatorException(node.QualifiedOpType, ReproducibleBackend.BackendName);
}
