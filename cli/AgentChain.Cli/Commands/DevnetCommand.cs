using System.CommandLine;
using System.Runtime.InteropServices;
using AgentChain.Core.Numerics;
using AgentChain.Governance.Genesis;
using AgentChain.Governance.Harness;
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
        var noPredeploys = new Option<bool>("--no-predeploys") { Description = "start without the agent, DAO and oracle contracts (plain dev accounts only)" };
        var noAgents = new Option<bool>("--no-agents") { Description = "do not run the demo agent host, the three feed node runners and the challenge resolver beside the node" };
        var demoProof = new Option<string>("--demo-proof")
        {
            Description = "proof the demo agent attaches: 'commitment' (agent 1, signed commitment) or 'dev-tee' (agent 5, INSECURE-DEV dev-TEE report checked on chain via P256VERIFY)",
            DefaultValueFactory = _ => "commitment",
        };
        demoProof.AcceptOnlyFromAmong("commitment", "dev-tee");
        var command = new Command("devnet", "Run a local AgentChain devnet with Ethereum JSON-RPC (HTTP + WebSocket).")
        {
            host, port, chainId, blockTime, gasLimit, dataDir, fresh, accounts, balance, mnemonic, noEmpty, noMining, noPredeploys, noAgents, demoProof,
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
            DevnetGenesis? genesis = null;
            if (!parse.GetValue(noPredeploys))
            {
                try
                {
                    (options, genesis) = DevnetPredeploys.Apply(options);
                }
                catch (DevChainException e)
                {
                    Console.Error.WriteLine($"devnet: the contracts' genesis could not be built: {e.Message}");
                    Console.Error.WriteLine("devnet: dev accounts 0..9 need enough ether to stake and fund the demo agent (the default --balance does); or pass --no-predeploys");
                    return 1;
                }
            }
            return Run(options, genesis, !parse.GetValue(noAgents), parse.GetValue(demoProof) == "dev-tee");
        });
        return command;
    }

    private static int Run(NodeOptions options, DevnetGenesis? genesis, bool withAgents, bool devTeeDemo)
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
        PrintBanner(node, options, genesis, devTeeDemo);

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        int exit = 0;
        using ILoggerFactory loggers = AgentCliSupport.CreateLoggerFactory();
        DevnetAgents? agents = null;
        if (withAgents && genesis is null)
            Console.WriteLine("Agents:            none (they act on the predeployed contracts; started with --no-predeploys)");
        else if (withAgents)
            agents = StartAgents(node, devTeeDemo, loggers, stop.Token);
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
    /// The demo agent host (its genesis signer), the feed runners and the challenge resolver (their genesis accounts),
    /// in this process but connected to the node over its own JSON-RPC port like any client, so they find the
    /// contracts through GET /api/contracts exactly as an external agent would.
    /// </summary>
    private static DevnetAgents? StartAgents(DevnetNode node, bool devTeeDemo, ILoggerFactory loggers, CancellationToken cancellation)
    {
        // Only one demo host runs: both answer CaseSubmitted and the desk takes one assessment per case.
        string? spec = AgentCliSupport.FindRepositoryFile(devTeeDemo ? AgentCliSupport.DevTeeDemoSpecRelativePath : AgentCliSupport.DemoSpecRelativePath);
        string? model = AgentCliSupport.FindRepositoryFile(AgentCliSupport.FeedModelRelativePath);
        string? samples = AgentCliSupport.FindRepositoryFile(AgentCliSupport.FeedSamplesRelativePath);
        string? manifest = AgentCliSupport.FindRepositoryFile(AgentCliSupport.FeedManifestRelativePath);
        if (spec is null || model is null || samples is null || manifest is null)
        {
            Console.Error.WriteLine("devnet: agents not started: the demo spec and models are found only inside an AgentChain checkout (use --no-agents to silence this)");
            return null;
        }
        IReadOnlyList<Node.DevAccounts.DevAccount> accounts = node.Chain.Accounts;
        var agentOptions = new DevnetAgentsOptions
        {
            RpcUrl = node.Url!,
            AgentSpecPath = spec,
            AgentKey = accounts[devTeeDemo ? DevnetGenesis.DevTeeAgentSignerIndex : DevnetGenesis.DemoAgentSignerIndex].PrivateKey,
            RunnerKeys = DevnetGenesis.FeedRunnerIndexes.Select(i => accounts[i].PrivateKey).ToArray(),
            ResolverKey = accounts[DevnetGenesis.ResolverIndex].PrivateKey,
            FeedModelPath = model,
            FeedModelSha256 = AgentCliSupport.ManifestSha256(manifest),
            FeedSamplesPath = samples,
        };
        try
        {
            DevnetAgents agents = DevnetAgents.StartAsync(agentOptions, OnnxConformanceCommand.BackendCatalog(), loggers, cancellation: cancellation)
                .GetAwaiter().GetResult();
            string demo = devTeeDemo
                ? $"INSECURE-DEV dev-TEE agent {DevnetGenesis.DevTeeAgentId} ({DevnetGenesis.DevTeeAgentSignerIndex})"
                : $"demo agent {DevnetGenesis.DemoAgentId} ({DevnetGenesis.DemoAgentSignerIndex})";
            Console.WriteLine($"Agents:            {demo} assesses ExampleRiskDesk cases; feed runners "
                + $"({string.Join("), (", DevnetGenesis.FeedRunnerIndexes)}) serve the AIFeed; challenge resolver ({DevnetGenesis.ResolverIndex}) (--no-agents to opt out)");
            return agents;
        }
        catch (Exception e) when (e is EthRpcException or AgentSpecException or InferenceException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            Console.Error.WriteLine($"devnet: agents not started: {e.Message}");
            return null;
        }
    }

    private static void PrintBanner(DevnetNode node, NodeOptions options, DevnetGenesis? genesis, bool devTeeDemo)
    {
        Console.WriteLine($"AgentChain devnet ({Node.Rpc.EthRpcModule.ClientVersion})");
        Console.WriteLine();
        Console.WriteLine("Available Accounts");
        Console.WriteLine("==================");
        for (int i = 0; i < node.Chain.Accounts.Count; i++)
        {
            AgentChain.Core.Types.Address address = node.Chain.Accounts[i].Address;
            string role = genesis is null ? "" : Role(i);
            Console.WriteLine($"({i}) {address.ToChecksumString()} ({FormatEther(node.Chain.GetAccount(address)?.Balance ?? UInt256.Zero)} ETH){role}");
        }
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
        if (genesis is not null)
        {
            Console.WriteLine("Predeployed Contracts (GET /api/contracts for addresses + ABIs; `agentchain contracts`)");
            Console.WriteLine("==================");
            int width = genesis.Contracts.Max(c => c.Name.Length);
            foreach ((string name, AgentChain.Core.Types.Address address, _) in genesis.Contracts)
                Console.WriteLine($"{name.PadRight(width)}  {address.ToChecksumString()}");
            Console.WriteLine();
            Console.WriteLine($"Demo agent:        id {DevnetGenesis.DemoAgentId} \"{DevnetGenesis.DemoAgentName}\", signer ({DevnetGenesis.DemoAgentSignerIndex}), "
                + $"model sha256 {genesis.DemoModelHash}, commitment mode{(devTeeDemo ? " (not running: --demo-proof dev-tee)" : "")}");
            Console.WriteLine($"Dev-TEE agent:     id {DevnetGenesis.DevTeeAgentId} \"{DevnetGenesis.DevTeeAgentName}\", signer ({DevnetGenesis.DevTeeAgentSignerIndex}), "
                + $"same model, INSECURE-DEV dev-TEE reports{(devTeeDemo ? "" : " (runs with --demo-proof dev-tee)")}");
            Console.WriteLine($"Feed runners:      ({string.Join("), (", DevnetGenesis.FeedRunnerIndexes)}) as agents {string.Join(", ", DevnetGenesis.FeedRunnerIndexes)} of the AIFeed (diabetes_progression)");
            Console.WriteLine();
        }
        else
        {
            Console.WriteLine("Predeployed Contracts: none (--no-predeploys)");
            Console.WriteLine();
        }
        Console.WriteLine($"Chain ID:          {options.Chain.ChainId}");
        Console.WriteLine($"Block time:        {(options.AutoMine ? $"{options.Chain.BlockTime.TotalMilliseconds} ms" : "off (evm_mine)")}");
        Console.WriteLine($"Block gas limit:   {options.Chain.GasLimit}");
        Console.WriteLine($"Base fee:          {node.Chain.PendingBaseFee} wei");
        Console.WriteLine($"Data directory:    {options.DataDirectory} ({(node.Chain.Resumed ? $"resumed at block {node.Chain.Head.Number}" : "new chain")})");
        Console.WriteLine();
        Console.WriteLine($"Listening on {options.Host}:{node.Url!.Port} (HTTP and WebSocket)");
    }

    private static string Role(int index) => index switch
    {
        DevnetGenesis.DeployerIndex => "  deployer/admin",
        DevnetGenesis.DemoAgentSignerIndex => "  demo agent and dev-TEE agent owner + signer",
        DevnetGenesis.ResolverIndex => "  challenge resolver",
        DevnetGenesis.GuardianIndex => "  guardian",
        _ when DevnetGenesis.FeedRunnerIndexes.Contains(index) => "  feed runner",
        _ => "",
    };

    /// <summary>Wei as ether with up to 4 decimals (the banner's balances after genesis staking are not whole).</summary>
    private static string FormatEther(UInt256 wei)
    {
        var value = wei.ToBigInteger();
        var ether = System.Numerics.BigInteger.DivRem(value, System.Numerics.BigInteger.Pow(10, 18), out var remainder);
        string fraction = (remainder / System.Numerics.BigInteger.Pow(10, 14)).ToString().PadLeft(4, '0').TrimEnd('0');
        return fraction.Length == 0 ? ether.ToString() : $"{ether}.{fraction}";
    }
}
