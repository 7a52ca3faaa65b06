using System.Numerics;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;

namespace AgentChain.Governance.Harness;

/// <summary>
/// Measures the gas of the user journeys on AgentChain's own EVM: identity and stake, <c>execute</c> in each proof
/// mode (and its overhead over the same call made directly), the challenge game, the DAO lifecycle and oracle
/// reports. Deterministic: same contracts, same keys, same numbers on every machine.
/// </summary>
public static class GasTable
{
    private static readonly UInt256 Ether = SystemParameters.Ether;

    /// <param name="chainCreated">Called with a name and each chain the measurement creates (e.g. to record its transcript).</param>
    public static IReadOnlyList<GasMeasurement> Measure(Action<string, DevChain>? chainCreated = null)
    {
        var rows = new List<GasMeasurement>();
        var chain = new DevChain();
        chainCreated?.Invoke("agents", chain);
        var system = AgentChainSystem.Deploy(chain);
        system.EnableDevTee();

        // Identity and stake, measured on a fresh agent.
        DevAccount owner = chain.CreateAccount("gas-owner", Ether * 100);
        TxReceipt register = system.Registry.Register(owner, "https://agents.example/gas.json").EnsureSuccess();
        rows.Add(new("AgentRegistry.register(agentURI)", register.GasUsed, "mint ERC-721 identity + URI"));
        UInt256 id = system.Registry.RegisteredId(register);
        rows.Add(new("AgentRegistry.setAgentSigner", system.Registry.SetAgentSigner(owner, id, owner.Address).EnsureSuccess().GasUsed));
        rows.Add(new("AgentStaking.stake", system.Staking.Stake(owner, id, Ether).EnsureSuccess().GasUsed, "first stake of the agent"));
        rows.Add(new("AgentAccountFactory.deploy", system.Factory.Deploy(owner, id).EnsureSuccess().GasUsed, "CREATE2 ControllableAgent + bind"));

        // execute in each proof mode: a 0.5-ETH transfer to an existing account, first action of the agent.
        var payee = new DevAccount("gas-payee");
        chain.SetBalance(payee.Address, 1);
        DevAccount direct = chain.CreateAccount("gas-direct", Ether * 10);
        long bare = chain.Send(direct, payee.Address, [], Ether / 2).EnsureSuccess().GasUsed;
        rows.Add(new("plain transfer 0.5 ETH (the inner call alone)", bare, "EOA → existing account"));
        AgentHandle committer = system.RegisterAgent("gas-committer", accountBalance: Ether * 10);
        AgentHandle tee = system.RegisterAgent("gas-tee", AttestationMode.Tee, accountBalance: Ether * 10);
        rows.Add(new("InferenceVerifier.registerAttestedKeyDevTee", system.RegisterAttestedKey(tee).EnsureSuccess().GasUsed,
            "dev-TEE report checked with P256VERIFY"));
        foreach (AgentHandle a in new[] { committer, tee })
            OpenTransfers(system, a, payee.Address);

        Hash256 firstAction = AgentProver.Commitment(chain.ChainId, committer.Account.Address, committer.Id, committer.Account.Nonce, committer.Inference);
        MeasureExecute(rows, committer, payee, ProofMode.SignedCommitment, bare, "first action");
        MeasureExecute(rows, committer, payee, ProofMode.SignedCommitment, bare, "second action");
        MeasureExecute(rows, tee, payee, ProofMode.AttestedKey, bare, "first action");
        MeasureExecute(rows, tee, payee, ProofMode.TeeReport, bare, "second action");
        TxReceipt rejected = committer.Account.TryExecute(committer.Signer, payee.Address, Ether * 100, [], committer.Prove()).EnsureSuccess();
        rows.Add(new("ControllableAgent.tryExecute (rejected: ValueAboveCap)", rejected.GasUsed, "emits ActionRejected"));

        // The challenge game.
        DevAccount challenger = chain.CreateAccount("gas-challenger", Ether * 10);
        rows.Add(new("InferenceVerifier.challenge", system.Verifier.Challenge(challenger, firstAction, system.Parameters.ChallengeBond).EnsureSuccess().GasUsed));
        rows.Add(new("InferenceVerifier.resolve (fraud → slash)", system.Verifier.Resolve(system.Resolver, firstAction, true).EnsureSuccess().GasUsed,
            "slash, challenger share, treasury transfer"));
        Hash256 second = AgentProver.Commitment(chain.ChainId, tee.Account.Address, tee.Id, tee.Account.Nonce - 1, tee.Inference);
        chain.AdvanceTime(system.Parameters.DefaultChallengeWindow + 1);
        rows.Add(new("InferenceVerifier.finalize", system.Verifier.FinalizeAction(challenger, second).EnsureSuccess().GasUsed, "reputation + 1"));

        MeasureDao(rows, chainCreated);
        MeasureOracle(rows, chain, system);
        return rows;
    }

    private static void OpenTransfers(AgentChainSystem system, AgentHandle a, Address payee)
    {
        ControllableAgent account = a.Account;
        system.Govern("open limits",
            (account.Address, account.SetCallAllowedCalldata(payee, new byte[4], true)),
            (account.Address, account.SetMaxValuePerCallCalldata(Ether)),
            (account.Address, account.SetAllowanceCalldata(new AllowanceConfig(Ether * 5, Ether, Ether, 86_400, 0))),
            (account.Address, account.SetAllowanceBalanceCalldata(Ether * 5)),
            (account.Address, account.SetRateLimitCalldata(100, 3_600)));
    }

    private static void MeasureExecute(List<GasMeasurement> rows, AgentHandle agent, DevAccount payee, ProofMode mode, long bare, string which)
    {
        TxReceipt r = agent.Account.Execute(agent.Signer, payee.Address, Ether / 2, [], agent.Prove(mode)).EnsureSuccess();
        rows.Add(new($"ControllableAgent.execute, {Describe(mode)} ({which})", r.GasUsed, $"overhead over the inner call: {r.GasUsed - bare}"));
    }

    private static string Describe(ProofMode mode) => mode switch
    {
        ProofMode.SignedCommitment => "signed commitment",
        ProofMode.AttestedKey => "attested key (P256VERIFY)",
        _ => "dev-TEE report (P256VERIFY)",
    };

    private static void MeasureDao(List<GasMeasurement> rows, Action<string, DevChain>? chainCreated)
    {
        var chain = new DevChain();
        chainCreated?.Invoke("dao", chain);
        var system = AgentChainSystem.Deploy(chain, new SystemParameters { WithDao = true });
        AgentGovernor governor = system.Governor!;
        var proposal = GovernorProposal.Of("Replace the guardian",
            (system.Registry.Address, system.Registry.SetGuardianCalldata(new DevAccount("gas-guardian").Address)));
        rows.Add(new("AgentGovernor.propose", governor.Propose(system.Voters[0], proposal).EnsureSuccess().GasUsed, "one call"));
        UInt256 id = governor.HashProposal(proposal);
        chain.AdvanceTime(system.Parameters.VotingDelay + 1);
        rows.Add(new("AgentGovernor.castVote", governor.CastVote(system.Voters[0], id, AgentGovernor.For).EnsureSuccess().GasUsed, "first vote"));
        for (int i = 1; i < system.Voters.Count; i++) governor.CastVote(system.Voters[i], id, AgentGovernor.For).EnsureSuccess();
        chain.AdvanceTime(system.Parameters.VotingPeriod + 1);
        rows.Add(new("AgentGovernor.queue", governor.Queue(system.Voters[0], proposal).EnsureSuccess().GasUsed, "schedules in the timelock"));
        chain.AdvanceTime(system.Parameters.TimelockMinDelay + 1);
        rows.Add(new("AgentGovernor.execute (proposal)", governor.Execute(system.Voters[0], proposal).EnsureSuccess().GasUsed, "timelock runs setGuardian"));
    }

    private static void MeasureOracle(List<GasMeasurement> rows, DevChain chain, AgentChainSystem system)
    {
        AgentHandle[] runners = Enumerable.Range(0, 3).Select(i => system.RegisterAgent($"gas-runner-{i}")).ToArray();
        var p = new FeedParameters(3, 100, 500, 3_600, 600, 7_200);
        AIFeed feed = AIFeed.Deploy(chain, system.Deployer, system.Registry.Address, system.Staking.Address, 8, "gas feed", p);
        BigInteger[] values = [2_000_00000000, 2_001_00000000, 1_999_00000000];
        long[] gas = new long[3];
        for (int i = 0; i < 3; i++)
            gas[i] = feed.Submit(runners[i].Signer, runners[i].Id, 1, values[i], AgentChainSystem.Word($"gas report {i}")).EnsureSuccess().GasUsed;
        rows.Add(new("AIFeed.submit (opens the round)", gas[0]));
        rows.Add(new("AIFeed.submit (middle report)", gas[1]));
        rows.Add(new("AIFeed.submit (reaches quorum 3: median)", gas[2]));
    }
}
