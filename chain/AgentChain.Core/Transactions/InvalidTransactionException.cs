namespace AgentChain.Core.Transactions;

/// <summary>
/// A transaction that is well-formed RLP but breaks a protocol rule (wrong chain id, high s, a field out of range,
/// too little gas, an unsupported type…). The message says which rule and the offending values. Malformed RLP is
/// an <see cref="Rlp.RlpException"/> and a bad signature a <see cref="Crypto.SignatureException"/>; a node rejects
/// the transaction on any of the three.
/// </summary>
public sealed class InvalidTransactionException(string message) : Exception(message);
