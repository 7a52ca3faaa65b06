using System.CommandLine;
using System.Runtime.InteropServices;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.NodeRunner;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Inference;
using AgentChain.Inference.Reproducible;
using Microsoft.Extensions.Logging;

namespace AgentChain.Cli.Commands;

/// <summary>
/// <c>agentchain node-runner</c>: serves an AIFeed as a registered, staked runner (the diabetes_progression model by
/// default), and with <c>--resolve</c> also settles challenges of the given agents by reproducible re-execution.
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
        var command = new Command("node-runner", "Serve AIFeed rounds with a model and commitments; optionally resolve challenges by reproducible re-execution.")
        {
            rpc, key, devAccount, feed, model, sha, samples, noFeed, resolve, specs,
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
            if (!serveFeed && !resolver)
            {
                Console.Error.WriteLine("node-runner: --no-feed without --resolve leaves nothing to do");
                return 2;
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
            return RunAsync(url, signer, parse.GetValue(feed)!, serveFeed ? (modelPath!, shaText!, samplesPath!) : null, resolver ? specPaths : [])
                .GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> RunAsync(Uri url, byte[] key, string feedName, (string Model, string Sha, string Samples)? feed, string[] specPaths)
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
        try
        {
            ContractDirectory contracts = await rpc.GetContractsAsync(stop.Token);
            if (feed is { } f)
            {
                AgentModel model = AgentModel.Load(f.Model, f.Sha, new ReproducibleBackend());
                owned.Add(model);
                FeedRunner runner = await FeedRunner.CreateAsync(rpc, contracts, feedName, key, model, SampleFile.Read(f.Samples), "features", logger, metrics,
                    cancellation: stop.Token);
                tasks.Add(runner.RunAsync(stop.Token));
            }
            if (specPaths.Length > 0)
            {
                AgentSpec[] specs = specPaths.Select(AgentSpec.Load).ToArray();
                var resolver = new ChallengeResolver(rpc, contracts, key, await rpc.ChainIdAsync(stop.Token), specs, loggers.CreateLogger("resolver"), metrics);
                owned.Add(resolver);
                tasks.Add(resolver.RunAsync(stop.Token));
            }
        }
        catch (Exception e) when (e is EthRpcException or AgentSpecException or InferenceException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            Console.Error.WriteLine($"node-runner: {e.Message}");
            foreach (IDisposable d in owned) d.Dispose();
            return 1;
        }
        await Task.WhenAll(tasks);
        foreach (IDisposable d in owned) d.Dispose();
        logger.LogInformation("node runner stopped");
        return 0;
    }
}
