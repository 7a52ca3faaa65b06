using System.Net;
using System.Net.Sockets;
using AgentChain.Agents.Rpc;
using AgentChain.Node;
using AgentChain.Governance.Genesis;
using AgentChain.Node.DevAccounts;

namespace AgentChain.Agents.Tests;

/// <summary>
/// A real devnet node in this process on a loopback port (HTTP + WebSocket), with its own data directory; the
/// agents code talks to it only over the wire through <see cref="EthRpcClient"/>.
/// </summary>
public sealed class InProcessNode : IAsyncDisposable
{
    private InProcessNode(DevnetNode node, string dir, int port, bool autoMine)
    {
        Node = node;
        Directory = dir;
        Port = port;
        AutoMine = autoMine;
        Rpc = new EthRpcClient(node.Url!);
    }

    public DevnetNode Node { get; private set; }
    public string Directory { get; }
    public int Port { get; }
    public bool AutoMine { get; }
    public EthRpcClient Rpc { get; }
    public IReadOnlyList<DevAccount> Accounts => Node.Chain.Accounts;

    public static async Task<InProcessNode> StartAsync(bool autoMine, int? port = null, string? dir = null, int blockTimeMs = 100,
        bool predeploys = false)
    {
        dir ??= TestPaths.TempDirectory();
        int p = port ?? FreePort();
        NodeOptions options = Options(dir, p, autoMine, blockTimeMs);
        if (predeploys) options = WithPredeploys(options);
        var node = new DevnetNode(options);
        await node.StartAsync();
        return new InProcessNode(node, dir, p, autoMine);
    }

    /// <summary>The devnet genesis the CLI builds (every contract at its fixed address, the demo agent registered), composed the same way.</summary>
    private static NodeOptions WithPredeploys(NodeOptions options)
    {
        ChainOptions chain = options.Chain;
        IReadOnlyList<DevAccount> keys = HdWallet.DeriveAccounts(chain.Mnemonic, DevnetGenesis.DevAccountCount);
        DevnetGenesis genesis = DevnetGenesis.Build(chain.ChainId, keys.Select(k => k.PrivateKey).ToArray(), chain.AccountBalance);
        GenesisAccount[] alloc = genesis.Accounts.Select(a => new GenesisAccount(a.Address, a.Balance, a.Nonce, a.Code, a.Storage)).ToArray();
        return options with
        {
            Chain = chain with { GenesisAlloc = alloc, GenesisTimestamp = genesis.Timestamp },
            ContractManifestJson = genesis.ManifestJson,
        };
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static NodeOptions Options(string dir, int port, bool autoMine, int blockTimeMs) => new()
    {
        Port = port,
        DataDirectory = dir,
        AutoMine = autoMine,
        Chain = new ChainOptions { BlockTime = TimeSpan.FromMilliseconds(blockTimeMs) },
    };

    /// <summary>Stops the node (as a crash of the endpoint looks to a client) and starts it again on the same port and data.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        await Node.DisposeAsync();
        await Task.Delay(downtime);
        Node = new DevnetNode(Options(Directory, Port, AutoMine, 100));
        await Node.StartAsync();
    }

    public Task MineAsync() => Rpc.RequestAsync("evm_mine", []);

    public async ValueTask DisposeAsync()
    {
        Rpc.Dispose();
        await Node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, true);
        }
        catch (IOException)
        {
            // A temp folder left behind does not affect the result.
        }
    }
}
