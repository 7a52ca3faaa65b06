using AgentChain.Core.Encoding;
using AgentChain.Core.Types;

namespace AgentChain.Node.DevAccounts;

/// <summary>A prefunded devnet account and its private key (public knowledge: derived from the test mnemonic).</summary>
public sealed record DevAccount(Address Address, byte[] PrivateKey)
{
    public string PrivateKeyHex => Hex.Encode(PrivateKey);
}
