using System.Numerics;
using AgentChain.Core.Numerics;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>AIFeed: median with up to f malicious reporters, outliers, staleness, round rules, and the example consumer.</summary>
public sealed class OracleTests
{
    private static readonly BigInteger Truth = 2_000_00000000; // 2,000.00000000 with 8 decimals

    private sealed record Feed(DevChain Chain, AgentChainSystem System, AIFeed Contract, AgentHandle[] Runners, FeedParameters Parameters);

    private static Feed Build(int runners, uint quorum)
    {
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain);
        AgentHandle[] handles = Enumerable.Range(0, runners).Select(i => system.RegisterAgent($"runner-{i}")).ToArray();
        var p = new FeedParameters(quorum, DeviationBps: 100, OutlierBps: 500, Heartbeat: 60, RoundTimeout: 30, StalenessThreshold: 120);
        AIFeed feed = AIFeed.Deploy(chain, system.Deployer, system.Registry.Address, system.Staking.Address, 8, "ETH / USD (AI)", p);
        return new Feed(chain, system, feed, handles, p);
    }

    private static TxReceipt Submit(Feed f, int runner, ulong round, BigInteger value) =>
        f.Contract.Submit(f.Runners[runner].Signer, f.Runners[runner].Id, round, value, AgentChainSystem.Word($"commitment {round}/{runner}"));

    public static TheoryData<int, int> MaliciousCases => new() { { 21, 1 }, { 22, 2 }, { 23, 3 }, { 24, 2 } };

    [Theory]
    [MemberData(nameof(MaliciousCases))]
    public void The_median_stays_within_the_honest_range_with_up_to_f_malicious_reporters(int seed, int f)
    {
        var rng = new Random(seed);
        int n = 2 * f + 1;
        Feed feed = Build(n, (uint)n);
        for (ulong round = 1; round <= 3; round++)
        {
            string context = $"seed {seed}, f {f}, round {round}";
            var malicious = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(f).ToHashSet();
            var values = new BigInteger[n];
            foreach (int i in Enumerable.Range(0, n).OrderBy(_ => rng.Next()))
            {
                values[i] = malicious.Contains(i)
                    ? rng.Next(3) switch { 0 => -Truth * 1_000, 1 => Truth * 1_000, _ => 0 }
                    : Truth * (10_000 + rng.Next(-100, 101)) / 10_000; // honest: within 1 %
                Submit(feed, i, round, values[i]).EnsureSuccess();
            }
            RoundData data = feed.Contract.LatestRoundData();
            var honest = Enumerable.Range(0, n).Where(i => !malicious.Contains(i)).Select(i => values[i]).ToArray();
            Assert.True(data.Answer >= honest.Min() && data.Answer <= honest.Max(), $"{context}: answer {data.Answer} outside honest [{honest.Min()}, {honest.Max()}]");
            Assert.True(data.Answer == values.Order().ElementAt(n / 2), $"{context}: answer {data.Answer} is not the median");
            Assert.Equal(round, data.RoundId);
            Assert.Equal(round, data.AnsweredInRound);
            // Every malicious report is far from the median and recorded for challenge; no honest one is.
            var outliers = feed.Contract.OutliersOf(round).Select(id => (int)(ulong)id).ToHashSet();
            var expected = malicious.Select(i => (int)(ulong)feed.Runners[i].Id).ToHashSet();
            Assert.True(outliers.SetEquals(expected), $"{context}: outliers [{string.Join(",", outliers)}] != malicious [{string.Join(",", expected)}]");
            feed.Chain.AdvanceTime(feed.Parameters.Heartbeat);
        }
    }

    [Fact]
    public void An_even_quorum_answers_the_mean_of_the_two_middle_reports()
    {
        Feed feed = Build(4, 4);
        BigInteger[] values = [Truth, Truth + 7, Truth + 2, Truth - 5];
        for (int i = 0; i < 4; i++) Submit(feed, i, 1, values[i]).EnsureSuccess();
        Assert.Equal((Truth + Truth + 2) / 2, feed.Contract.LatestRoundData().Answer);
    }

    /// <summary>An even count's median is floor((a + b) / 2) for every sign combination (it once rounded differently by sign).</summary>
    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(-3, 4, 0)]
    [InlineData(-4, 1, -2)]
    [InlineData(3, -4, -1)]
    [InlineData(-5, -2, -4)]
    public void An_even_median_rounds_down_whatever_the_signs(int a, int b, int expected)
    {
        Feed feed = Build(2, 2);
        Submit(feed, 0, 1, a).EnsureSuccess();
        Submit(feed, 1, 1, b).EnsureSuccess();
        Assert.Equal(new BigInteger(expected), feed.Contract.LatestRoundData().Answer);
    }

    [Fact]
    public void Staleness_heartbeat_deviation_and_abandoned_rounds()
    {
        Feed feed = Build(3, 2);
        Assert.True(feed.Contract.IsStale);
        Assert.Equal("NoDataPresent", feed.Contract.TryGetRoundData(1).ErrorName);
        Assert.Equal("InvalidRound", Submit(feed, 0, 2, Truth).ErrorName);
        Submit(feed, 0, 1, Truth).EnsureSuccess();
        Assert.Equal("AlreadySubmitted", Submit(feed, 0, 1, Truth).ErrorName);
        Submit(feed, 1, 1, Truth).EnsureSuccess();
        Assert.False(feed.Contract.IsStale);

        // Within the heartbeat a small move needs no update; a move above deviationBps does.
        Assert.Equal("NoUpdateNeeded", Submit(feed, 0, 2, Truth + 1).ErrorName);
        Submit(feed, 0, 2, Truth * 102 / 100).EnsureSuccess();
        // Round 2 misses its quorum within the timeout: abandoned, and its id never reports data.
        feed.Chain.AdvanceTime(feed.Parameters.RoundTimeout + 1);
        TxReceipt next = Submit(feed, 1, 3, Truth * 102 / 100).EnsureSuccess();
        Assert.Single(next.Events("RoundAbandoned"));
        Assert.Equal("NoDataPresent", feed.Contract.TryGetRoundData(2).ErrorName);
        Submit(feed, 2, 3, Truth * 102 / 100).EnsureSuccess();
        Assert.Equal(3UL, feed.Contract.LatestRoundData().RoundId);

        feed.Chain.AdvanceTime(feed.Parameters.StalenessThreshold + 1);
        Assert.True(feed.Contract.IsStale);
        Assert.Equal(8, feed.Contract.Decimals);
        Assert.Equal("ETH / USD (AI)", feed.Contract.Description);
    }

    [Fact]
    public void Only_staked_registered_signers_report()
    {
        Feed feed = Build(2, 2);
        AgentHandle r = feed.Runners[0];
        Assert.Equal("NotRunnerSigner", feed.Contract.Submit(r.Owner, r.Id, 1, Truth, default).ErrorName);
        feed.System.Staking.RequestUnbond(r.Owner, r.Id, feed.System.Parameters.MinimumStake).EnsureSuccess();
        Assert.Equal("RunnerNotStaked", Submit(feed, 0, 1, Truth).ErrorName);
    }

    [Fact]
    public void The_example_consumer_reads_safely_and_refuses_stale_answers()
    {
        Feed feed = Build(2, 2);
        var consumer = ExampleFeedConsumer.Deploy(feed.Chain, feed.System.Deployer, feed.Contract.Address, 100);
        Assert.Equal("NoDataPresent", consumer.ReadAnswer().ErrorName);
        Submit(feed, 0, 1, Truth).EnsureSuccess();
        Submit(feed, 1, 1, Truth + 2).EnsureSuccess();
        Assert.True(consumer.ReadAnswer().Succeeded);
        TxReceipt recorded = consumer.RecordAnswer(feed.System.Deployer).EnsureSuccess();
        Assert.Single(recorded.Events("AnswerAccepted"));
        Assert.Equal(Truth + 1, consumer.LastAnswer);

        feed.Chain.AdvanceTime(101);
        Assert.Equal("StaleAnswer", consumer.ReadAnswer().ErrorName);
        Assert.Equal("StaleAnswer", consumer.RecordAnswer(feed.System.Deployer).ErrorName);

        // A non-positive median is refused even when fresh.
        Submit(feed, 0, 2, -5).EnsureSuccess();
        Submit(feed, 1, 2, -3).EnsureSuccess();
        Assert.Equal("NonPositiveAnswer", consumer.ReadAnswer().ErrorName);
    }
}
