using AgentChain.Core.Abi;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>
/// Base of the typed bindings: a deployed contract on a <see cref="DevChain"/> plus its artifact ABI. Subclasses
/// expose one typed method per contract function; all calldata goes through <see cref="AbiFunction.EncodeCall"/>.
/// </summary>
public abstract class ContractBinding
{
    protected ContractBinding(DevChain chain, Address address, string artifactName)
    {
        Chain = chain;
        Address = address;
        Artifact = ContractArtifact.Load(artifactName);
        chain.Track(address, Artifact.Abi);
    }

    public DevChain Chain { get; }
    public Address Address { get; }
    public ContractArtifact Artifact { get; }
    public ContractAbi Abi => Artifact.Abi;

    /// <summary>Calldata of <paramref name="function"/> (a name, or a signature for overloads).</summary>
    protected byte[] Encode(string function, params object?[] args) => Abi.GetFunction(function).EncodeCall(args);

    protected TxReceipt Send(DevAccount from, string function, params object?[] args) =>
        Chain.Send(from, Address, Encode(function, args));

    protected TxReceipt SendWithValue(DevAccount from, UInt256 value, string function, params object?[] args) =>
        Chain.Send(from, Address, Encode(function, args), value);

    /// <summary>Calls a view and decodes its outputs; a revert throws with the decoded custom error.</summary>
    protected object?[] Call(string function, params object?[] args)
    {
        AbiFunction f = Abi.GetFunction(function);
        CallOutcome outcome = Chain.Call(Address, f.EncodeCall(args));
        if (!outcome.Succeeded) throw new DevChainException($"{Artifact.Name}.{f.Signature} reverted: {outcome.Revert?.Message}");
        return f.DecodeOutput(outcome.Output);
    }

    /// <summary>Calls a view without throwing on revert.</summary>
    protected CallOutcome TryCall(string function, params object?[] args) => Chain.Call(Address, Encode(function, args));

    protected UInt256 CallUInt(string function, params object?[] args) => (UInt256)Call(function, args)[0]!;

    protected bool CallBool(string function, params object?[] args) => (bool)Call(function, args)[0]!;

    protected Address CallAddress(string function, params object?[] args) => (Address)Call(function, args)[0]!;

    /// <summary>The decoded return values of a successful transaction.</summary>
    protected object?[] DecodeResult(string function, TxReceipt receipt) =>
        Abi.GetFunction(function).DecodeOutput(receipt.EnsureSuccess().Output);

    public override string ToString() => $"{Artifact.Name} at {Address}";
}
