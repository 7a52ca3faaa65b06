using System.Numerics;
using System.Text.Json;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Genesis;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>
/// The devnet genesis state works as the agreed interface says: loaded into a fresh chain a day later (as a devnet
/// starts from it), the demo agent acts through its ControllableAgent, the DAO's votes count at once, the guardian
/// pauses, the feed's runners report and the consumer reads.
/// </summary>
public sealed class DevnetGenesisTests
{
    /// <summary>Private keys 0..9 of the "test test … junk" mnemonic, as anvil prints them (independent of our HD derivation).</summary>
    internal static readonly string[] AnvilKeys =
    [
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    private static readonly Lazy<DevnetGenesis> Genesis = new(() => Build());

    private static DevnetGenesis Build() =>
        DevnetGenesis.Build(31337, AnvilKeys.Select(k => Core.Encoding.Hex.Decode(k)).ToArray(), SystemParameters.Ether * 10_000);

    private static DevAccount Dev(int i) => new($"dev-{i}", Core.Encoding.Hex.Decode(AnvilKeys[i]));

    /// <summary>A fresh chain holding exactly the genesis accounts, its clock a day after the genesis (a real devnet's block 1 is later still).</summary>
    private static DevChain LoadGenesis()
    {
        var chain = new DevChain(31337, Genesis.Value.Timestamp + 86_400);
        foreach (AccountState account in Genesis.Value.Accounts) chain.Import(account);
        return chain;
    }

    [Fact]
    public void The_genesis_is_deterministic_and_puts_every_contract_at_its_documented_address()
    {
        DevnetGenesis again = Build();
        Assert.Equal(Genesis.Value.Timestamp, again.Timestamp);
        Assert.Equal(Genesis.Value.Accounts.Count, again.Accounts.Count);
        for (int i = 0; i < again.Accounts.Count; i++)
        {
            AccountState a = Genesis.Value.Accounts[i], b = again.Accounts[i];
            Assert.Equal(a.Address, b.Address);
            Assert.Equal(a.Nonce, b.Nonce);
            Assert.Equal(a.Balance, b.Balance);
            Assert.Equal(a.Code, b.Code);
            Assert.Equal(a.Storage, b.Storage);
        }
        Assert.Equal(Genesis.Value.ManifestJson, again.ManifestJson);

        DevChain chain = LoadGenesis();
        // Runtime code at each fixed address: the artifact's deployed code with its immutables filled in, so equal length.
        foreach ((string name, Address address, string artifact) in Genesis.Value.Contracts)
            Assert.True(chain.CodeOf(address).Length == ContractArtifact.Load(artifact).DeployedBytecode.Length, $"{name} at {address}: code length differs from its artifact");
        Assert.Equal(DevnetAddresses.AgentRegistry, Address.Parse("0x00000000000000000000000000000000000a6e04"));
        var factory = new AgentAccountFactory(chain, DevnetAddresses.AgentAccountFactory);
        Assert.Equal(factory.AccountAddress(DevnetGenesis.DemoAgentId), Genesis.Value.AddressOf(DevnetGenesis.DemoAgentEntry));
        var registry = new AgentRegistry(chain, DevnetAddresses.AgentRegistry);
        Assert.Equal(DevnetAddresses.AgentTimelock, registry.Governance);
        Assert.Equal(Dev(DevnetGenesis.GuardianIndex).Address, registry.Guardian);
    }

    [Fact]
    public void The_manifest_names_every_contract_with_its_address_and_abi()
    {
        using var manifest = JsonDocument.Parse(Genesis.Value.ManifestJson);
        string[] expected =
        [
            "GovernanceToken", "AgentTimelock", "AgentGovernor", "AgentRegistry", "AgentStaking", "InferenceVerifier",
            "AgentAccountFactory", "AIFeed", "ExampleFeedConsumer", "ExampleRiskDesk", "DemoAgent", "DevTeeAgent",
        ];
        Assert.Equal(expected, manifest.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (JsonProperty entry in manifest.RootElement.EnumerateObject())
        {
            Assert.Equal(Genesis.Value.AddressOf(entry.Name), Address.Parse(entry.Value.GetProperty("address").GetString()!));
            Assert.Equal(JsonValueKind.Array, entry.Value.GetProperty("abi").ValueKind);
            Assert.True(entry.Value.GetProperty("abi").GetArrayLength() > 0, entry.Name);
        }
        Assert.Contains(manifest.RootElement.GetProperty("DemoAgent").GetProperty("abi").EnumerateArray(),
            f => f.TryGetProperty("name", out JsonElement n) && n.GetString() == "execute");
    }

    [Fact]
    public void The_demo_agent_records_an_assessment_through_its_controllable_agent_within_its_limits()
    {
        DevChain chain = LoadGenesis();
        DevnetGenesis genesis = Genesis.Value;
        var desk = new ExampleRiskDesk(chain, DevnetAddresses.ExampleRiskDesk);
        var agent = new ControllableAgent(chain, genesis.AddressOf(DevnetGenesis.DemoAgentEntry));
        var registry = new AgentRegistry(chain, DevnetAddresses.AgentRegistry);
        DevAccount signer = Dev(DevnetGenesis.DemoAgentSignerIndex), user = Dev(5);

        Assert.Equal(DevnetGenesis.DemoAgentId, agent.AgentId);
        Assert.Equal(signer.Address, registry.SignerOf(DevnetGenesis.DemoAgentId));
        Assert.True(registry.IsModelAllowed(DevnetGenesis.DemoAgentId, genesis.DemoModelHash));
        Assert.Equal(DevnetGenesis.DemoAgentFunding, chain.BalanceOf(agent.Address));
        Assert.Equal(DevnetGenesis.DemoMaxValuePerCall, agent.MaxValuePerCall);
        Assert.Equal((30u, 60UL), (agent.RateLimit.MaxCalls, agent.RateLimit.Window));
        Assert.Equal(DevnetGenesis.DemoAllowance, agent.Allowance.Balance);

        Hash256 caseId = AgentChainSystem.Word("case-1");
        BigInteger[] features = Enumerable.Range(0, 30).Select(i => (BigInteger)(1_000_000 + i)).ToArray();
        Assert.Single(desk.SubmitCase(user, caseId, features).EnsureSuccess().Events("CaseSubmitted"));

        var inference = new InferenceResult(genesis.DemoModelHash, AgentChainSystem.Word("runtime"), AgentChainSystem.Word("input"), AgentChainSystem.Word("output"));
        var prover = new AgentProver(signer);
        UInt256 budget = SystemParameters.Ether / 20;
        TxReceipt executed = agent.Execute(signer, desk.Address, budget, desk.RecordAssessmentCalldata(caseId, 8_700),
            prover.Prove(agent, DevnetGenesis.DemoAgentId, ProofMode.SignedCommitment, inference));
        executed.EnsureSuccess();
        Assert.Single(executed.Events("AssessmentRecorded"));
        (Address assessor, ushort bps, _, UInt256 followUp) = desk.AssessmentOf(caseId);
        Assert.Equal((agent.Address, (ushort)8_700, budget), (assessor, bps, followUp));
        Assert.Equal(budget, desk.FollowUpBudgetOf(user.Address));

        // Over the per-call cap: rejected by the account with its custom error, nothing recorded.
        Hash256 second = AgentChainSystem.Word("case-2");
        desk.SubmitCase(user, second, features).EnsureSuccess();
        TxReceipt over = agent.Execute(signer, desk.Address, SystemParameters.Ether / 5, desk.RecordAssessmentCalldata(second, 100),
            prover.Prove(agent, DevnetGenesis.DemoAgentId, ProofMode.SignedCommitment, inference));
        Assert.Equal("ValueAboveCap", over.ErrorName);
        // A model the DAO did not allow is refused too.
        TxReceipt wrongModel = agent.Execute(signer, desk.Address, UInt256.Zero, desk.RecordAssessmentCalldata(second, 100),
            prover.Prove(agent, DevnetGenesis.DemoAgentId, ProofMode.SignedCommitment, inference with { ModelHash = genesis.FeedModelHash }));
        Assert.Equal("ModelNotAllowed", wrongModel.ErrorName);
        // Only an agent's bound account may record: a dev account calling the desk directly is refused.
        Assert.Equal("NotAgentAccount", chain.Send(user, desk.Address, desk.RecordAssessmentCalldata(second, 100)).ErrorName);
    }

    [Fact]
    public void Dev_account_votes_count_at_once_and_the_guardian_pauses_the_demo_agent()
    {
        DevChain chain = LoadGenesis();
        var token = new GovernanceToken(chain, DevnetAddresses.GovernanceToken);
        var governor = new AgentGovernor(chain, DevnetAddresses.AgentGovernor);
        var registry = new AgentRegistry(chain, DevnetAddresses.AgentRegistry);
        for (int i = 0; i < DevnetGenesis.DevAccountCount; i++) Assert.Equal(DevnetGenesis.TokensPerDevAccount, token.GetVotes(Dev(i).Address));

        // Account 0 alone (10 % of the supply, quorum 4 %) carries a proposal that raises the demo agent's cap.
        var agent = new ControllableAgent(chain, Genesis.Value.AddressOf(DevnetGenesis.DemoAgentEntry));
        var proposal = GovernorProposal.Of("raise the demo agent's per-call cap", (agent.Address, agent.SetMaxValuePerCallCalldata(SystemParameters.Ether / 5)));
        governor.Propose(Dev(0), proposal).EnsureSuccess();
        UInt256 id = governor.HashProposal(proposal);
        chain.AdvanceTime(DevnetGenesis.VotingDelay + 1);
        governor.CastVote(Dev(0), id, AgentGovernor.For).EnsureSuccess();
        chain.AdvanceTime(DevnetGenesis.VotingPeriod + 1);
        Assert.Equal(ProposalState.Succeeded, governor.State(id));
        governor.Queue(Dev(0), proposal).EnsureSuccess();
        chain.AdvanceTime(DevnetGenesis.TimelockMinDelay + 1);
        governor.Execute(Dev(0), proposal).EnsureSuccess();
        Assert.Equal(SystemParameters.Ether / 5, agent.MaxValuePerCall);

        // The guardian (account 9) pauses at once; the paused agent's next action reverts.
        registry.SetAgentPaused(Dev(DevnetGenesis.GuardianIndex), DevnetGenesis.DemoAgentId, true).EnsureSuccess();
        var desk = new ExampleRiskDesk(chain, DevnetAddresses.ExampleRiskDesk);
        Hash256 caseId = AgentChainSystem.Word("paused case");
        desk.SubmitCase(Dev(5), caseId, Enumerable.Repeat((BigInteger)1, 30).ToArray()).EnsureSuccess();
        var inference = new InferenceResult(Genesis.Value.DemoModelHash, Hash256.Zero, Hash256.Zero, Hash256.Zero);
        TxReceipt paused = agent.Execute(Dev(1), desk.Address, UInt256.Zero, desk.RecordAssessmentCalldata(caseId, 10),
            new AgentProver(Dev(1)).Prove(agent, DevnetGenesis.DemoAgentId, ProofMode.SignedCommitment, inference));
        Assert.Equal("AgentIsPaused", paused.ErrorName);
        // Account 8 is the challenge resolver.
        var verifier = new InferenceVerifier(chain, DevnetAddresses.InferenceVerifier);
        Assert.Equal(Dev(DevnetGenesis.ResolverIndex).Address, verifier.Resolver);
        // The dev-TEE platform key is registered: a report the C# provider makes with the documented seed verifies on chain
        // once governance accepts a measurement for an agent (here: none yet, so the policy check refuses it).
        var report = new Attestation.DevTee.InsecureDevTeeProvider(DevnetGenesis.DevTeePlatformKey, AgentChainSystem.Word("m"))
            .CreateReport(chain.ChainId, AgentChainSystem.Word("r"));
        Assert.False(verifier.VerifyDevTeeReport(DevnetGenesis.DemoAgentId, report.Measurement, report.ReportData, report.R, report.S));
        Assert.Equal(DevnetGenesis.DevTeePlatformKey.X.ToArray(), chain.Call(verifier.Address, verifier.Abi.GetFunction("devTeeKeyX").EncodeCall()).Output);
    }

    [Fact]
    public void The_feed_runners_report_and_the_consumer_reads_the_median()
    {
        DevChain chain = LoadGenesis();
        var feed = new AIFeed(chain, DevnetAddresses.DiabetesFeed);
        var consumer = new ExampleFeedConsumer(chain, DevnetAddresses.ExampleFeedConsumer);
        Assert.Equal(DevnetGenesis.FeedDecimals, feed.Decimals);
        BigInteger[] values = [151_250_000, 149_900_000, 152_000_000];
        for (int i = 0; i < 3; i++)
        {
            int runner = DevnetGenesis.FeedRunnerIndexes[i];
            feed.Submit(Dev(runner), (ulong)runner, 1, values[i], AgentChainSystem.Word($"commitment {runner}")).EnsureSuccess();
        }
        Assert.Equal(values.Order().ElementAt(1), feed.LatestRoundData().Answer);
        consumer.RecordAnswer(Dev(5)).EnsureSuccess();
        Assert.Equal(values.Order().ElementAt(1), consumer.LastAnswer);
    }
}
