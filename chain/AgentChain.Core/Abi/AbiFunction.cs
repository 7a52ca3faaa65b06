namespace AgentChain.Core.Abi;

/// <summary>
/// A contract function: its canonical signature and <see cref="Selector"/>, and the codec for its calldata
/// (<c>selector ‖ abi.encode(inputs)</c>) and return data (<c>abi.encode(outputs)</c>).
/// <code>
/// var transfer = AbiFunction.Parse("transfer(address to, uint256 amount) returns (bool)");
/// byte[] calldata = transfer.EncodeCall(recipient, new UInt256(1000));
/// bool ok = (bool)transfer.DecodeOutput(returnData)[0]!;
/// </code>
/// </summary>
public sealed class AbiFunction
{
    private readonly AbiType[] _inputTypes;
    private readonly AbiType[] _outputTypes;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter>? outputs = null,
        StateMutability stateMutability = StateMutability.NonPayable)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!AbiSignatureParser.IsIdentifier(name)) throw new AbiException($"'{name}' is not a valid function name");
        Name = name;
        Inputs = inputs.ToArray();
        Outputs = (outputs ?? []).ToArray();
        StateMutability = stateMutability;
        _inputTypes = Inputs.Select(p => p.Type).ToArray();
        _outputTypes = Outputs.Select(p => p.Type).ToArray();
        _inputNames = Inputs.Select(p => p.Name).ToArray();
        _outputNames = Outputs.Select(p => p.Name).ToArray();
        Signature = name + "(" + string.Join(",", _inputTypes.Select(t => t.CanonicalName)) + ")";
        Selector = FunctionSelector.FromSignature(Signature);
    }

    /// <summary>
    /// Parses a human-readable signature: <c>transfer(address,uint256)</c>,
    /// <c>function balanceOf(address owner) view returns (uint256)</c>.
    /// </summary>
    public static AbiFunction Parse(string signature)
    {
        var parsed = AbiSignatureParser.Parse(signature, "function");
        return new AbiFunction(parsed.Name, parsed.Inputs, parsed.Outputs, parsed.StateMutability);
    }

    /// <summary>A function from bare types, e.g. <c>FromTypes("balanceOf", [AbiType.Address], [AbiType.UInt256])</c>.</summary>
    public static AbiFunction FromTypes(string name, IEnumerable<AbiType> inputs, IEnumerable<AbiType>? outputs = null,
        StateMutability stateMutability = StateMutability.NonPayable) =>
        new(name, AbiParameter.FromTypes(inputs), AbiParameter.FromTypes(outputs ?? []), stateMutability);

    public string Name { get; }
    public IReadOnlyList<AbiParameter> Inputs { get; }
    public IReadOnlyList<AbiParameter> Outputs { get; }
    public StateMutability StateMutability { get; }

    /// <summary>Canonical signature, e.g. <c>transfer(address,uint256)</c>.</summary>
    public string Signature { get; }

    public FunctionSelector Selector { get; }

    public IReadOnlyList<AbiType> InputTypes => _inputTypes;
    public IReadOnlyList<AbiType> OutputTypes => _outputTypes;

    /// <summary>Calldata: the selector followed by the encoded arguments.</summary>
    public byte[] EncodeCall(params object?[] args)
    {
        Span<byte> selector = stackalloc byte[FunctionSelector.Length];
        Selector.WriteTo(selector);
        try
        {
            return AbiEncoder.Encode(_inputTypes, args, selector, _inputNames);
        }
        catch (AbiException e)
        {
            throw e.Within(Signature, " ");
        }
    }

    /// <summary>Decodes calldata after checking that it starts with this function's selector.</summary>
    public object?[] DecodeInput(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < FunctionSelector.Length)
            throw new AbiException($"{Signature}: calldata of {calldata.Length} bytes is too short to hold a selector");
        var selector = FunctionSelector.Read(calldata);
        if (selector != Selector)
            throw new AbiException($"{Signature}: calldata starts with selector {selector}, expected {Selector}");
        try
        {
            return AbiDecoder.Decode(_inputTypes, calldata[FunctionSelector.Length..], _inputNames);
        }
        catch (AbiException e)
        {
            throw e.Within(Signature + " input", " ");
        }
    }

    /// <summary>Return data as the function would produce it.</summary>
    public byte[] EncodeOutput(params object?[] values)
    {
        try
        {
            return AbiEncoder.Encode(_outputTypes, values, default, _outputNames);
        }
        catch (AbiException e)
        {
            throw e.Within(Signature + " output", " ");
        }
    }

    /// <summary>Decodes return data into the output values.</summary>
    public object?[] DecodeOutput(ReadOnlySpan<byte> data)
    {
        try
        {
            return AbiDecoder.Decode(_outputTypes, data, _outputNames);
        }
        catch (AbiException e)
        {
            throw e.Within(Signature + " output", " ");
        }
    }

    /// <summary>Human-readable form, e.g. <c>function balanceOf(address owner) view returns (uint256)</c>.</summary>
    public override string ToString()
    {
        string mutability = StateMutability == StateMutability.NonPayable ? "" : " " + StateMutability.ToString().ToLowerInvariant();
        string returns = Outputs.Count == 0 ? "" : " returns (" + string.Join(", ", Outputs) + ")";
        return $"function {Name}({string.Join(", ", Inputs)}){mutability}{returns}";
    }
}
