using System.Numerics;
using System.Text;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Agents.Transactions;
using AgentChain.Attestation.Commitments;
using AgentChain.Attestation.DevTee;
using AgentChain.Attestation.Evidence;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Genesis;
using AgentChain.Inference;
using AgentChain.Node.DevAccounts;
using Xunit.Abstractions;

namespace AgentChain.Agents.Tests;

/// <summary>
/// The dev-TEE proof path end to end on the real <c>agentchain devnet</c> process: the genesis's dev-TEE agent (id 5),
/// run by <c>agentchain agent run</c> from its shipped spec, records an assessment whose proof is an INSECURE-DEV
/// dev-TEE report, verified on chain through P256VERIFY; the same evidence verifies off chain with the C# verifier;
/// evidence altered in its measurement, r or s is refused on chain and changes nothing; every log line of the agent
/// says INSECURE-DEV.
/// </summary>
public class DevTeeDevnetTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(90);
    private readonly IReadOnlyList<DevAccount> _dev = HdWallet.DeriveAccounts(HdWallet.TestMnemonic, 10);

    [Fact]
    public async Task The_dev_tee_agents_action_is_accepted_on_the_devnet_with_its_evidence_and_tampered_evidence_is_rejected()
    {
        int port = InProcessNode.FreePort();
        string url = $"http://127.0.0.1:{port}/";
        await using CliProcess devnet = CliProcess.StartDevnet(output.WriteLine, port, "--no-agents");
        await devnet.WaitForAsync("Listening on", StartTimeout);
        CliProcess agent = CliProcess.Start(l => output.WriteLine("[dev-tee agent] " + l), "agent", "run", TestPaths.DevTeeSpec, "--rpc", url,
            "--dev-account", DevnetGenesis.DevTeeAgentSignerIndex.ToString());
        using var rpc = new EthRpcClient(new Uri(url));
        var logger = new RecordingLogger(output.WriteLine);
        AgentSpec spec = AgentSpec.Load(TestPaths.DevTeeSpec);
        Assert.Equal(ProofKind.DevTee, spec.Proof);
        Assert.Equal(DevnetGenesis.DevTeeAgentId, spec.AgentId);
        Assert.Equal(DevnetGenesis.DevTeeAgentMeasurement, spec.DevTeeMeasurement);
        Assert.Equal(DevnetGenesis.DevTeePlatformSeed, spec.DevTeePlatformKeySeed);
        ContractDirectory contracts = await rpc.GetContractsAsync();
        DeployedContract desk = contracts["ExampleRiskDesk"];
        DeployedContract account = contracts[DevnetGenesis.DevTeeAgentEntry];
        DeployedContract verifier = contracts["InferenceVerifier"];
        var errors = new RevertDecoder([account.Abi, verifier.Abi, desk.Abi]);
        BigInteger[][] rows = SampleFile.Read(TestPaths.Expected("breast_cancer_risk")).Select(RiskDeskAbi.FixedPointFeatures).ToArray();

        Hash256 firstActionCommitment;
        await using (agent)
        {
            await agent.WaitForAsync("subscribed to logs", StartTimeout);
            byte[] caseId = Keccak256.Hash("e2e dev-TEE case 1"u8).ToArray();
            await DevnetEndToEndTests.SubmitCaseAsync(rpc, desk, caseId, rows[2], logger);
            AbiDecodedLog recorded = await DevnetEndToEndTests.WaitForLogAsync(rpc, desk, "AssessmentRecorded", [null, new Hash256(caseId)]);
            Assert.Equal(account.Address, (Address)recorded["agent"]!);
            await agent.WaitForAsync("accepted in block", ActionTimeout);

            // The accepted action: ControllableAgent says proof mode TeeReport, and its transaction carries the report.
            RpcLog executed = Assert.Single(await rpc.GetLogsAsync(new LogFilterSpec(account.Address, [account.Abi.GetEvent("ActionExecuted").Topic0]), 0));
            AbiDecodedLog action = account.Abi.GetEvent("ActionExecuted").DecodeLog(executed.Topics, executed.Data);
            Assert.Equal(new UInt256((ulong)ProofMode.TeeReport), (UInt256)action["mode"]!);
            firstActionCommitment = new Hash256((byte[])action["commitment"]!);
            byte[] input = await rpc.GetTransactionInputAsync(executed.TransactionHash) ?? throw new Xunit.Sdk.XunitException("the action's transaction is unknown");
            object?[] proof = (object?[])AbiCodec.Decode(["(uint8,bytes32,bytes32,bytes32,bytes32,bytes)"], (byte[])account.Abi.GetFunction("execute").DecodeInput(input)[3]!)[0]!;
            Assert.Equal(new UInt256((ulong)ProofMode.TeeReport), (UInt256)proof[0]!);
            object?[] evidence = AbiCodec.Decode(["bytes32", "bytes32", "bytes32"], (byte[])proof[5]!);
            var measurement = new Hash256((byte[])evidence[0]!);
            Assert.Equal(DevnetGenesis.DevTeeAgentMeasurement, measurement);
            Assert.StartsWith("INSECURE-DEV", Encoding.ASCII.GetString(measurement.Bytes)); // the on-chain evidence reads as what it is

            // Off chain, the attestation library's verifier accepts the same report for the same commitment.
            var report = new InsecureDevTeeReport(new UInt256(31337UL), measurement, firstActionCommitment, new Hash256((byte[])evidence[1]!), new Hash256((byte[])evidence[2]!));
            var platform = DevnetGenesis.DevTeePlatformKey;
            AttestationVerdict verdict = new InsecureDevTeeVerifier(platform.X, platform.Y).Verify(new AttestationEvidence(EvidenceKind.InsecureDevTee, report.ToBytes()), firstActionCommitment);
            Assert.True(verdict.IsValid, verdict.ToString());
            Assert.True(verdict.Insecure);
        }

        // Every line the agent host logged about itself says INSECURE-DEV.
        string[] agentLines = agent.Lines.Where(l => l.Contains(spec.Name, StringComparison.Ordinal) || l.Contains("subscribed to", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(agentLines);
        Assert.All(agentLines.Where(l => !l.Contains($"agent {spec.Name} stopped", StringComparison.Ordinal)), l => Assert.Contains("INSECURE-DEV", l));

        // With the host stopped, the next action is built here exactly as the host builds it, then sent with altered evidence.
        byte[] secondCase = Keccak256.Hash("e2e dev-TEE case 2"u8).ToArray();
        RpcLog submitted = await DevnetEndToEndTests.SubmitCaseAsync(rpc, desk, secondCase, rows[3], logger);
        using AgentModel model = AgentModel.Load(spec.Model, InferenceBackendCatalog.CreateDefault());
        var planner = new ActionPlanner(spec, desk.Address, desk.Abi);
        var trigger = new AgentTrigger(desk.Abi.GetEvent("CaseSubmitted").DecodeLog(submitted.Topics, submitted.Data).ToDictionary(), submitted, submitted.BlockNumber, 0);
        PlannedAction planned = planner.Plan(trigger, model.Evaluate("features", planner.BuildInput(trigger)));
        ModelEvaluation e = planned.Evaluation;
        UInt256 nonce = await NonceAsync(rpc, account);
        Assert.Equal(new UInt256(2UL), nonce); // account nonces start at 1; the host's action took 1
        var commitment = new InferenceCommitment(31337, account.Address, spec.AgentId, nonce, e.ModelHash, e.RuntimeId, e.InputHash, e.OutputHash);
        AgentProof honest = CommitmentProver.Prove(spec, _dev[DevnetGenesis.DevTeeAgentSignerIndex].PrivateKey, commitment);
        var signer = new TransactionSubmitter(rpc, _dev[DevnetGenesis.DevTeeAgentSignerIndex].PrivateKey, 31337, logger);
        byte[] Execute(AgentProof p) => account.Abi.GetFunction("execute").EncodeCall(planned.Target, planned.Value, planned.Data, p.Encode());

        foreach ((string part, int at) in new[] { ("measurement", 5), ("r", 32 + 17), ("s", 64 + 31) })
        {
            byte[] altered = (byte[])honest.Evidence.Clone();
            altered[at] ^= 0x01;
            var refused = await Assert.ThrowsAsync<ContractRevertedException>(() =>
                signer.SendAsync(account.Address, UInt256.Zero, Execute(honest with { Evidence = altered }), errors, $"execute with altered {part}"));
            Assert.True(refused.ErrorName == "InvalidProof", $"altered {part}: {refused.ErrorName} ({refused.Reason.Message})");
        }
        // Estimation already runs the contract; also mine one altered action (fixed gas, no estimate): it reverts in its block.
        byte[] badEvidence = (byte[])honest.Evidence.Clone();
        badEvidence[64 + 31] ^= 0x01;
        ulong signerNonce = await rpc.GetTransactionCountAsync(signer.From);
        Hash256 mined = await rpc.SendRawTransactionAsync(new Transaction
        {
            Type = TransactionType.DynamicFee, ChainId = 31337, Nonce = signerNonce, MaxPriorityFeePerGas = 1_000_000_000,
            MaxFeePerGas = await rpc.BaseFeeAsync() * 2 + 1_000_000_000, GasLimit = 400_000, To = account.Address, Value = UInt256.Zero,
            Data = Execute(honest with { Evidence = badEvidence }),
        }.Sign(_dev[DevnetGenesis.DevTeeAgentSignerIndex].PrivateKey).Encode());
        RpcReceipt failed = await ReceiptAsync(rpc, mined);
        Assert.False(failed.Succeeded, $"the action with altered evidence was mined as successful in block {failed.BlockNumber}");
        Assert.True(failed.GasUsed < 400_000, $"the altered action ran out of gas ({failed.GasUsed}) instead of failing its proof check");
        Assert.Equal(nonce, await NonceAsync(rpc, account)); // the refusals changed nothing
        AbiFunction assessmentOf = desk.Abi.GetFunction("assessmentOf");
        object?[] before = (object?[])assessmentOf.DecodeOutput(await rpc.CallAsync(desk.Address, assessmentOf.EncodeCall(secondCase)))[0]!;
        Assert.Equal(Address.Zero, (Address)before[0]!);

        // The untouched evidence for the same action is accepted.
        await signer.SendAsync(account.Address, UInt256.Zero, Execute(honest), errors, "execute with the honest evidence");
        AbiDecodedLog second = await DevnetEndToEndTests.WaitForLogAsync(rpc, desk, "AssessmentRecorded", [null, new Hash256(secondCase)]);
        Assert.Equal(account.Address, (Address)second["agent"]!);
        Assert.Equal(planned.Arguments[1], second["malignantBps"]);
        Assert.NotEqual(firstActionCommitment, commitment.Hash());
    }

    [Fact]
    public async Task Devnet_with_demo_proof_dev_tee_runs_the_dev_tee_agent_in_place_of_the_commitment_agent()
    {
        int port = InProcessNode.FreePort();
        await using CliProcess devnet = CliProcess.StartDevnet(output.WriteLine, port, "--demo-proof", "dev-tee");
        await devnet.WaitForAsync($"INSECURE-DEV dev-TEE agent {DevnetGenesis.DevTeeAgentId}", StartTimeout);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!devnet.Lines.Any(l => l.Contains("INSECURE-DEV", StringComparison.Ordinal) && l.Contains("subscribed to logs", StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < StartTimeout, "the dev-TEE agent host never subscribed");
            await Task.Delay(100);
        }
        using var rpc = new EthRpcClient(new Uri($"http://127.0.0.1:{port}/"));
        ContractDirectory contracts = await rpc.GetContractsAsync();
        DeployedContract desk = contracts["ExampleRiskDesk"];
        DeployedContract devTeeAccount = contracts[DevnetGenesis.DevTeeAgentEntry];
        BigInteger[] features = RiskDeskAbi.FixedPointFeatures(SampleFile.Read(TestPaths.Expected("breast_cancer_risk"))[1]);

        byte[] caseId = Keccak256.Hash("devnet --demo-proof dev-tee case"u8).ToArray();
        await DevnetEndToEndTests.SubmitCaseAsync(rpc, desk, caseId, features, new RecordingLogger(output.WriteLine));
        AbiDecodedLog recorded = await DevnetEndToEndTests.WaitForLogAsync(rpc, desk, "AssessmentRecorded", [null, new Hash256(caseId)]);
        Assert.Equal(devTeeAccount.Address, (Address)recorded["agent"]!); // the dev-TEE agent acted, not the commitment agent

        RpcLog executed = Assert.Single(await rpc.GetLogsAsync(new LogFilterSpec(devTeeAccount.Address, [devTeeAccount.Abi.GetEvent("ActionExecuted").Topic0]), 0));
        AbiDecodedLog action = devTeeAccount.Abi.GetEvent("ActionExecuted").DecodeLog(executed.Topics, executed.Data);
        Assert.Equal(new UInt256((ulong)ProofMode.TeeReport), (UInt256)action["mode"]!);
        Assert.Empty(await rpc.GetLogsAsync(new LogFilterSpec(contracts["DemoAgent"].Address, [devTeeAccount.Abi.GetEvent("ActionExecuted").Topic0]), 0));
        Assert.Contains("INSECURE-DEV", await devnet.WaitForAsync("accepted in block", ActionTimeout));
    }

    [Fact]
    public async Task Devnet_refuses_an_unknown_demo_proof()
    {
        await using CliProcess devnet = CliProcess.Start(output.WriteLine, "devnet", "--demo-proof", "sgx", "--data-dir", TestPaths.TempDirectory());
        await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => devnet.WaitForAsync("Listening on", StartTimeout)); // exits before listening
        Assert.Contains(devnet.Lines, l => l.Contains("'sgx' not recognized", StringComparison.Ordinal));
        Assert.Contains(devnet.Lines, l => l.Contains("'dev-tee'", StringComparison.Ordinal));
    }

    private static async Task<RpcReceipt> ReceiptAsync(EthRpcClient rpc, Hash256 hash)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < ActionTimeout)
        {
            if (await rpc.GetTransactionReceiptAsync(hash) is { } receipt) return receipt;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"transaction {hash} was not mined within {ActionTimeout.TotalSeconds:0} s");
    }

    private static async Task<UInt256> NonceAsync(EthRpcClient rpc, DeployedContract account)
    {
        AbiFunction nonce = account.Abi.GetFunction("nonce");
        return (UInt256)nonce.DecodeOutput(await rpc.CallAsync(account.Address, nonce.EncodeCall()))[0]!;
    }
}
