using AgentChain.Core.Numerics;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>
/// Seeded random sequences of actions, clock jumps and guardian tightenings against a reference model of the
/// Zodiac-style allowance and the fixed-window rate limit. Every outcome must match the model, and independently of
/// it no accepted action may exceed the per-call cap, the allowance (initial balance + whole-period refills) or
/// the rate limit. A failure names the seed and step; rerun one seed with <see cref="Seeds"/> to reproduce.
/// </summary>
public sealed class LimitPropertyTests
{
    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6 };

    private sealed class Model
    {
        public ulong Cap, Balance, MaxRefill, Refill, Period, AllowanceAt;
        public uint MaxCalls, Used;
        public ulong Window, WindowStart;

        public (ulong Balance, ulong At) Accrued(ulong now)
        {
            if (Period == 0 || now < AllowanceAt + Period) return (Balance, AllowanceAt);
            ulong elapsed = (now - AllowanceAt) / Period;
            ulong balance = Balance;
            if (balance < MaxRefill) balance = Math.Min(balance + Refill * elapsed, MaxRefill);
            return (balance, AllowanceAt + elapsed * Period);
        }

        /// <summary>The custom error the contract must give, or null; on null the model advances.</summary>
        public string? Execute(ulong value, ulong now)
        {
            if (value > Cap) return "ValueAboveCap";
            (ulong balance, ulong at) = Accrued(now);
            if (value > balance) return "AllowanceExceeded";
            bool expired = Window != 0 && now >= WindowStart + Window;
            if ((expired ? 0 : Used) >= MaxCalls) return "RateLimitExceeded";
            Balance = balance - value;
            AllowanceAt = at;
            if (expired) { WindowStart = now; Used = 1; } else Used++;
            return null;
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_action_sequences_never_exceed_any_limit(int seed)
    {
        var rng = new Random(seed);
        DevChain chain = Transcripts.NewChain($"limits-{seed}");
        var system = AgentChainSystem.Deploy(chain);
        AgentHandle agent = system.RegisterAgent($"fuzz-{seed}", accountBalance: UInt256.Parse("1000000000000000000000"));
        var payee = new DevAccount($"payee-{seed}");

        var m = new Model
        {
            Cap = (ulong)rng.Next(100, 1_000),
            Period = (ulong)rng.Next(60, 600),
            MaxCalls = (uint)rng.Next(1, 6),
            Window = rng.Next(4) == 0 ? 0 : (ulong)rng.Next(30, 300),
        };
        m.MaxRefill = m.Cap * (ulong)rng.Next(1, 5);
        m.Refill = (ulong)rng.Next(0, (int)m.MaxRefill);
        m.Balance = (ulong)rng.Next(0, (int)m.MaxRefill + 1);
        string context = $"seed {seed} (cap {m.Cap}, maxRefill {m.MaxRefill}, refill {m.Refill}/{m.Period}s, {m.MaxCalls} calls/{m.Window}s)";
        Limits.OpenTransfers(system, agent, payee.Address, m.Cap, new AllowanceConfig(m.MaxRefill, m.Refill, m.Refill, m.Period, 0),
            m.Balance, m.MaxCalls, m.Window);
        ulong start = chain.Timestamp;
        m.AllowanceAt = start;
        m.WindowStart = start;
        ulong initialBalance = m.Balance, spent = 0;
        var accepted = new List<ulong>();
        var outcomes = new HashSet<string>();

        for (int step = 0; step < 45; step++)
        {
            string where = $"{context}, step {step}";
            switch (rng.Next(10))
            {
                case 0 or 1:
                    chain.AdvanceTime((ulong)rng.Next(1, (int)Math.Max(m.Period, m.Window == 0 ? 60 : m.Window) * 2));
                    break;
                case 2 when step > 25 && rng.Next(3) == 0:
                    // The guardian tightens: a lower cap or fewer calls per window, effective at once.
                    if (rng.Next(2) == 0)
                    {
                        m.Cap = (ulong)rng.Next(0, (int)m.Cap + 1);
                        agent.Account.SetMaxValuePerCall(system.Guardian, m.Cap).EnsureSuccess();
                    }
                    else
                    {
                        m.MaxCalls = (uint)rng.Next(0, (int)m.MaxCalls + 1);
                        agent.Account.SetRateLimit(system.Guardian, m.MaxCalls, m.Window).EnsureSuccess();
                    }
                    break;
                default:
                {
                    ulong value = rng.Next(5) switch
                    {
                        0 => m.Cap,
                        1 => m.Cap + 1 + (ulong)rng.Next(100),
                        _ => (ulong)rng.Next(0, (int)m.Cap + 1),
                    };
                    ulong now = chain.Timestamp;
                    string? expected = m.Execute(value, now);
                    TxReceipt r = agent.Account.Execute(agent.Signer, payee.Address, value, [], agent.Prove());
                    Assert.True(expected == r.ErrorName && (expected is null) == r.Succeeded,
                        $"{where}: execute({value}) at t+{now - start}: expected {expected ?? "success"}, got {r}");
                    outcomes.Add(expected ?? "success");
                    if (r.Succeeded)
                    {
                        spent += value;
                        accepted.Add(now);
                        Assert.True(value <= m.Cap, $"{where}: accepted {value} above the cap {m.Cap}");
                    }
                    break;
                }
            }

            // Invariants checked against the chain itself, not only the model.
            ulong elapsedPeriods = (chain.Timestamp - start) / m.Period;
            Assert.True(spent <= initialBalance + m.Refill * elapsedPeriods,
                $"{where}: spent {spent} > initial {initialBalance} + {elapsedPeriods} refills of {m.Refill}");
            Assert.True(chain.BalanceOf(payee.Address) == spent, $"{where}: payee got {chain.BalanceOf(payee.Address)}, accepted {spent}");
            Assert.True(agent.Account.Allowance.Balance == m.Accrued(chain.Timestamp).Balance,
                $"{where}: on-chain allowance {agent.Account.Allowance.Balance} != model {m.Accrued(chain.Timestamp).Balance}");
            if (m.Window == 0)
                Assert.True(accepted.Count <= 5, $"{where}: {accepted.Count} calls on a lifetime budget");
            else
                foreach (ulong t in accepted)
                    Assert.True(accepted.Count(u => u >= t && u < t + m.Window) <= 2 * 5,
                        $"{where}: more calls in one window than two fixed windows allow");
        }
        // The sequence must have exercised both sides of the limits, or it proved nothing.
        Transcripts.Save(chain);
        Assert.True(outcomes.Contains("success") && outcomes.Count >= 2, $"{context}: only saw {string.Join(", ", outcomes)}");
    }
}
