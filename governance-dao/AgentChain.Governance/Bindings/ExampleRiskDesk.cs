using System.Numerics;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>Binding of <c>ExampleRiskDesk</c>: cases submitted by dApp users, one assessment per case by an agent account.</summary>
public sealed class ExampleRiskDesk(DevChain chain, Address address) : ContractBinding(chain, address, ArtifactName)
{
    public const string ArtifactName = "ExampleRiskDesk";

    /// <summary>The selector an agent's account must be allowed to call: <c>recordAssessment(bytes32,uint16)</c>.</summary>
    public static byte[] RecordAssessmentSelector => ContractArtifact.Load(ArtifactName).Abi.GetFunction("recordAssessment").Selector.ToArray();

    public TxReceipt SubmitCase(DevAccount from, Hash256 caseId, IReadOnlyList<BigInteger> features) =>
        Send(from, "submitCase", caseId, features.Cast<object?>().ToArray());

    /// <summary>Calldata of <c>recordAssessment</c>, for an agent's <c>execute</c>.</summary>
    public byte[] RecordAssessmentCalldata(Hash256 caseId, ushort malignantBps) => Encode("recordAssessment", caseId, malignantBps);

    public TxReceipt ClaimFollowUpBudget(DevAccount from) => Send(from, "claimFollowUpBudget");

    /// <summary>The recorded assessment (agent zero: none yet).</summary>
    public (Address Agent, ushort MalignantBps, ulong RecordedAt, UInt256 FollowUpBudget) AssessmentOf(Hash256 caseId)
    {
        var a = (object?[])Call("assessmentOf", caseId)[0]!;
        return ((Address)a[0]!, (ushort)(ulong)(UInt256)a[1]!, (ulong)(UInt256)a[2]!, (UInt256)a[3]!);
    }

    public Address SubmitterOf(Hash256 caseId) => CallAddress("submitterOf", caseId);
    public UInt256 FollowUpBudgetOf(Address submitter) => CallUInt("followUpBudgetOf", submitter);
}
