using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>Binding of <c>ExampleFeedConsumer</c>: reads a feed with every safety check.</summary>
public sealed class ExampleFeedConsumer(DevChain chain, Address address) : ContractBinding(chain, address, ArtifactName)
{
    public const string ArtifactName = "ExampleFeedConsumer";

    public static ExampleFeedConsumer Deploy(DevChain chain, DevAccount from, Address feed, UInt256 maxAnswerAge) =>
        new(chain, chain.Deploy(from, ContractArtifact.Load(ArtifactName), feed, maxAnswerAge));

    /// <summary>readAnswer() as a call; a failed check comes back as the consumer's custom error.</summary>
    public CallOutcome ReadAnswer() => TryCall("readAnswer");

    public TxReceipt RecordAnswer(DevAccount from) => Send(from, "recordAnswer");

    public System.Numerics.BigInteger LastAnswer => (System.Numerics.BigInteger)Call("lastAnswer")[0]!;
}
