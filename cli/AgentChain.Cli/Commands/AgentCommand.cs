using System.CommandLine;
using System.Runtime.InteropServices;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Inference;
using Microsoft.Extensions.Logging;

namespace AgentChain.Cli.Commands;

/// <summary><c>agentchain agent run SPEC</c>: runs one agent host against a node until Ctrl-C.</summary>
public static class AgentCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("SPEC") { Description = $"agent spec (JSON); the devnet's demo agent is {AgentCliSupport.DemoSpecRelativePath}" };
        var rpc = new Option<string>("--rpc") { Description = "node JSON-RPC URL (HTTP; WebSocket on the same port)", DefaultValueFactory = _ => "http://127.0.0.1:8545" };
        var key = new Option<string?>("--key") { Description = "the agent signer's private key (hex)" };
        var devAccount = new Option<int?>("--dev-account") { Description = "use dev account N of the test mnemonic as the signer (the demo agent's is 1)" };
        var lie = new Option<bool>("--fault-inject-dishonest") { Description = "FAULT INJECTION: reverse the model's first output before committing (a dishonest agent, to demo challenges and slashing)" };
        var run = new Command("run", "Run an agent: on each trigger, infer, commit, sign and submit through its ControllableAgent.") { spec, rpc, key, devAccount, lie };
        run.SetAction(parse =>
        {
            byte[]? signer = AgentCliSupport.ResolveKey(parse.GetValue(key), parse.GetValue(devAccount), "agent run");
            if (signer is null) return 2;
            if (!Uri.TryCreate(parse.GetValue(rpc), UriKind.Absolute, out Uri? url) || url.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine($"agent run: --rpc '{parse.GetValue(rpc)}' is not an http(s) URL");
                return 2;
            }
            AgentSpec agentSpec;
            try
            {
                agentSpec = AgentSpec.Load(parse.GetValue(spec)!);
            }
            catch (AgentSpecException e)
            {
                Console.Error.WriteLine($"agent run: {e.Message}");
                return 2;
            }
            return RunAsync(agentSpec, url, signer, parse.GetValue(lie)).GetAwaiter().GetResult();
        });
        return new Command("agent", "Agents: run an agent host against a node.") { run };
    }

    private static async Task<int> RunAsync(AgentSpec spec, Uri url, byte[] signer, bool lie)
    {
        using ILoggerFactory loggers = AgentCliSupport.CreateLoggerFactory();
        ILogger logger = loggers.CreateLogger("agent");
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var rpc = new EthRpcClient(url);
        using var metrics = new AgentMetrics();
        string? output = spec.Action.Arguments.FirstOrDefault(a => a.Source == ArgumentSource.Output)?.Name ?? spec.Action.Value?.Output;
        if (lie && output is null)
        {
            Console.Error.WriteLine("agent run: --fault-inject-dishonest needs a spec whose call uses a model output");
            return 2;
        }
        IInferenceFaultInjector? injector = lie ? new ReversedOutputFaultInjector(output!) : null;
        AgentActionExecutor executor;
        try
        {
            executor = await AgentActionExecutor.CreateAsync(spec, rpc, signer, OnnxConformanceCommand.BackendCatalog(), logger, metrics, injector,
                cancellation: stop.Token);
        }
        catch (Exception e) when (e is EthRpcException or AgentSpecException or InferenceException or KeyNotFoundException or FormatException)
        {
            Console.Error.WriteLine($"agent run: {e.Message}");
            return 1;
        }
        using (executor)
        {
            await new AgentHost(executor, rpc, logger).RunAsync(stop.Token);
        }
        logger.LogInformation("agent {Agent} stopped", spec.Name);
        return 0;
    }
}
