namespace AgentChain.Inference;

/// <summary>
/// A model input or output as the model declares it. <see cref="Shape"/> is null when the model does not declare a
/// rank at all; otherwise one entry per dimension, each fixed, symbolic or unknown.
/// </summary>
public sealed record TensorInfo(string Name, TensorElementType ElementType, IReadOnlyList<TensorDimension>? Shape)
{
    public override string ToString() =>
        $"{Name}: {ElementType}{(Shape is null ? "[*]" : "[" + string.Join(",", Shape) + "]")}";
}
