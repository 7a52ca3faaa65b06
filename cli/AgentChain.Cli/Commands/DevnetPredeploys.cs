using AgentChain.Governance.Genesis;

using AgentChain.Node;
using AgentChain.Node.DevAccounts;

namespace AgentChain.Cli.Commands;

/// <summary>
/// Composes the node's generic genesis allocation with the contracts' devnet genesis: the node knows nothing of
/// governance-dao, governance-dao nothing of the node; the CLI joins them here.
/// </summary>
public static class DevnetPredeploys
{
    /// <summary>
    /// Builds the contracts' genesis for <paramref name="options"/>' chain id, mnemonic and balance, and returns the
    /// options with it as the genesis allocation (at the genesis' fixed timestamp) and its manifest for /api/contracts.
    /// Throws <see cref="Governance.Harness.DevChainException"/> when a setup step fails (e.g. a balance too small to stake).
    /// </summary>
    public static (NodeOptions Options, DevnetGenesis Genesis) Apply(NodeOptions options)
    {
        ChainOptions chain = options.Chain;
        IReadOnlyList<DevAccount> keys = HdWallet.DeriveAccounts(chain.Mnemonic, DevnetGenesis.DevAccountCount);
        DevnetGenesis genesis = DevnetGenesis.Build(chain.ChainId, keys.Select(k => k.PrivateKey).ToArray(), chain.AccountBalance);
        GenesisAccount[] alloc = genesis.Accounts
            .Select(a => new GenesisAccount(a.Address, a.Balance, a.Nonce, a.Code, a.Storage))
            .ToArray();
        return (options with
        {
            Chain = chain with { GenesisAlloc = alloc, GenesisTimestamp = genesis.Timestamp },
            ContractManifestJson = genesis.ManifestJson,
        }, genesis);
    }
}
