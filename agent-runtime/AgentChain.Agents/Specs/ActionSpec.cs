namespace AgentChain.Agents.Specs;

/// <summary>The contract call the agent makes: a manifest contract name, a function signature, its arguments and value.</summary>
public sealed record ActionSpec(string Contract, string Function, IReadOnlyList<ArgumentSpec> Arguments, ValueRuleSpec? Value);
