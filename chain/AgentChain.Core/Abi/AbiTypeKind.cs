namespace AgentChain.Core.Abi;

/// <summary>The shapes of Solidity ABI types (Contract ABI Specification, "Types").</summary>
public enum AbiTypeKind
{
    /// <summary><c>uint&lt;M&gt;</c>, M = 8..256 in steps of 8. Value: <see cref="Numerics.UInt256"/>.</summary>
    UInt,
    /// <summary><c>int&lt;M&gt;</c>, two's complement. Value: <see cref="System.Numerics.BigInteger"/>.</summary>
    Int,
    /// <summary><c>address</c> (encoded as uint160). Value: <see cref="Types.Address"/>.</summary>
    Address,
    /// <summary><c>bool</c> (encoded as uint8 restricted to 0 and 1). Value: <see cref="bool"/>.</summary>
    Bool,
    /// <summary><c>bytes&lt;M&gt;</c>, M = 1..32, left-aligned. Value: <c>byte[]</c> of exactly M bytes.</summary>
    FixedBytes,
    /// <summary><c>function</c>: an address followed by a selector, encoded exactly like bytes24. Value: 24-byte <c>byte[]</c>.</summary>
    Function,
    /// <summary><c>bytes</c>, dynamic. Value: <c>byte[]</c>.</summary>
    Bytes,
    /// <summary><c>string</c>, dynamic, UTF-8. Value: <see cref="string"/>.</summary>
    String,
    /// <summary><c>T[k]</c>. Value: a list of k element values (decoded as <c>object?[]</c>).</summary>
    FixedArray,
    /// <summary><c>T[]</c>. Value: a list of element values (decoded as <c>object?[]</c>).</summary>
    DynamicArray,
    /// <summary><c>(T1,...,Tn)</c>, a struct. Value: a list of component values (decoded as <c>object?[]</c>).</summary>
    Tuple,
}
