namespace AgentChain.Core.Abi;

/// <summary>
/// A named, typed parameter of a function, event or error. <see cref="Components"/> carries the member names of a
/// tuple-typed parameter (from JSON <c>components</c> or a human signature), which the canonical
/// <see cref="AbiType"/> deliberately leaves out; for other types it is empty.
/// </summary>
public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false)
{
    /// <summary>Named members of a tuple (or of the tuple inside an array of tuples); empty otherwise.</summary>
    public IReadOnlyList<AbiParameter> Components { get; init; } = [];

    /// <summary>The compiler's <c>internalType</c> (e.g. <c>struct Order</c>), when the JSON ABI gives one.</summary>
    public string? InternalType { get; init; }

    /// <summary>Unnamed parameters of the given types.</summary>
    public static IReadOnlyList<AbiParameter> FromTypes(IEnumerable<AbiType> types) =>
        types.Select(t => new AbiParameter("", t)).ToArray();

    public override string ToString() =>
        Type.CanonicalName + (Indexed ? " indexed" : "") + (Name.Length > 0 ? " " + Name : "");
}
