using System.Text;
using System.Text.Json;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Genesis;

/// <summary>
/// The devnet's genesis state with every contract predeployed and wired, built by running the real deployments and
/// setup transactions on our EVM (a <see cref="DevChain"/>) and taking the resulting accounts:
/// <list type="number">
/// <item>each contract's creation code runs at its fixed address (<see cref="DevnetAddresses"/>,
///   <see cref="DevChain.DeployAt"/>), so immutables and constructor-written storage are what that address needs;</item>
/// <item>dev accounts 0..9 hold the governance token and each self-delegates (votes count from block 1);</item>
/// <item>dev account 1 registers the demo agent (id 1, "breast-cancer-risk"), signs for it, stakes, deploys its
///   ControllableAgent through the factory; account 0 funds that account;</item>
/// <item>dev accounts 2, 3, 4 register and stake as the diabetes feed's node runners (ids 2, 3, 4);</item>
/// <item>dev account 1 also registers a second agent on the same model in TEE proof mode (id 5,
///   "breast-cancer-risk-insecure-dev-tee", manifest entry "DevTeeAgent"): its actions carry an INSECURE-DEV dev-TEE
///   report instead of a signed commitment;</item>
/// <item>one DAO proposal (propose → vote → queue → execute through the real Governor and Timelock) allows the
///   models, opens both agents' limits, registers the (public, INSECURE-DEV) dev-TEE platform key and accepts the
///   dev-TEE agent's measurement — nothing gets a power it would not have on a live chain.</item>
/// </list>
/// Everything is deterministic (fixed clock, deterministic keys), so the same inputs give the same allocation and
/// the devnet's genesis block only changes when this recipe does.
/// </summary>
public sealed class DevnetGenesis
{
    /// <summary>The clock of the setup transactions (Nov 2023): in the past of any real devnet, so checkpoints and
    /// refill timestamps written at genesis are older than block 1.</summary>
    public const ulong SetupStartTimestamp = 1_700_000_000;

    public const int DevAccountCount = 10;
    public const int DeployerIndex = 0;
    public const int DemoAgentSignerIndex = 1;
    public static readonly int[] FeedRunnerIndexes = [2, 3, 4];
    public const int ResolverIndex = 8;
    public const int GuardianIndex = 9;

    public static readonly UInt256 Ether = SystemParameters.Ether;
    public static readonly UInt256 DemoAgentId = 1;
    public const string DemoAgentName = "breast-cancer-risk";

    /// <summary>
    /// The dev-TEE agent: the demo agent's model and limits, proving each action with an INSECURE-DEV dev-TEE report
    /// (agent-runtime/AgentChain.Agents/demo/breast-cancer-risk.insecure-dev-tee.agent.json). Registered after the
    /// feed runners so the ids of everything before it stay as they were. Dev account 1 owns and signs for it too:
    /// accounts 5–7 are the fresh keys of tests and scripts, so no other dev account is free.
    /// </summary>
    public const int DevTeeAgentSignerIndex = DemoAgentSignerIndex;
    public static readonly UInt256 DevTeeAgentId = 5;
    public const string DevTeeAgentName = "breast-cancer-risk-insecure-dev-tee";
    public const string DevTeeAgentEntry = "DevTeeAgent";

    /// <summary>The enclave measurement the dev-TEE agent's policy accepts: its text, so the evidence on chain reads as INSECURE-DEV.</summary>
    public static readonly Hash256 DevTeeAgentMeasurement = Measurement("INSECURE-DEV breast-cancer-risk");

    // DAO: the AgentChainSystem defaults, so the test-suite's timings apply.
    public static readonly UInt256 TokensPerDevAccount = Ether * 100_000;
    public const ulong TimelockMinDelay = 60;
    public const ulong VotingDelay = 1;
    public const uint VotingPeriod = 300;
    public static readonly UInt256 QuorumPercent = 4;

    // Registry, staking, verifier.
    public const ulong DefaultChallengeWindow = 600;
    public static readonly UInt256 MinimumStake = Ether;
    public const ulong UnbondingPeriod = 86_400;
    public const ushort ChallengerShareBps = 5_000;
    public static readonly UInt256 ChallengeBond = Ether / 10;
    public static readonly UInt256 FraudSlashAmount = Ether * 2;

    // The demo agent (the agreed genesis contract with the agent host).
    public static readonly UInt256 DemoAgentStake = Ether * 10;
    public static readonly UInt256 DemoAgentFunding = Ether * 100;
    public static readonly UInt256 DemoMaxValuePerCall = Ether / 10;
    public static readonly UInt256 DemoAllowance = Ether;
    public const ulong DemoRefillPeriod = 3_600;
    public const uint DemoMaxCalls = 30;
    public const ulong DemoRateWindow = 60;

    /// <summary>
    /// Seed of the devnet's dev-TEE platform key (<see cref="P256SigningKey.FromSeed"/>), registered in the verifier
    /// at genesis so TEE-mode agents can be tried on a devnet. Public on purpose: INSECURE-DEV, anyone can sign with it.
    /// </summary>
    public const string DevTeePlatformSeed = "agentchain devnet dev-TEE platform (INSECURE-DEV, public key)";

    public static P256SigningKey DevTeePlatformKey => P256SigningKey.FromSeed(DevTeePlatformSeed);

    // The diabetes_progression feed.
    public static readonly UInt256 RunnerStake = Ether * 2;
    public const byte FeedDecimals = 6;
    public const string FeedDescription = "diabetes_progression: one-year disease progression score (ridge regression, models/diabetes_progression)";
    public static readonly FeedParameters FeedParameters = new(Quorum: 3, DeviationBps: 100, OutlierBps: 2_000, Heartbeat: 3_600,
        RoundTimeout: 300, StalenessThreshold: 7_200);
    public const ulong ConsumerMaxAnswerAge = 7_200;

    /// <summary>Names in the manifest, in the order it lists them: artifact names, plus "DemoAgent", "DevTeeAgent" and "AIFeed".</summary>
    public const string DemoAgentEntry = "DemoAgent";

    private DevnetGenesis(IReadOnlyList<AccountState> accounts, ulong timestamp, IReadOnlyList<(string Name, Address Address, string Artifact)> contracts,
        Hash256 demoModelHash, Hash256 feedModelHash)
    {
        Accounts = accounts;
        Timestamp = timestamp;
        Contracts = contracts;
        DemoModelHash = demoModelHash;
        FeedModelHash = feedModelHash;
        ManifestJson = BuildManifest(contracts);
    }

    /// <summary>Every account of the genesis state (dev accounts after setup, contracts), sorted by address.</summary>
    public IReadOnlyList<AccountState> Accounts { get; }

    /// <summary>The clock after the last setup step: the devnet's genesis block carries it.</summary>
    public ulong Timestamp { get; }

    /// <summary>Manifest entries: name, address and the artifact whose ABI it has.</summary>
    public IReadOnlyList<(string Name, Address Address, string Artifact)> Contracts { get; }

    /// <summary>SHA-256 of models/breast_cancer_risk/model.onnx: the demo agent's allowed model.</summary>
    public Hash256 DemoModelHash { get; }

    /// <summary>SHA-256 of models/diabetes_progression/model.onnx: the feed runners' allowed model.</summary>
    public Hash256 FeedModelHash { get; }

    /// <summary><c>{ "&lt;Name&gt;": { "address": "0x…", "abi": [ … ] }, … }</c>, served by the node at GET /api/contracts.</summary>
    public string ManifestJson { get; }

    /// <summary>The address of a manifest entry (an artifact name, "DemoAgent" or "AIFeed").</summary>
    public Address AddressOf(string name)
    {
        foreach ((string entry, Address address, _) in Contracts)
            if (entry == name) return address;
        throw new ArgumentException($"no contract '{name}' in the devnet manifest", nameof(name));
    }

    /// <summary>
    /// Builds the genesis for <paramref name="chainId"/> from the dev accounts' private keys (indices 0..9 of the
    /// devnet's mnemonic, derived by the caller), each starting with <paramref name="devAccountBalance"/>.
    /// Throws <see cref="DevChainException"/> if any setup step fails (e.g. a balance too small to stake).
    /// </summary>
    public static DevnetGenesis Build(ulong chainId, IReadOnlyList<byte[]> devAccountKeys, UInt256 devAccountBalance)
    {
        if (devAccountKeys.Count < DevAccountCount)
            throw new ArgumentException($"the devnet genesis needs {DevAccountCount} dev accounts, got {devAccountKeys.Count}", nameof(devAccountKeys));
        var chain = new DevChain(chainId, SetupStartTimestamp);
        DevAccount[] dev = devAccountKeys.Take(DevAccountCount).Select((key, i) => new DevAccount($"dev-{i}", key)).ToArray();
        foreach (DevAccount account in dev) chain.SetBalance(account.Address, devAccountBalance);
        DevAccount deployer = dev[DeployerIndex];

        // 1. Contracts at their fixed addresses. Constructors may name contracts placed after them (only the
        //    Governor reads another contract, the token's clock, and the token comes first).
        var token = new GovernanceToken(chain, chain.DeployAt(deployer, DevnetAddresses.GovernanceToken, ContractArtifact.Load(GovernanceToken.ArtifactName),
            dev.Select(d => d.Address).ToArray(), dev.Select(_ => TokensPerDevAccount).ToArray()));
        chain.DeployAt(deployer, DevnetAddresses.AgentTimelock, ContractArtifact.Load(AgentTimelock.ArtifactName),
            new UInt256(TimelockMinDelay), new[] { DevnetAddresses.AgentGovernor }, new[] { Address.Zero }, Address.Zero);
        var governor = new AgentGovernor(chain, chain.DeployAt(deployer, DevnetAddresses.AgentGovernor, ContractArtifact.Load(AgentGovernor.ArtifactName),
            DevnetAddresses.GovernanceToken, DevnetAddresses.AgentTimelock, VotingDelay, VotingPeriod, UInt256.Zero, QuorumPercent));
        var registry = new AgentRegistry(chain, chain.DeployAt(deployer, DevnetAddresses.AgentRegistry, ContractArtifact.Load(AgentRegistry.ArtifactName),
            DevnetAddresses.AgentTimelock, dev[GuardianIndex].Address, DefaultChallengeWindow, DevnetAddresses.AgentAccountFactory));
        var staking = new AgentStaking(chain, chain.DeployAt(deployer, DevnetAddresses.AgentStaking, ContractArtifact.Load(AgentStaking.ArtifactName),
            DevnetAddresses.AgentRegistry, DevnetAddresses.InferenceVerifier, DevnetAddresses.AgentTimelock, MinimumStake, UnbondingPeriod, ChallengerShareBps));
        chain.DeployAt(deployer, DevnetAddresses.InferenceVerifier, ContractArtifact.Load(InferenceVerifier.ArtifactName),
            DevnetAddresses.AgentRegistry, DevnetAddresses.AgentStaking, dev[ResolverIndex].Address, DevnetAddresses.AgentTimelock, ChallengeBond, FraudSlashAmount);
        var factory = new AgentAccountFactory(chain, chain.DeployAt(deployer, DevnetAddresses.AgentAccountFactory, ContractArtifact.Load(AgentAccountFactory.ArtifactName),
            DevnetAddresses.AgentRegistry, DevnetAddresses.AgentStaking, DevnetAddresses.InferenceVerifier));
        FeedParameters f = FeedParameters;
        chain.DeployAt(deployer, DevnetAddresses.DiabetesFeed, ContractArtifact.Load(AIFeed.ArtifactName),
            DevnetAddresses.AgentRegistry, DevnetAddresses.AgentStaking, FeedDecimals, FeedDescription,
            f.Quorum, f.DeviationBps, f.OutlierBps, f.Heartbeat, f.RoundTimeout, f.StalenessThreshold);
        chain.DeployAt(deployer, DevnetAddresses.ExampleFeedConsumer, ContractArtifact.Load(ExampleFeedConsumer.ArtifactName),
            DevnetAddresses.DiabetesFeed, new UInt256(ConsumerMaxAnswerAge));
        var desk = new ExampleRiskDesk(chain, chain.DeployAt(deployer, DevnetAddresses.ExampleRiskDesk, ContractArtifact.Load(ExampleRiskDesk.ArtifactName),
            DevnetAddresses.AgentRegistry));

        // 2. Votes count from block 1: every dev account holds tokens and delegates to itself.
        foreach (DevAccount account in dev) token.Delegate(account, account.Address).EnsureSuccess();

        // 3. The demo agent: registered, signer, stake, its own account (CREATE2 by the factory), funded.
        (UInt256 demoId, ControllableAgent demoAccount) = SetUpAgent(chain, registry, staking, factory, deployer, dev[DemoAgentSignerIndex],
            DemoAgentName, DemoAgentId, "demo agent");

        // 4. The feed's node runners.
        var runnerIds = new List<UInt256>();
        foreach (int index in FeedRunnerIndexes)
        {
            UInt256 id = Register(registry, dev[index], $"diabetes-runner-{index}");
            staking.Stake(dev[index], id, RunnerStake).EnsureSuccess();
            runnerIds.Add(id);
        }

        // 4b. The dev-TEE agent, set up like the demo agent.
        (UInt256 devTeeId, ControllableAgent devTeeAccount) = SetUpAgent(chain, registry, staking, factory, deployer, dev[DevTeeAgentSignerIndex],
            DevTeeAgentName, DevTeeAgentId, "dev-TEE agent");

        // 5. One DAO proposal admits them: models allowed, the demo agent's policy and limits opened.
        Hash256 demoModel = ShippedModel.ModelHash(ShippedModel.BreastCancerRisk);
        Hash256 feedModel = ShippedModel.ModelHash(ShippedModel.DiabetesProgression);
        var calls = new List<(Address, byte[])>
        {
            (registry.Address, registry.SetModelAllowedCalldata(demoId, demoModel, true)),
            (registry.Address, registry.SetAttestationPolicyCalldata(demoId, AttestationMode.Commitment, DefaultChallengeWindow)),
        };
        calls.AddRange(DeskActionLimits(demoAccount, desk.Address));
        foreach (UInt256 id in runnerIds) calls.Add((registry.Address, registry.SetModelAllowedCalldata(id, feedModel, true)));
        calls.AddRange(
        [
            (registry.Address, registry.SetModelAllowedCalldata(devTeeId, demoModel, true)),
            (registry.Address, registry.SetAttestationPolicyCalldata(devTeeId, AttestationMode.Tee, DefaultChallengeWindow)),
            (registry.Address, registry.SetMeasurementAcceptedCalldata(devTeeId, DevTeeAgentMeasurement, true)),
        ]);
        calls.AddRange(DeskActionLimits(devTeeAccount, desk.Address));
        var verifier = new InferenceVerifier(chain, DevnetAddresses.InferenceVerifier);
        P256SigningKey platform = DevTeePlatformKey;
        calls.Add((verifier.Address, verifier.SetDevTeeKeyCalldata(platform.X, platform.Y)));
        var proposal = GovernorProposal.Of("Genesis: admit the demo agent breast-cancer-risk, its INSECURE-DEV dev-TEE twin and the diabetes_progression node runners", calls.ToArray());
        governor.Propose(deployer, proposal).EnsureSuccess();
        UInt256 proposalId = governor.HashProposal(proposal);
        chain.AdvanceTime(VotingDelay + 1);
        foreach (DevAccount voter in dev) governor.CastVote(voter, proposalId, AgentGovernor.For).EnsureSuccess();
        chain.AdvanceTime(VotingPeriod + 1);
        governor.Queue(deployer, proposal).EnsureSuccess();
        chain.AdvanceTime(TimelockMinDelay + 1);
        governor.Execute(deployer, proposal).EnsureSuccess();

        var contracts = new List<(string, Address, string)>
        {
            (GovernanceToken.ArtifactName, DevnetAddresses.GovernanceToken, GovernanceToken.ArtifactName),
            (AgentTimelock.ArtifactName, DevnetAddresses.AgentTimelock, AgentTimelock.ArtifactName),
            (AgentGovernor.ArtifactName, DevnetAddresses.AgentGovernor, AgentGovernor.ArtifactName),
            (AgentRegistry.ArtifactName, DevnetAddresses.AgentRegistry, AgentRegistry.ArtifactName),
            (AgentStaking.ArtifactName, DevnetAddresses.AgentStaking, AgentStaking.ArtifactName),
            (InferenceVerifier.ArtifactName, DevnetAddresses.InferenceVerifier, InferenceVerifier.ArtifactName),
            (AgentAccountFactory.ArtifactName, DevnetAddresses.AgentAccountFactory, AgentAccountFactory.ArtifactName),
            (AIFeed.ArtifactName, DevnetAddresses.DiabetesFeed, AIFeed.ArtifactName),
            (ExampleFeedConsumer.ArtifactName, DevnetAddresses.ExampleFeedConsumer, ExampleFeedConsumer.ArtifactName),
            (ExampleRiskDesk.ArtifactName, DevnetAddresses.ExampleRiskDesk, ExampleRiskDesk.ArtifactName),
            (DemoAgentEntry, demoAccount.Address, ControllableAgent.ArtifactName),
            (DevTeeAgentEntry, devTeeAccount.Address, ControllableAgent.ArtifactName),
        };
        return new DevnetGenesis(chain.ExportState(), chain.Timestamp, contracts, demoModel, feedModel);
    }

    /// <summary>A measurement spelled out: the UTF-8 text, zero-padded to 32 bytes.</summary>
    private static Hash256 Measurement(string text)
    {
        var bytes = new byte[32];
        Encoding.UTF8.GetBytes(text, bytes);
        return new Hash256(bytes);
    }

    /// <summary>
    /// An agent the desk-assessing way: registered under the expected id, staked, its own account (CREATE2 by the
    /// factory) deployed and funded by the deployer. The demo agent and its dev-TEE twin differ only in these arguments.
    /// </summary>
    private static (UInt256 Id, ControllableAgent Account) SetUpAgent(DevChain chain, AgentRegistry registry, AgentStaking staking,
        AgentAccountFactory factory, DevAccount deployer, DevAccount owner, string name, UInt256 expectedId, string role)
    {
        UInt256 id = Register(registry, owner, name);
        if (id != expectedId) throw new DevChainException($"the {role} got id {id}, expected {expectedId}");
        staking.Stake(owner, id, DemoAgentStake).EnsureSuccess();
        ControllableAgent account = factory.DeployAccount(owner, id);
        chain.Send(deployer, account.Address, [], DemoAgentFunding, $"fund the {role}'s account").EnsureSuccess();
        return (id, account);
    }

    /// <summary>The governance calls that let an agent account record desk assessments within the demo limits.</summary>
    private static (Address, byte[])[] DeskActionLimits(ControllableAgent account, Address desk) =>
    [
        (account.Address, account.SetCallAllowedCalldata(desk, ExampleRiskDesk.RecordAssessmentSelector, true)),
        (account.Address, account.SetMaxValuePerCallCalldata(DemoMaxValuePerCall)),
        (account.Address, account.SetAllowanceCalldata(new AllowanceConfig(DemoAllowance, DemoAllowance, DemoAllowance, DemoRefillPeriod, 0))),
        (account.Address, account.SetAllowanceBalanceCalldata(DemoAllowance)),
        (account.Address, account.SetRateLimitCalldata(DemoMaxCalls, DemoRateWindow)),
    ];

    private static UInt256 Register(AgentRegistry registry, DevAccount owner, string name)
    {
        UInt256 id = registry.RegisteredId(registry.Register(owner, $"agentchain://devnet/agents/{name}"));
        registry.SetMetadata(owner, id, "name", Encoding.UTF8.GetBytes(name)).EnsureSuccess();
        registry.SetAgentSigner(owner, id, owner.Address).EnsureSuccess();
        return id;
    }

    private static string BuildManifest(IReadOnlyList<(string Name, Address Address, string Artifact)> contracts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach ((string name, Address address, string artifact) in contracts)
            {
                json.WriteStartObject(name);
                json.WriteString("address", address.ToChecksumString());
                json.WritePropertyName("abi");
                json.WriteRawValue(ContractArtifact.Load(artifact).AbiJson);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
