using AgentChain.Attestation.DevTee;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.Governance.Bindings;

namespace AgentChain.Governance.Harness;

/// <summary>
/// The governance contracts deployed together on a <see cref="DevChain"/> the way genesis wires them (registry,
/// staking, verifier, factory; optionally token, timelock and governor as governance), plus helpers to register
/// agents and to make governance calls (directly from a governance EOA, or through a full DAO proposal).
/// </summary>
public sealed class AgentChainSystem
{
    private AgentChainSystem(DevChain chain, SystemParameters parameters)
    {
        Chain = chain;
        Parameters = parameters;
        Deployer = chain.CreateAccount("deployer", SystemParameters.Ether * 1_000_000);
        Guardian = chain.CreateAccount("guardian", SystemParameters.Ether * 1_000);
        Resolver = chain.CreateAccount("resolver", SystemParameters.Ether * 1_000);
        Voters = Enumerable.Range(0, parameters.Voters).Select(i => chain.CreateAccount($"voter-{i}", SystemParameters.Ether * 1_000)).ToArray();
    }

    public DevChain Chain { get; }
    public SystemParameters Parameters { get; }
    public DevAccount Deployer { get; }
    public DevAccount Guardian { get; }
    public DevAccount Resolver { get; }
    public IReadOnlyList<DevAccount> Voters { get; }

    /// <summary>The governance EOA when deployed without the DAO; null with it.</summary>
    public DevAccount? GovernanceAccount { get; private set; }

    public Address GovernanceAddress { get; private set; }
    public Address Treasury { get; private set; }
    public GovernanceToken? Token { get; private set; }
    public AgentTimelock? Timelock { get; private set; }
    public AgentGovernor? Governor { get; private set; }
    public AgentRegistry Registry { get; private set; } = null!;
    public AgentStaking Staking { get; private set; } = null!;
    public InferenceVerifier Verifier { get; private set; } = null!;
    public AgentAccountFactory Factory { get; private set; } = null!;

    /// <summary>The dev-TEE platform key governance registers in the verifier by <see cref="EnableDevTee"/>.</summary>
    public P256SigningKey DevTeePlatform { get; } = P256SigningKey.FromSeed("dev-tee-platform");

    public static AgentChainSystem Deploy(DevChain chain, SystemParameters? parameters = null)
    {
        var system = new AgentChainSystem(chain, parameters ?? new SystemParameters());
        system.DeployContracts();
        return system;
    }

    private void DeployContracts()
    {
        SystemParameters p = Parameters;
        // Addresses that constructors name before they exist are predicted from the deployer's nonce (CREATE).
        ulong n = Chain.NonceOf(Deployer.Address);
        if (p.WithDao)
        {
            Address tokenAt = EvmHost.CreateAddress(Deployer.Address, n);
            Address governorAt = EvmHost.CreateAddress(Deployer.Address, n + 2);
            Token = GovernanceToken.Deploy(Chain, Deployer, Voters.Select(v => v.Address).ToArray(),
                Voters.Select(_ => p.TokensPerVoter).ToArray());
            Timelock = AgentTimelock.Deploy(Chain, Deployer, p.TimelockMinDelay, [governorAt], [Address.Zero], Address.Zero);
            Governor = AgentGovernor.Deploy(Chain, Deployer, Token.Address, Timelock.Address, p.VotingDelay, p.VotingPeriod,
                UInt256.Zero, p.QuorumPercent);
            if (Token.Address != tokenAt || Governor.Address != governorAt) throw new InvalidOperationException("address prediction failed");
            foreach (DevAccount voter in Voters) Token.Delegate(voter, voter.Address).EnsureSuccess();
            GovernanceAddress = Timelock.Address;
            Treasury = Timelock.Address;
        }
        else
        {
            GovernanceAccount = Chain.CreateAccount("governance", SystemParameters.Ether * 1_000);
            GovernanceAddress = GovernanceAccount.Address;
            Treasury = new DevAccount("treasury").Address;
        }

        n = Chain.NonceOf(Deployer.Address);
        Address stakingAt = EvmHost.CreateAddress(Deployer.Address, n + 1);
        Address verifierAt = EvmHost.CreateAddress(Deployer.Address, n + 2);
        Address factoryAt = EvmHost.CreateAddress(Deployer.Address, n + 3);
        Registry = AgentRegistry.Deploy(Chain, Deployer, GovernanceAddress, Guardian.Address, p.DefaultChallengeWindow, factoryAt);
        Staking = AgentStaking.Deploy(Chain, Deployer, Registry.Address, verifierAt, Treasury, p.MinimumStake, p.UnbondingPeriod,
            p.ChallengerShareBps);
        Verifier = InferenceVerifier.Deploy(Chain, Deployer, Registry.Address, stakingAt, Resolver.Address, Treasury,
            p.ChallengeBond, p.FraudSlashAmount);
        Factory = AgentAccountFactory.Deploy(Chain, Deployer, Registry.Address, stakingAt, verifierAt);
        if (Staking.Address != stakingAt || Verifier.Address != verifierAt || Factory.Address != factoryAt)
            throw new InvalidOperationException("address prediction failed");
    }

    /// <summary>
    /// Makes governance calls: sent one by one from the governance EOA, or — with the DAO — as one proposal taken
    /// through propose → vote (every voter for) → queue → execute. Throws if any step fails.
    /// </summary>
    public void Govern(string description, params (Address Target, byte[] Calldata)[] calls)
    {
        if (GovernanceAccount is { } gov)
        {
            foreach ((Address target, byte[] data) in calls) Chain.Send(gov, target, data).EnsureSuccess();
            return;
        }
        RunProposal(GovernorProposal.Of(description, calls));
    }

    /// <summary>Takes a proposal through the whole DAO lifecycle; returns its id.</summary>
    public UInt256 RunProposal(GovernorProposal proposal)
    {
        AgentGovernor governor = Governor ?? throw new InvalidOperationException("deployed without the DAO");
        governor.Propose(Voters[0], proposal).EnsureSuccess();
        UInt256 id = governor.HashProposal(proposal);
        Chain.AdvanceTime(Parameters.VotingDelay + 1);
        foreach (DevAccount voter in Voters) governor.CastVote(voter, id, AgentGovernor.For).EnsureSuccess();
        Chain.AdvanceTime(Parameters.VotingPeriod + 1);
        governor.Queue(Voters[0], proposal).EnsureSuccess();
        Chain.AdvanceTime(Parameters.TimelockMinDelay + 1);
        governor.Execute(Voters[0], proposal).EnsureSuccess();
        return id;
    }

    /// <summary>Governance registers <see cref="DevTeePlatform"/> as the dev-TEE platform key.</summary>
    public void EnableDevTee() =>
        Govern("enable the dev-TEE platform key", (Verifier.Address, Verifier.SetDevTeeKeyCalldata(DevTeePlatform.X, DevTeePlatform.Y)));

    /// <summary>
    /// Registers an agent (owner and signer derived from <paramref name="label"/>), stakes <paramref name="stake"/>
    /// (default: the minimum), deploys its account and funds it with <paramref name="accountBalance"/>; governance
    /// allows its model and sets its attestation mode. Limits stay closed: tests open them.
    /// </summary>
    public AgentHandle RegisterAgent(string label, AttestationMode mode = AttestationMode.Commitment, UInt256? stake = null,
        UInt256? accountBalance = null, Hash256? measurement = null)
    {
        DevAccount owner = Chain.CreateAccount(label + "-owner", SystemParameters.Ether * 1_000);
        DevAccount signer = Chain.CreateAccount(label + "-signer", SystemParameters.Ether * 10);
        UInt256 id = Registry.RegisteredId(Registry.Register(owner, $"https://agents.example/{label}.json"));
        Registry.SetAgentSigner(owner, id, signer.Address).EnsureSuccess();
        Staking.Stake(owner, id, stake ?? Parameters.MinimumStake).EnsureSuccess();
        ControllableAgent account = Factory.DeployAccount(owner, id);
        if (accountBalance is { } balance) Chain.SetBalance(account.Address, balance);

        var inference = new InferenceResult(Word(label + "/model"), Word(label + "/runtime"), Word(label + "/input"), Word(label + "/output"));
        Hash256 m = measurement ?? Word(label + "/measurement");
        var calls = new List<(Address, byte[])> { (Registry.Address, Registry.SetModelAllowedCalldata(id, inference.ModelHash, true)) };
        if (mode == AttestationMode.Tee)
        {
            calls.Add((Registry.Address, Registry.SetAttestationPolicyCalldata(id, AttestationMode.Tee, Parameters.DefaultChallengeWindow)));
            calls.Add((Registry.Address, Registry.SetMeasurementAcceptedCalldata(id, m, true)));
        }
        Govern($"admit agent {label}", calls.ToArray());
        var prover = new AgentProver(signer, P256SigningKey.FromSeed(label + "/attested-key"), DevTeePlatform, m);
        return new AgentHandle(id, account, owner, signer, prover, inference);
    }

    /// <summary>The agent's owner registers its attested P-256 key with a dev-TEE report (needs <see cref="EnableDevTee"/>).</summary>
    public TxReceipt RegisterAttestedKey(AgentHandle agent)
    {
        P256SigningKey key = agent.Prover.AttestedKey!;
        Hash256 reportData = InsecureDevTeeReport.KeyBinding(Chain.ChainId, agent.Id, key.X, key.Y);
        InsecureDevTeeReport report = new InsecureDevTeeProvider(DevTeePlatform, agent.Prover.Measurement).CreateReport(Chain.ChainId, reportData);
        return Verifier.RegisterAttestedKeyDevTee(agent.Owner, agent.Id, report.Measurement, key.X, key.Y, report.R, report.S);
    }

    /// <summary>keccak256 of a label: a stable bytes32 for model hashes, measurements and the like.</summary>
    public static Hash256 Word(string label) => Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(label));
}
