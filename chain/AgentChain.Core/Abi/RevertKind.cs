namespace AgentChain.Core.Abi;

/// <summary>How revert data was recognised.</summary>
public enum RevertKind
{
    /// <summary>No data: <c>revert()</c>, <c>require(cond)</c> without a message, out of gas, invalid opcode.</summary>
    Empty,
    /// <summary><c>Error(string)</c>.</summary>
    ErrorString,
    /// <summary><c>Panic(uint256)</c>.</summary>
    Panic,
    /// <summary>A custom error from the ABI supplied.</summary>
    CustomError,
    /// <summary>Data whose selector matches nothing known (or shorter than a selector).</summary>
    Unrecognized,
}
