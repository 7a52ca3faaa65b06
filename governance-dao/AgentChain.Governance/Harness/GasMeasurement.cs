namespace AgentChain.Governance.Harness;

/// <summary>One row of the gas table: an operation, the gas its transaction used, and what the number includes.</summary>
public sealed record GasMeasurement(string Operation, long Gas, string Note = "");
