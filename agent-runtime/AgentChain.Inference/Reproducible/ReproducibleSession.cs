using AgentChain.Core.Types;
using AgentChain.Inference.Onnx;

namespace AgentChain.Inference.Reproducible;

/// <summary>A model prepared for the reproducible backend: kernels resolved (and dense layers fused, <see cref="ExecutionPlan"/>) once at load, run in graph order.</summary>
internal sealed class ReproducibleSession : IInferenceSession
{
    private readonly OnnxModel _model;
    private readonly ExecutionStep[] _plan;
    private readonly int _threads;

    public ReproducibleSession(OnnxModel model, InferenceOptions options)
    {
        _model = model;
        _threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        _plan = ExecutionPlan.Build(model);
    }

    public Hash256 ModelHash => _model.Hash;

    public IReadOnlyList<TensorInfo> Inputs => _model.Inputs;

    public IReadOnlyList<TensorInfo> Outputs => _model.Outputs;

    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var values = new Dictionary<string, Tensor>(_model.Initializers, StringComparer.Ordinal);
        foreach (TensorInfo declared in _model.Inputs)
        {
            if (!inputs.TryGetValue(declared.Name, out Tensor? given))
                throw new InvalidInputException($"missing input '{declared.Name}' ({declared}); the model's inputs are: {string.Join(", ", _model.Inputs)}");
            CheckInput(declared, given);
            values[declared.Name] = given;
        }
        foreach (string name in inputs.Keys)
            if (!_model.Inputs.Any(i => i.Name == name))
                throw new InvalidInputException($"unknown input '{name}'; the model's inputs are: {string.Join(", ", _model.Inputs)}");

        foreach (ExecutionStep step in _plan)
        {
            OnnxNode node = step.Node;
            var args = new Tensor?[step.Inputs.Length];
            for (int i = 0; i < args.Length; i++)
                args[i] = step.Inputs[i].Length == 0 ? null : values[step.Inputs[i]];
            Tensor[] results;
            try
            {
                results = step.Kernel(new OpContext(node, _threads), args);
            }
            catch (InferenceException)
            {
                throw;
            }
            catch (Exception e) when (e is ArgumentException or InvalidCastException or IndexOutOfRangeException or OverflowException or DivideByZeroException or NotSupportedException)
            {
                throw new InferenceException($"{node} failed on inputs ({string.Join(", ", args.Select(a => a?.ToString() ?? "none"))}): {e.Message}", e);
            }
            for (int i = 0; i < step.Outputs.Length && i < results.Length; i++)
                if (step.Outputs[i].Length > 0) values[step.Outputs[i]] = results[i];
        }

        var outputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (TensorInfo o in _model.Outputs) outputs[o.Name] = values[o.Name];
        return outputs;
    }

    private static void CheckInput(TensorInfo declared, Tensor given)
    {
        if (given.ElementType != declared.ElementType)
            throw new InvalidInputException($"input '{declared.Name}' must be {declared.ElementType} but a {given.ElementType} tensor was given");
        if (declared.Shape is null) return;
        if (given.Rank != declared.Shape.Count)
            throw new InvalidInputException($"input '{declared.Name}' must have shape {declared} (rank {declared.Shape.Count}) but shape [{string.Join(",", given.ShapeToArray())}] was given");
        for (int d = 0; d < given.Rank; d++)
            if (declared.Shape[d].Value is long fixedSize && fixedSize != given.Shape[d])
                throw new InvalidInputException($"input '{declared.Name}' must have shape {declared} but dimension {d} is {given.Shape[d]}");
    }

    public void Dispose()
    {
    }
}
