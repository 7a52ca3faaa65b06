using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;

namespace AgentChain.Node.Tests;

/// <summary>
/// SIGKILL the real devnet process at random moments under load, 20 times. After every restart the head block
/// and all its receipts are there, the state root checks out (the node refuses to start otherwise), every receipt
/// a client saw before the kill is still there, and the chain continues. Seeded; a failing seed reproduces.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly string _dir = TestChain.TempDirectory();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task KilledTwentyTimesUnderLoadTheChainSurvivesAndContinues()
    {
        var random = new Random(5);
        var seenReceipts = new List<string>();
        ulong lastHead = 0;
        bool fresh = true;
        for (int round = 0; round < 20; round++)
        {
            int port = FreePort();
            using Process node = StartNode(port, fresh);
            fresh = false;
            string url = $"http://127.0.0.1:{port}";
            await WaitUntilUp(node, url);

            // Everything acknowledged before the previous kill is still there.
            var head = (await Result(url, "eth_getBlockByNumber", "latest", false))!;
            ulong headNumber = Convert.ToUInt64((string)head["number"]!, 16);
            Assert.True(headNumber >= lastHead, $"round {round}: head went back from {lastHead} to {headNumber}");
            var receipts = (await Result(url, "eth_getBlockReceipts", (string)head["number"]!))!.AsArray();
            Assert.Equal(head["transactions"]!.AsArray().Count, receipts.Count);
            foreach (string hash in seenReceipts)
                Assert.NotNull(await Result(url, "eth_getTransactionReceipt", hash));

            // Load: transfers from three accounts until a random moment, then SIGKILL mid-flight.
            using var stopLoad = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(150, 900)));
            var sent = new List<string>();
            try
            {
                while (!stopLoad.IsCancellationRequested)
                {
                    var account = TestChain.Accounts[random.Next(3)];
                    ulong nonce = Convert.ToUInt64((string)(await Result(url, "eth_getTransactionCount", account.Address.ToLowerHex(), "pending"))!, 16);
                    var tx = TestChain.Transfer(account, nonce, Address.Parse("0x00000000000000000000000000000000000ca5e5"), (ulong)random.Next(1, 1000));
                    sent.Add((string)(await Result(url, "eth_sendRawTransaction", Hex.Encode(tx.Encode())))!);
                    if (sent.Count % 5 == 0)
                        foreach (string h in sent.TakeLast(5))
                            if (await Result(url, "eth_getTransactionReceipt", h) is not null) seenReceipts.Add(h);
                }
            }
            catch (HttpRequestException) { }
            lastHead = Convert.ToUInt64((string)(await Result(url, "eth_blockNumber"))!, 16);
            node.Kill(); // SIGKILL: no shutdown code runs
            await node.WaitForExitAsync();
        }
        Assert.True(seenReceipts.Count > 0, "the load produced mined transactions");

        int finalPort = FreePort();
        using Process final = StartNode(finalPort, false);
        string finalUrl = $"http://127.0.0.1:{finalPort}";
        await WaitUntilUp(final, finalUrl);
        ulong start = Convert.ToUInt64((string)(await Result(finalUrl, "eth_blockNumber"))!, 16);
        for (int i = 0; i < 100 && Convert.ToUInt64((string)(await Result(finalUrl, "eth_blockNumber"))!, 16) <= start; i++) await Task.Delay(50);
        Assert.True(Convert.ToUInt64((string)(await Result(finalUrl, "eth_blockNumber"))!, 16) > start, "the chain continues after the last restart");
        final.Kill();
        await final.WaitForExitAsync();
    }

    private Process StartNode(int port, bool fresh)
    {
        string dll = CliPath();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // --no-agents: the devnet's feed runners sign with dev account 2, which this load also sends from.
        foreach (string arg in new[] { dll, "devnet", "--port", port.ToString(), "--data-dir", _dir, "--block-time", "50", "--no-agents" }) info.ArgumentList.Add(arg);
        if (fresh) info.ArgumentList.Add("--fresh");
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private readonly StringBuilder _stderr = new();

    private static string CliPath()
    {
        // tests/AgentChain.Node.Tests/bin/<Configuration>/net10.0 -> cli/AgentChain.Cli/bin/<Configuration>/net10.0
        string here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        string repo = Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", ".."));
        string dll = Path.Combine(repo, "cli", "AgentChain.Cli", "bin", configuration, "net10.0", "agentchain.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build cli/AgentChain.Cli ({configuration}) first: {dll} is missing");
    }

    private async Task WaitUntilUp(Process node, string url)
    {
        for (int i = 0; i < 300; i++)
        {
            if (node.HasExited) throw new Xunit.Sdk.XunitException($"node exited with {node.ExitCode} on start-up: {_stderr}");
            try
            {
                await Result(url, "eth_chainId");
                return;
            }
            catch (HttpRequestException) { await Task.Delay(50); }
        }
        throw new Xunit.Sdk.XunitException($"node did not come up: {_stderr}");
    }

    private async Task<JsonNode?> Result(string url, string method, params JsonNode?[] parameters)
    {
        string body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = new JsonArray(parameters) }.ToJsonString();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _http.PostAsync(url, content);
        JsonObject parsed = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        if (parsed["error"] is JsonNode error) throw new Xunit.Sdk.XunitException($"{method}: {error.ToJsonString()}");
        return parsed["result"];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _http.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
