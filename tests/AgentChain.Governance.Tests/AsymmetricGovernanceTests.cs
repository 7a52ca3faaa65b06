using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>
/// Asymmetric governance as a property: whatever the guardian sends, it either is refused with NotGovernance (or a
/// range error) or leaves every limit at most as loose as before. Seeded; failures name the seed and step.
/// </summary>
public sealed class AsymmetricGovernanceTests
{
    private static readonly UInt256 Ether = Limits.Ether;

    private sealed record Snapshot(UInt256 Cap, AllowanceConfig Config, UInt256 Balance, uint MaxCalls, ulong Window,
        bool CallAllowed, bool ModelAllowed, bool Paused);

    private static Snapshot Take(AgentChainSystem system, AgentHandle agent, Address payee)
    {
        var allowance = agent.Account.Allowance;
        var rate = agent.Account.RateLimit;
        return new Snapshot(agent.Account.MaxValuePerCall, allowance.Config, allowance.Balance, rate.MaxCalls, rate.Window,
            agent.Account.IsCallAllowed(payee, Limits.TransferSelector), system.Registry.IsModelAllowed(agent.Id, agent.Inference.ModelHash),
            system.Registry.IsPaused(agent.Id));
    }

    /// <summary>The fields in which <paramref name="after"/> is looser than <paramref name="before"/>.</summary>
    private static IEnumerable<string> Loosened(Snapshot before, Snapshot after)
    {
        static bool ShorterPeriod(ulong was, ulong now) => now != 0 && (was == 0 || now < was);
        if (after.Cap > before.Cap) yield return "per-call cap";
        if (after.Config.MaxRefill > before.Config.MaxRefill) yield return "maxRefill";
        if (after.Config.RefillBase > before.Config.RefillBase) yield return "refillBase";
        if (after.Config.RefillCap > before.Config.RefillCap) yield return "refillCap";
        if (ShorterPeriod(before.Config.Period, after.Config.Period)) yield return "refill period";
        if (after.Config.ReputationRamp < before.Config.ReputationRamp) yield return "reputation ramp";
        if (after.Balance > before.Balance) yield return "allowance balance";
        if (after.MaxCalls > before.MaxCalls) yield return "calls per window";
        if (ShorterPeriod(before.Window, after.Window)) yield return "rate window";
        if (after.CallAllowed && !before.CallAllowed) yield return "call permission";
        if (after.ModelAllowed && !before.ModelAllowed) yield return "model";
        if (!after.Paused && before.Paused) yield return "pause";
    }

    public static TheoryData<int> Seeds => new() { 31, 32, 33 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_guardian_can_only_tighten(int seed)
    {
        var rng = new Random(seed);
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain);
        AgentHandle agent = system.RegisterAgent("guarded");
        var payee = new DevAccount("payee");
        Limits.OpenTransfers(system, agent, payee.Address, Ether * 5, new AllowanceConfig(Ether * 20, Ether * 2, Ether * 8, 3_600, 10),
            Ether * 10, 50, 600);
        ulong Near(ulong v) => (ulong)Math.Max(0, (long)v + rng.Next(-2, 3) * (long)Math.Max(1, v / 4));
        UInt256 NearWei(UInt256 v) => (UInt256)(Ether / 4) * (ulong)rng.Next(0, 2 * (int)(ulong)(v / (Ether / 4)) + 2);

        int accepted = 0, refused = 0;
        for (int step = 0; step < 40; step++)
        {
            if (rng.Next(4) == 0) chain.AdvanceTime((ulong)rng.Next(1, 4_000));
            Snapshot before = Take(system, agent, payee.Address);
            ControllableAgent a = agent.Account;
            (string call, TxReceipt r) = rng.Next(8) switch
            {
                0 => ("setMaxValuePerCall", a.SetMaxValuePerCall(system.Guardian, NearWei(before.Cap))),
                1 => ("setAllowance", a.SetAllowance(system.Guardian, new AllowanceConfig(NearWei(before.Config.MaxRefill),
                    NearWei(before.Config.RefillBase), NearWei(before.Config.RefillCap), rng.Next(5) == 0 ? 0 : Near(before.Config.Period),
                    Near(before.Config.ReputationRamp)))),
                2 => ("setAllowanceBalance", a.SetAllowanceBalance(system.Guardian, NearWei(before.Balance))),
                3 => ("setRateLimit", a.SetRateLimit(system.Guardian, (uint)Near(before.MaxCalls), rng.Next(5) == 0 ? 0 : Near(before.Window))),
                4 => ("setCallAllowed", a.SetCallAllowed(system.Guardian, payee.Address, Limits.TransferSelector, rng.Next(2) == 0)),
                5 => ("setModelAllowed", system.Registry.SetModelAllowed(system.Guardian, agent.Id, agent.Inference.ModelHash, rng.Next(2) == 0)),
                6 => ("setAgentPaused", system.Registry.SetAgentPaused(system.Guardian, agent.Id, rng.Next(2) == 0)),
                _ => ("setAttestationPolicy", system.Registry.SetAttestationPolicy(system.Guardian, agent.Id, AttestationMode.Commitment,
                    Near(system.Parameters.DefaultChallengeWindow))),
            };
            Snapshot after = Take(system, agent, payee.Address);
            string where = $"seed {seed} step {step}: guardian {call}";
            if (r.Succeeded)
            {
                accepted++;
                string[] loosened = Loosened(before, after).ToArray();
                Assert.True(loosened.Length == 0, $"{where} succeeded and loosened {string.Join(", ", loosened)}");
            }
            else
            {
                refused++;
                Assert.True(r.ErrorName is "NotGovernance" or "InvalidRefillRange", $"{where} failed with {r.Revert?.Message}");
                Assert.Equal(before, after);
            }
        }
        Assert.True(accepted > 5 && refused > 5, $"seed {seed}: {accepted} accepted, {refused} refused: too one-sided to prove anything");
    }
}
