namespace AgentChain.Node;

/// <summary>eth_call/eth_estimateGas could not run the call (not a revert): the message says why, as geth words it.</summary>
public sealed class CallFailedException(string message) : Exception(message);
