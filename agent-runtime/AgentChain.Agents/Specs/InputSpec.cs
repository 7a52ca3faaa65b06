namespace AgentChain.Agents.Specs;

/// <summary>
/// How the model input is built: from a numeric-array parameter of the triggering event (<see cref="TriggerField"/>,
/// each element times <see cref="Scale"/>, e.g. 1e-6 for fixed-point 1e6), or from rows of a samples file (the
/// <c>input.data</c> of a model's expected.json), taken in turn on each firing of a non-event trigger.
/// </summary>
public sealed record InputSpec(string TensorName, string? TriggerField, double Scale, string? SamplesPath);
