namespace AgentChain.Core.Abi;

/// <summary>A function's <c>stateMutability</c> in the JSON ABI.</summary>
public enum StateMutability
{
    /// <summary>Does not accept Ether; the default when nothing is said.</summary>
    NonPayable,
    Payable,
    View,
    Pure,
}
