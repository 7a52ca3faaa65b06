using System.Text;
using System.Text.Json;
using AgentChain.Agents.Rpc;
using AgentChain.Attestation.Evidence;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using Xunit.Abstractions;

namespace AgentChain.Agents.Tests;

/// <summary>
/// The real <c>agentchain node-runner</c> process against an in-process node with the devnet's predeployed contracts
/// (a block per transaction; the test mines empty blocks so the feed runner sees new heads): it registers and stakes a new key, reports to the feed, serves signed inferences, and a
/// restart finds its id instead of registering again.
/// </summary>
public class NodeRunnerCommandTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_new_runner_registers_stakes_reports_and_serves_and_a_restart_reuses_its_registration()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        string url = $"http://127.0.0.1:{node.Port}";
        int servePort = InProcessNode.FreePort();
        ContractDirectory contracts = await node.Rpc.GetContractsAsync();
        string[] args = ["node-runner", "--rpc", url, "--dev-account", "7", "--stake", "1.5", "--serve", servePort.ToString(),
            "--serve-model", Path.Combine(TestPaths.RepositoryRoot(), "models", "diabetes_progression")];

        UInt256 runnerId;
        await using (CliProcess runner = CliProcess.Start(l => output.WriteLine("[runner] " + l), args))
        {
            string registered = await runner.WaitForAsync("registered as agent", StartTimeout);
            runnerId = UInt256.Parse(registered[(registered.IndexOf("registered as agent ", StringComparison.Ordinal) + 20)..].Split(' ')[0]);
            await runner.WaitForAsync("staked 1.5 ETH, active stake now 1.5 ETH (minimum 1 ETH)", StartTimeout);
            await runner.WaitForAsync("needs a DAO proposal", StartTimeout);
            await runner.WaitForAsync("inference endpoint on http://127.0.0.1:", StartTimeout);
            await runner.WaitForAsync("subscribed", StartTimeout);
            await MineUntilAsync(node, runner, $"node runner {runnerId} submit round 1");

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{servePort}/") };
            float[] row = Hosting.SampleFile.Read(TestPaths.Expected("diabetes_progression"))[0];
            string body = JsonSerializer.Serialize(new { model = "diabetes_progression", inputs = new { features = row } });
            using HttpResponseMessage response = await http.PostAsync("v1/infer", new StringContent(body, Encoding.UTF8, "application/json"));
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            using JsonDocument answer = JsonDocument.Parse(text);
            Assert.Equal(runnerId.ToString(), answer.RootElement.GetProperty("agentId").GetString());

            // The signature recovers to the signer the registry holds for this runner: what InferenceVerifier checks.
            DeployedContract registry = contracts["AgentRegistry"];
            AbiFunction signerOf = registry.Abi.GetFunction("signerOf");
            var onChainSigner = (Address)signerOf.DecodeOutput(await node.Rpc.CallAsync(registry.Address, signerOf.EncodeCall(runnerId)))[0]!;
            var evidence = new AttestationEvidence(EvidenceKind.SignedCommitment, Hex.Decode(answer.RootElement.GetProperty("signature").GetString()!));
            AttestationVerdict verdict = new SignedCommitmentVerifier(onChainSigner).Verify(evidence, Hash256.Parse(answer.RootElement.GetProperty("commitment").GetString()!));
            Assert.True(verdict.IsValid, verdict.Reason);
        }

        ulong total = await TotalAgentsAsync(node, contracts);
        await using (CliProcess restarted = CliProcess.Start(l => output.WriteLine("[restart] " + l), args))
        {
            await restarted.WaitForAsync($"already registered as agent {runnerId}", StartTimeout);
            await restarted.WaitForAsync("active stake 1.5 ETH already covers the target 1.5 ETH", StartTimeout);
            await restarted.WaitForAsync("inference endpoint on", StartTimeout);
            Assert.False(restarted.Printed("registered as agent " + runnerId + " in block"));
        }
        Assert.Equal(total, await TotalAgentsAsync(node, contracts));
    }

    [Fact]
    public async Task A_key_without_the_ether_to_stake_and_a_malformed_stake_are_refused_with_the_reason()
    {
        await using InProcessNode node = await InProcessNode.StartAsync(autoMine: true, predeploys: true);
        string url = $"http://127.0.0.1:{node.Port}";
        string emptyKey = Hex.Encode(Keccak256.Hash("node-runner key with no ether"u8).Bytes);
        await using (CliProcess broke = CliProcess.Start(output.WriteLine, "node-runner", "--rpc", url, "--key", emptyKey))
            await broke.WaitForAsync("holds 0 ETH but staking 1 ETH", StartTimeout);
        await using (CliProcess badStake = CliProcess.Start(output.WriteLine, "node-runner", "--rpc", url, "--dev-account", "7", "--stake", "lots"))
            await badStake.WaitForAsync("--stake 'lots' is not an ether amount", StartTimeout);
        await using (CliProcess badPort = CliProcess.Start(output.WriteLine, "node-runner", "--rpc", url, "--dev-account", "7", "--serve", "70000"))
            await badPort.WaitForAsync("--serve 70000 is not a TCP port", StartTimeout);
        Assert.Equal(0UL, await node.Rpc.GetTransactionCountAsync(Secp256k1.AddressFromPrivateKey(Hex.Decode(emptyKey))));
    }

    /// <summary>Mines a block every 200 ms until the process prints <paramref name="text"/> (or the start timeout passes).</summary>
    private static async Task MineUntilAsync(InProcessNode node, CliProcess process, string text)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!process.Printed(text) && clock.Elapsed < StartTimeout)
        {
            await node.MineAsync();
            await Task.Delay(200);
        }
        await process.WaitForAsync(text, TimeSpan.FromSeconds(1));
    }

    private static async Task<ulong> TotalAgentsAsync(InProcessNode node, ContractDirectory contracts)
    {
        DeployedContract registry = contracts["AgentRegistry"];
        AbiFunction f = registry.Abi.GetFunction("totalAgents");
        return (ulong)(UInt256)f.DecodeOutput(await node.Rpc.CallAsync(registry.Address, f.EncodeCall()))[0]!;
    }
}
