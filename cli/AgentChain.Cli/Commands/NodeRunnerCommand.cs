using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.NodeRunner;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Agents.Transactions;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Inference;
using AgentChain.Inference.Reproducible;
using Microsoft.Extensions.Logging;

namespace AgentChain.Cli.Commands;

/// <summary>
/// <c>agentchain node-runner</c>: registers and stakes the key as a node runner when it is not one yet (idempotent:
/// a restart finds its id and only tops the stake up), serves an AIFeed (the diabetes_progression model by default),
/// with <c>--serve PORT</c> answers inference requests with signed commitments, and with <c>--resolve</c> also settles
/// challenges of the given agents by reproducible re-execution.
/// </summary>
public static class NodeRunnerCommand
{
    public static Command Create()
    {
        var rpc = new Option<string>("--rpc") { Description = "node JSON-RPC URL (HTTP; WebSocket on the same port)", DefaultValueFactory = _ => "http://127.0.0.1:8545" };
        var key = new Option<string?>("--key") { Description = "the runner's signer key (hex)" };
        var devAccount = new Option<int?>("--dev-account") { Description = "use dev account N of the test mnemonic (genesis runners: 2, 3, 4; resolver: 8)" };
        var feed = new Option<string>("--feed") { Description = "the feed's name in the node's contract manifest", DefaultValueFactory = _ => "AIFeed" };
        var model = new Option<string?>("--model") { Description = $"feed model (default: {AgentCliSupport.FeedModelRelativePath})" };
        var sha = new Option<string?>("--sha256") { Description = "the feed model's expected SHA-256 (default: from its manifest.json)" };
        var samples = new Option<string?>("--samples") { Description = $"input rows, a model's expected.json (default: {AgentCliSupport.FeedSamplesRelativePath})" };
        var noFeed = new Option<bool>("--no-feed") { Description = "do not report to a feed (resolver only)" };
        var resolve = new Option<bool>("--resolve") { Description = "also act as the challenge resolver (the key must be the verifier's resolver)" };
        var specs = new Option<string[]>("--agent-spec") { Description = "agents whose challenges to resolve (default: the demo agent)", AllowMultipleArgumentsPerToken = true };
        var stake = new Option<string?>("--stake") { Description = "ETH the runner keeps staked (topped up to it when below; default: the chain's minimum stake)" };
        var serve = new Option<int?>("--serve") { Description = "serve inference on this port: GET /v1/models, POST /v1/infer (signed commitments)" };
        var serveAddress = new Option<string>("--serve-address") { Description = "address the inference endpoint binds", DefaultValueFactory = _ => "127.0.0.1" };
        var serveModels = new Option<string[]>("--serve-model") { Description = "a model folder (model.onnx + manifest.json) to serve (default: every folder under the checkout's models/)", AllowMultipleArgumentsPerToken = true };
        var serveBackend = new Option<string>("--serve-backend") { Description = "backend of the served models: reproducible (anyone can re-execute) or ort", DefaultValueFactory = _ => "reproducible" };
        var command = new Command("node-runner", "Register and stake as a node runner, serve AIFeed rounds and inference requests with commitments; optionally resolve challenges by reproducible re-execution.")
        {
            rpc, key, devAccount, feed, model, sha, samples, noFeed, resolve, specs, stake, serve, serveAddress, serveModels, serveBackend,
        };
        command.SetAction(parse =>
        {
            byte[]? signer = AgentCliSupport.ResolveKey(parse.GetValue(key), parse.GetValue(devAccount), "node-runner");
            if (signer is null) return 2;
            if (!Uri.TryCreate(parse.GetValue(rpc), UriKind.Absolute, out Uri? url) || url.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine($"node-runner: --rpc '{parse.GetValue(rpc)}' is not an http(s) URL");
                return 2;
            }
            bool serveFeed = !parse.GetValue(noFeed);
            bool resolver = parse.GetValue(resolve);
            int? servePort = parse.GetValue(serve);
            if (!serveFeed && !resolver && servePort is null)
            {
                Console.Error.WriteLine("node-runner: --no-feed without --resolve or --serve leaves nothing to do");
                return 2;
            }
            UInt256? stakeWei = null;
            if (parse.GetValue(stake) is { } stakeText)
            {
                if (!EtherAmount.TryParse(stakeText, out UInt256 wei, out string why))
                {
                    Console.Error.WriteLine($"node-runner: --stake {why}");
                    return 2;
                }
                stakeWei = wei;
            }
            InferenceEndpointOptions? endpoint = null;
            if (servePort is { } port)
            {
                if (port is < 1 or > 65535)
                {
                    Console.Error.WriteLine($"node-runner: --serve {port} is not a TCP port (1..65535)");
                    return 2;
                }
                if (!IPAddress.TryParse(parse.GetValue(serveAddress), out IPAddress? bind))
                {
                    Console.Error.WriteLine($"node-runner: --serve-address '{parse.GetValue(serveAddress)}' is not an IP address (e.g. 127.0.0.1, 0.0.0.0)");
                    return 2;
                }
                string[] folders = parse.GetValue(serveModels) is { Length: > 0 } chosen ? chosen : ShippedModelFolders();
                if (folders.Length == 0)
                {
                    Console.Error.WriteLine("node-runner: --serve needs --serve-model FOLDER (the shipped models are found only inside an AgentChain checkout)");
                    return 2;
                }
                endpoint = new InferenceEndpointOptions(port, bind, folders, parse.GetValue(serveBackend)!);
            }
            string? modelPath = parse.GetValue(model) ?? AgentCliSupport.FindRepositoryFile(AgentCliSupport.FeedModelRelativePath);
            string? samplesPath = parse.GetValue(samples) ?? AgentCliSupport.FindRepositoryFile(AgentCliSupport.FeedSamplesRelativePath);
            string? shaText = parse.GetValue(sha);
            if (serveFeed && shaText is null && parse.GetValue(model) is null && AgentCliSupport.FindRepositoryFile(AgentCliSupport.FeedManifestRelativePath) is { } manifest)
                shaText = AgentCliSupport.ManifestSha256(manifest);
            if (serveFeed && (modelPath is null || samplesPath is null || shaText is null))
            {
                Console.Error.WriteLine("node-runner: give --model, --sha256 and --samples (the defaults are found only inside an AgentChain checkout)");
                return 2;
            }
            string[] specPaths = parse.GetValue(specs) is { Length: > 0 } given
                ? given
                : AgentCliSupport.FindRepositoryFile(AgentCliSupport.DemoSpecRelativePath) is { } demo ? [demo] : [];
            if (resolver && specPaths.Length == 0)
            {
                Console.Error.WriteLine("node-runner: --resolve needs --agent-spec (the demo spec is found only inside an AgentChain checkout)");
                return 2;
            }
            return RunAsync(url, signer, parse.GetValue(feed)!, serveFeed ? (modelPath!, shaText!, samplesPath!) : null, resolver ? specPaths : [], stakeWei, endpoint)
                .GetAwaiter().GetResult();
        });
        return command;
    }

    /// <summary>What <c>--serve</c> asked for, validated.</summary>
    private sealed record InferenceEndpointOptions(int Port, IPAddress Address, string[] ModelFolders, string Backend);

    /// <summary>Every folder of the checkout's models/ that holds a model.onnx and a manifest.json.</summary>
    private static string[] ShippedModelFolders()
    {
        string? anchor = AgentCliSupport.FindRepositoryFile(AgentCliSupport.FeedManifestRelativePath);
        if (anchor is null) return [];
        string models = Path.GetDirectoryName(Path.GetDirectoryName(anchor)!)!;
        return Directory.GetDirectories(models)
            .Where(d => File.Exists(Path.Combine(d, "model.onnx")) && File.Exists(Path.Combine(d, "manifest.json")))
            .Order(StringComparer.Ordinal).ToArray();
    }

    private static async Task<int> RunAsync(Uri url, byte[] key, string feedName, (string Model, string Sha, string Samples)? feed, string[] specPaths,
        UInt256? stake, InferenceEndpointOptions? endpoint)
    {
        using ILoggerFactory loggers = AgentCliSupport.CreateLoggerFactory();
        ILogger logger = loggers.CreateLogger("node-runner");
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var rpc = new EthRpcClient(url);
        using var metrics = new AgentMetrics();
        var tasks = new List<Task>();
        var owned = new List<IDisposable>();
        InferenceServer? server = null;
        try
        {
            ContractDirectory contracts = await rpc.GetContractsAsync(stop.Token);
            ulong chainId = await rpc.ChainIdAsync(stop.Token);
            AgentModel? feedModel = null;
            if (feed is { } f)
            {
                feedModel = AgentModel.Load(f.Model, f.Sha, new ReproducibleBackend());
                owned.Add(feedModel);
            }
            var served = new List<ServedModel>();
            if (endpoint is not null)
            {
                foreach (string folder in endpoint.ModelFolders)
                {
                    ServedModel m = ServedModel.FromModelFolder(folder, OnnxConformanceCommand.BackendCatalog().Create(endpoint.Backend));
                    owned.Add(m.Model);
                    served.Add(m);
                }
            }

            // Feeding and serving sign as a runner, so the key must be one: registered and staked first, only what is missing.
            UInt256? runnerId = null;
            if (feedModel is not null || endpoint is not null)
            {
                Address signer = Secp256k1.AddressFromPrivateKey(key);
                var submitter = new TransactionSubmitter(rpc, key, chainId, logger, metrics);
                RunnerEnrollment enrollment = await RunnerRegistration.EnsureAsync(rpc, contracts, submitter, $"node-runner-{signer.ToChecksumString()[..10]}",
                    feedModel?.ModelHash, logger, stake, stop.Token);
                runnerId = enrollment.RunnerId;
            }
            if (feedModel is not null)
            {
                FeedRunner runner = await FeedRunner.CreateAsync(rpc, contracts, feedName, key, feedModel, SampleFile.Read(feed!.Value.Samples), "features", logger, metrics,
                    runnerId, cancellation: stop.Token);
                tasks.Add(runner.RunAsync(stop.Token));
            }
            if (endpoint is not null)
            {
                server = new InferenceServer(served, key, chainId, runnerId!.Value, endpoint.Address, endpoint.Port, loggers.CreateLogger("inference"));
                server.Start();
            }
            if (specPaths.Length > 0)
            {
                AgentSpec[] specs = specPaths.Select(AgentSpec.Load).ToArray();
                var resolver = new ChallengeResolver(rpc, contracts, key, chainId, specs, loggers.CreateLogger("resolver"), metrics);
                owned.Add(resolver);
                tasks.Add(resolver.RunAsync(stop.Token));
            }
        }
        catch (Exception e) when (e is EthRpcException or AgentSpecException or InferenceException or KeyNotFoundException or FormatException
            or InvalidOperationException or RunnerEnrollmentException or ContractRevertedException or HttpListenerException or ArgumentException)
        {
            Console.Error.WriteLine($"node-runner: {e.Message}");
            if (server is not null) await server.DisposeAsync();
            foreach (IDisposable d in owned) d.Dispose();
            return 1;
        }
        if (tasks.Count > 0) await Task.WhenAll(tasks);
        else
        {
            // Serving only: the endpoint answers on its own threads until Ctrl+C / SIGTERM.
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
        if (server is not null) await server.DisposeAsync();
        foreach (IDisposable d in owned) d.Dispose();
        logger.LogInformation("node runner stopped");
        return 0;
    }
}
