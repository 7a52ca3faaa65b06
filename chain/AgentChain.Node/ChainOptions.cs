using AgentChain.Core.Numerics;

namespace AgentChain.Node;

/// <summary>How a devnet chain is configured (the <c>agentchain devnet</c> flags).</summary>
public sealed record ChainOptions
{
    public ulong ChainId { get; init; } = 31337;
    public ulong GasLimit { get; init; } = 30_000_000;
    public TimeSpan BlockTime { get; init; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Seal blocks with no transactions (anvil does with --block-time).</summary>
    public bool EmptyBlocks { get; init; } = true;
    public string Mnemonic { get; init; } = DevAccounts.HdWallet.TestMnemonic;
    public int AccountCount { get; init; } = 10;
    public UInt256 AccountBalance { get; init; } = UInt256.Parse("10000000000000000000000"); // 10,000 ETH
    /// <summary>EIP-1559 base fee of the genesis block (anvil's default: 1 gwei).</summary>
    public UInt256 InitialBaseFee { get; init; } = new(1_000_000_000UL);
    /// <summary>Enables anvil_/hardhat_/evm_ methods.</summary>
    public bool DevMethods { get; init; } = true;
    /// <summary>Block-STM (falls back to sequential by itself for small or conflict-heavy blocks); false: always sequential.</summary>
    public bool ParallelExecution { get; init; } = true;
    public TxPool.TxPoolLimits PoolLimits { get; init; } = new();
    /// <summary>Accounts (with code and storage) the genesis state holds besides the dev accounts; see <see cref="GenesisState"/>.</summary>
    public IReadOnlyList<GenesisAccount> GenesisAlloc { get; init; } = [];
    /// <summary>The genesis block's timestamp; null: the time the chain is created. A fixed one makes the genesis block the same everywhere.</summary>
    public ulong? GenesisTimestamp { get; init; }
}
