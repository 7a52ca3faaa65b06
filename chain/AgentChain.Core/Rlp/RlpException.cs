namespace AgentChain.Core.Rlp;

/// <summary>Malformed or non-canonical RLP. The message names the rule broken and the byte offset where it was found.</summary>
public sealed class RlpException : FormatException
{
    public RlpException(string message, int offset) : base($"invalid RLP at offset {offset}: {message}") => Offset = offset;

    /// <summary>Offset of the offending item from the start of the decoded input.</summary>
    public int Offset { get; }
}
