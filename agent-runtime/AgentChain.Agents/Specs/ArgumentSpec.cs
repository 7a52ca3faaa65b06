namespace AgentChain.Agents.Specs;

/// <summary>
/// One argument of the action call. <see cref="Name"/> is the trigger event's parameter (source trigger) or the model
/// output (source output); <see cref="Index"/> picks the element of that output (row-major, batch row 0);
/// <see cref="Scale"/> multiplies it before rounding; <see cref="Constant"/> is the literal for source constant.
/// </summary>
public sealed record ArgumentSpec(ArgumentSource Source, string? Name, int Index, double Scale, string? Constant);
