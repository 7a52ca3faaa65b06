namespace AgentChain.Core.Abi;

/// <summary>A contract constructor: deployment data is the creation bytecode followed by the encoded arguments.</summary>
public sealed class AbiConstructor(IReadOnlyList<AbiParameter> inputs, StateMutability stateMutability = StateMutability.NonPayable)
{
    private readonly AbiType[] _types = inputs.Select(p => p.Type).ToArray();

    public IReadOnlyList<AbiParameter> Inputs { get; } = inputs.ToArray();
    public StateMutability StateMutability { get; } = stateMutability;

    /// <summary>Encoded constructor arguments, without bytecode.</summary>
    public byte[] EncodeArguments(params object?[] args) => AbiEncoder.Encode(_types, args, default, Inputs.Select(p => p.Name).ToArray());

    /// <summary>Deployment (creation) data: <paramref name="bytecode"/> ‖ abi.encode(args).</summary>
    public byte[] EncodeDeployment(ReadOnlySpan<byte> bytecode, params object?[] args) =>
        AbiEncoder.Encode(_types, args, bytecode, Inputs.Select(p => p.Name).ToArray());

    /// <summary>Decodes the argument part of deployment data (the bytes after the creation bytecode).</summary>
    public object?[] DecodeArguments(ReadOnlySpan<byte> encodedArguments) =>
        AbiDecoder.Decode(_types, encodedArguments, Inputs.Select(p => p.Name).ToArray());
}
