using System.CommandLine;
using System.Runtime.InteropServices;
using AgentChain.Core.Numerics;
using AgentChain.Node;
using AgentChain.Node.DevAccounts;
using AgentChain.Agents.Devnet;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Inference;
using Microsoft.Extensions.Logging;

namespace AgentChain.Cli.Commands;

/// <summary>
/// <c>agentchain devnet</c>: a local single-validator chain with prefunded dev accounts and Ethereum JSON-RPC on
/// 127.0.0.1:8545 (HTTP and WebSocket), persisted in a data directory so a restart continues the chain.
/// </summary>
public static class DevnetCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { Description = "JSON-RPC port (HTTP and WebSocket)", DefaultValueFactory = _ => 8545 };
        var chainId = new Option<ulong>("--chain-id") { Description = "chain id", DefaultValueFactory = _ => 31337UL };
        var blockTime = new Option<int>("--block-time") { Description = "milliseconds between blocks", DefaultValueFactory = _ => 250 };
        var gasLimit = new Option<ulong>("--gas-limit") { Description = "block gas limit (eth_call/eth_estimateGas may use up to it)", DefaultValueFactory = _ => 30_000_000UL };
        var dataDir = new Option<string>("--data-dir") { Description = "where the chain is stored", DefaultValueFactory = _ => NodeOptions.DefaultDataDirectory };
        var fresh = new Option<bool>("--fresh") { Description = "delete the stored chain and start from genesis" };
        var accounts = new Option<int>("--accounts", "-a") { Description = "dev accounts to prefund", DefaultValueFactory = _ => 10 };
        var balance = new Option<string>("--balance") { Description = "ether per dev account", DefaultValueFactory = _ => "10000" };
        var mnemonic = new Option<string>("--mnemonic", "-m") { Description = "BIP-39 mnemonic of the dev accounts", DefaultValueFactory = _ => HdWallet.TestMnemonic };
        var noEmpty = new Option<bool>("--no-empty-blocks") { Description = "seal blocks only when there are transactions" };
        var noMining = new Option<bool>("--no-mining") { Description = "no timed blocks; mine with evm_mine / anvil_mine" };
        var noAgents = new Option<bool>("--no-agents") { Description = "do not run the demo agent host, the three feed node runners and the challenge resolver beside the node" };
        var command = new Command("devnet", "Run a local AgentChain devnet with Ethereum JSON-RPC (HTTP + WebSocket).")
        {
            host, port, chainId, blockTime, gasLimit, dataDir, fresh, accounts, balance, mnemonic, noEmpty, noMining, noAgents,
        };
        command.SetAction(parse =>
        {
            if (!UInt256.TryParse(parse.GetValue(balance)!, out UInt256 ether))
            {
                Console.Error.WriteLine($"--balance '{parse.GetValue(balance)}' is not a whole number of ether");
                return 2;
            }
            int blockMs = parse.GetValue(blockTime);
            if (blockMs < 10)
            {
                Console.Error.WriteLine($"--block-time {blockMs} ms is too short; use at least 10 ms");
                return 2;
            }
            var options = new NodeOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
                Fresh = parse.GetValue(fresh),
                AutoMine = !parse.GetValue(noMining),
                Chain = new ChainOptions
                {
                    ChainId = parse.GetValue(chainId),
                    GasLimit = parse.GetValue(gasLimit),
                    BlockTime = TimeSpan.FromMilliseconds(blockMs),
                    EmptyBlocks = !parse.GetValue(noEmpty),
                    AccountCount = parse.GetValue(accounts),
                    AccountBalance = ether * UInt256.Parse("1000000000000000000"),
                    Mnemonic = parse.GetValue(mnemonic)!,
                },
            };
            return Run(options, ether, !parse.GetValue(noAgents));
        });
        return command;
    }

    private static int Run(NodeOptions options, UInt256 ether, bool withAgents)
    {
        DevnetNode node;
        try
        {
            node = new DevnetNode(options, Console.Error);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"devnet: {e.Message}");
            return 1;
        }
        try
        {
            node.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"devnet: cannot listen on {options.Host}:{options.Port}: {e.Message}. Is another node running? Pick another --port.");
            node.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return 1;
        }
        PrintBanner(node, options, ether);

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        int exit = 0;
        using ILoggerFactory loggers = AgentCliSupport.CreateLoggerFactory();
        DevnetAgents? agents = withAgents ? StartAgents(node, options, loggers, stop.Token) : null;
        try
        {
            Task.WaitAny([Task.Delay(Timeout.Infinite, stop.Token), node.Fatal]);
        }
        catch (AggregateException) { }
        if (node.Fatal.IsCompleted)
        {
            Console.Error.WriteLine("devnet: block production failed; shutting down (committed blocks are safe on disk)");
            exit = 1;
        }
        if (agents is not null)
        {
            Console.WriteLine("\nStopping the agents...");
            agents.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        Console.WriteLine("\nShutting down: finishing the current block and closing the store...");
        node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"Stopped at block {node.Chain.Head.Number}. Restart with the same --data-dir to continue.");
        return exit;
    }

    /// <summary>
    /// The demo agent host (dev account 1), feed runners (accounts 2–4) and challenge resolver (account 8), in this
    /// process but connected to the node over its own JSON-RPC port like any client. A devnet without the contract
    /// manifest (started with --no-predeploys, or an older chain) runs without them and says so.
    /// </summary>
    private static DevnetAgents? StartAgents(DevnetNode node, NodeOptions options, ILoggerFactory loggers, CancellationToken cancellation)
    {
        string? spec = AgentCliSupport.FindRepositoryFile(AgentCliSupport.DemoSpecRelativePath);
        string? model = AgentCliSupport.FindRepositoryFile(AgentCliSupport.FeedModelRelativePath);
        string? samples = AgentCliSupport.FindRepositoryFile(AgentCliSupport.FeedSamplesRelativePath);
        string? manifest = AgentCliSupport.FindRepositoryFile(AgentCliSupport.FeedManifestRelativePath);
        if (spec is null || model is null || samples is null || manifest is null)
        {
            Console.Error.WriteLine("devnet: agents not started: the demo spec and models are found only inside an AgentChain checkout (use --no-agents to silence this)");
            return null;
        }
        IReadOnlyList<Node.DevAccounts.DevAccount> accounts = node.Chain.Accounts;
        if (accounts.Count < 9)
        {
            Console.Error.WriteLine("devnet: agents not started: they use dev accounts 1–4 and 8; start with --accounts 10 or more");
            return null;
        }
        var agentOptions = new DevnetAgentsOptions
        {
            RpcUrl = node.Url!,
            AgentSpecPath = spec,
            AgentKey = accounts[1].PrivateKey,
            RunnerKeys = [accounts[2].PrivateKey, accounts[3].PrivateKey, accounts[4].PrivateKey],
            ResolverKey = accounts[8].PrivateKey,
            FeedModelPath = model,
            FeedModelSha256 = AgentCliSupport.ManifestSha256(manifest),
            FeedSamplesPath = samples,
        };
        try
        {
            DevnetAgents agents = DevnetAgents.StartAsync(agentOptions, OnnxConformanceCommand.BackendCatalog(), loggers, cancellation: cancellation)
                .GetAwaiter().GetResult();
            Console.WriteLine("Agents:            demo agent (account 1) on ExampleRiskDesk cases; feed runners (accounts 2, 3, 4) on AIFeed; challenge resolver (account 8)");
            return agents;
        }
        catch (Exception e) when (e is EthRpcException or AgentSpecException or InferenceException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            Console.Error.WriteLine($"devnet: agents not started: {e.Message}");
            return null;
        }
    }

    private static void PrintBanner(DevnetNode node, NodeOptions options, UInt256 ether)
    {
        Console.WriteLine($"AgentChain devnet ({Node.Rpc.EthRpcModule.ClientVersion})");
        Console.WriteLine();
        Console.WriteLine("Available Accounts");
        Console.WriteLine("==================");
        for (int i = 0; i < node.Chain.Accounts.Count; i++)
            Console.WriteLine($"({i}) {node.Chain.Accounts[i].Address.ToChecksumString()} ({ether} ETH)");
        Console.WriteLine();
        Console.WriteLine("Private Keys");
        Console.WriteLine("==================");
        for (int i = 0; i < node.Chain.Accounts.Count; i++)
            Console.WriteLine($"({i}) {node.Chain.Accounts[i].PrivateKeyHex}");
        Console.WriteLine();
        Console.WriteLine("Wallet");
        Console.WriteLine("==================");
        Console.WriteLine($"Mnemonic:          {options.Chain.Mnemonic}");
        Console.WriteLine("Derivation path:   m/44'/60'/0'/0/");
        Console.WriteLine();
        Console.WriteLine($"Chain ID:          {options.Chain.ChainId}");
        Console.WriteLine($"Block time:        {(options.AutoMine ? $"{options.Chain.BlockTime.TotalMilliseconds} ms" : "off (evm_mine)")}");
        Console.WriteLine($"Block gas limit:   {options.Chain.GasLimit}");
        Console.WriteLine($"Base fee:          {node.Chain.PendingBaseFee} wei");
        Console.WriteLine($"Data directory:    {options.DataDirectory} ({(node.Chain.Resumed ? $"resumed at block {node.Chain.Head.Number}" : "new chain")})");
        Console.WriteLine();
        Console.WriteLine($"Listening on {options.Host}:{node.Url!.Port} (HTTP and WebSocket)");
    }
}
