using System.Numerics;
using AgentChain.Core.Abi;

namespace AgentChain.Agents.Tests;

/// <summary>
/// The ExampleRiskDesk interface as the devnet genesis contract states it, for unit tests that need only the ABI
/// (planner, tools). Chain tests use the real contract's ABI from the node's manifest.
/// </summary>
public static class RiskDeskAbi
{
    /// <summary>A feature row as <c>submitCase</c> takes it: fixed point with 6 decimals (the demo spec's input scale 0.000001).</summary>
    public static BigInteger[] FixedPointFeatures(float[] row) => row.Select(f => new BigInteger(Math.Round(f * 1e6))).ToArray();

    public static ContractAbi Abi { get; } = ContractAbi.Parse("""
    [
      {"type":"function","name":"submitCase","stateMutability":"nonpayable","inputs":[{"name":"caseId","type":"bytes32"},{"name":"features","type":"int256[]"}],"outputs":[]},
      {"type":"function","name":"recordAssessment","stateMutability":"payable","inputs":[{"name":"caseId","type":"bytes32"},{"name":"malignantBps","type":"uint16"}],"outputs":[]},
      {"type":"event","name":"CaseSubmitted","anonymous":false,"inputs":[{"name":"caseId","type":"bytes32","indexed":true},{"name":"submitter","type":"address","indexed":true},{"name":"features","type":"int256[]","indexed":false}]},
      {"type":"error","name":"AlreadyAssessed","inputs":[{"name":"caseId","type":"bytes32"}]}
    ]
    """);
}
