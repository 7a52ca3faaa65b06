using AgentChain.Core.Types;

namespace AgentChain.Inference;

/// <summary>A loaded model, ready to run. Sessions may be run from several threads at once.</summary>
public interface IInferenceSession : IDisposable
{
    /// <summary>SHA-256 of exactly the model bytes that were loaded (the commitment's <c>modelHash</c>).</summary>
    Hash256 ModelHash { get; }

    /// <summary>The graph inputs the caller must feed (initializer-backed inputs excluded), in model order.</summary>
    IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>The graph outputs, in model order.</summary>
    IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>
    /// Runs the model. <paramref name="inputs"/> is keyed by input name; the result holds every graph output keyed by
    /// name. Throws <see cref="InvalidInputException"/> for a missing input or a wrong element type or shape.
    /// </summary>
    IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs);
}
