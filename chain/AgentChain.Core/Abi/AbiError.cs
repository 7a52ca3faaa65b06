namespace AgentChain.Core.Abi;

/// <summary>
/// A Solidity custom error (<c>error InsufficientBalance(uint256 available, uint256 required)</c>): revert data is
/// its 4-byte selector followed by the ABI-encoded arguments, exactly like calldata. The two errors the compiler
/// emits by itself are <see cref="ErrorString"/> (<c>require(cond, "reason")</c>, <c>revert("reason")</c>) and
/// <see cref="Panic"/> (failed assertions, overflow, …; see <see cref="PanicCode"/>).
/// </summary>
public sealed class AbiError
{
    private readonly AbiType[] _types;
    private readonly string[] _names;

    /// <summary><c>Error(string)</c>, selector 0x08c379a0.</summary>
    public static AbiError ErrorString { get; } = new("Error", [new AbiParameter("message", AbiType.String)]);

    /// <summary><c>Panic(uint256)</c>, selector 0x4e487b71.</summary>
    public static AbiError Panic { get; } = new("Panic", [new AbiParameter("code", AbiType.UInt256)]);

    public AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!AbiSignatureParser.IsIdentifier(name)) throw new AbiException($"'{name}' is not a valid error name");
        Name = name;
        Inputs = inputs.ToArray();
        _types = Inputs.Select(p => p.Type).ToArray();
        _names = Inputs.Select(p => p.Name).ToArray();
        Signature = name + "(" + string.Join(",", _types.Select(t => t.CanonicalName)) + ")";
        Selector = FunctionSelector.FromSignature(Signature);
    }

    /// <summary>Parses <c>error InsufficientBalance(uint256 available, uint256 required)</c> (the keyword is optional).</summary>
    public static AbiError Parse(string signature)
    {
        var parsed = AbiSignatureParser.Parse(signature, "error");
        return new AbiError(parsed.Name, parsed.Inputs);
    }

    public string Name { get; }
    public IReadOnlyList<AbiParameter> Inputs { get; }
    public string Signature { get; }
    public FunctionSelector Selector { get; }

    /// <summary>Revert data for this error with <paramref name="args"/>.</summary>
    public byte[] Encode(params object?[] args)
    {
        try
        {
            return AbiEncoder.Encode(_types, args, Selector.ToArray(), _names);
        }
        catch (AbiException e)
        {
            throw e.Within($"error {Signature}", " ");
        }
    }

    /// <summary>True when <paramref name="revertData"/> starts with this error's selector.</summary>
    public bool Matches(ReadOnlySpan<byte> revertData) =>
        revertData.Length >= FunctionSelector.Length && FunctionSelector.Read(revertData) == Selector;

    /// <summary>Decodes revert data after checking its selector.</summary>
    public object?[] Decode(ReadOnlySpan<byte> revertData)
    {
        if (!Matches(revertData))
            throw new AbiException(revertData.Length < FunctionSelector.Length
                ? $"revert data of {revertData.Length} bytes is too short to be error {Signature}"
                : $"revert data starts with selector {FunctionSelector.Read(revertData)}, not {Selector} of error {Signature}");
        try
        {
            return AbiDecoder.Decode(_types, revertData[FunctionSelector.Length..], _names);
        }
        catch (AbiException e)
        {
            throw e.Within($"error {Signature}", " ");
        }
    }

    public override string ToString() => $"error {Name}({string.Join(", ", Inputs)})";
}
