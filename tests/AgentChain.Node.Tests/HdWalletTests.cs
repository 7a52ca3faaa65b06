using AgentChain.Core.Encoding;
using AgentChain.Node.DevAccounts;

namespace AgentChain.Node.Tests;

public class HdWalletTests
{
    [Fact]
    public void TestMnemonicGivesTheAccountsEveryEthereumToolDerives()
    {
        var accounts = HdWallet.DeriveAccounts(HdWallet.TestMnemonic, 3);
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", accounts[0].Address.ToChecksumString());
        Assert.Equal("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", accounts[0].PrivateKeyHex);
        Assert.Equal("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", accounts[1].Address.ToChecksumString());
        Assert.Equal("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", accounts[1].PrivateKeyHex);
        Assert.Equal("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", accounts[2].Address.ToChecksumString());
    }

    [Fact]
    public void Bip39SeedMatchesTheSpecVector()
    {
        // BIP-39 reference vector (Trezor): "abandon ×11 about", passphrase "TREZOR".
        byte[] seed = HdWallet.SeedFromMnemonic("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "TREZOR");
        Assert.Equal("0xc55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04", Hex.Encode(seed));
    }
}
