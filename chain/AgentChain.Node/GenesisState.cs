using AgentChain.Core.Crypto;
using AgentChain.Core.Types;
using AgentChain.Node.DevAccounts;
using AgentChain.State;

namespace AgentChain.Node;

/// <summary>
/// The state a chain starts from: the dev accounts with <see cref="ChainOptions.AccountBalance"/>, then the
/// <see cref="ChainOptions.GenesisAlloc"/> accounts, each replacing any dev account at the same address (an
/// allocation built by running setup transactions carries the dev accounts' balances and nonces after them).
/// </summary>
public static class GenesisState
{
    public static void Write(ChainOptions options, IReadOnlyList<DevAccount> devAccounts, IStateWriter writer)
    {
        var allocated = new HashSet<Address>(options.GenesisAlloc.Select(a => a.Address));
        if (allocated.Count != options.GenesisAlloc.Count)
            throw new ArgumentException("the genesis allocation lists an address more than once");
        foreach (DevAccount account in devAccounts)
            if (!allocated.Contains(account.Address))
                writer.SetAccount(account.Address, 0, options.AccountBalance, Hash256.EmptyKeccak, null);
        foreach (GenesisAccount account in options.GenesisAlloc)
        {
            Hash256 codeHash = account.Code.Length == 0 ? Hash256.EmptyKeccak : Keccak256.Hash(account.Code);
            writer.SetAccount(account.Address, account.Nonce, account.Balance, codeHash, account.Code.Length == 0 ? null : account.Code);
            foreach ((var slot, var value) in account.Storage)
                if (!value.IsZero) writer.SetStorage(account.Address, slot, value);
        }
    }

    /// <summary>The state root of the genesis these options describe (to check a data directory against).</summary>
    public static Hash256 Root(ChainOptions options, IReadOnlyList<DevAccount> devAccounts)
    {
        var state = new InMemoryState();
        Write(options, devAccounts, state);
        return state.ComputeStateRoot();
    }
}
