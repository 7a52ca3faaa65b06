namespace AgentChain.Core.Encoding;

/// <summary>Input that claims to be hex but is not: odd length, a non-hex character, wrong size, or a bad EIP-55 checksum.</summary>
public sealed class HexFormatException(string message) : FormatException(message);
