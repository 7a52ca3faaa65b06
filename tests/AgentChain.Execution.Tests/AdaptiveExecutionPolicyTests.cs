using AgentChain.Execution.Parallel;

namespace AgentChain.Execution.Tests;

/// <summary>The measured choice between Block-STM and sequential execution (<see cref="AdaptiveExecutionPolicy"/>).</summary>
public class AdaptiveExecutionPolicyTests
{
    private static AdaptiveExecutionPolicy Measured(double capacity, double parallel, double sequential, double reexecutions = 0, int samples = AdaptiveExecutionPolicy.Samples)
    {
        var policy = new AdaptiveExecutionPolicy { Capacity = capacity };
        for (int i = 0; i < samples; i++)
        {
            policy.Learn(true, parallel, reexecutions);
            policy.Learn(false, sequential, 0);
        }
        return policy;
    }

    [Fact]
    public void Without_measurements_the_two_modes_alternate_until_each_has_its_exploration_samples()
    {
        var policy = new AdaptiveExecutionPolicy { Capacity = 2 };
        var modes = new List<bool>();
        for (int block = 0; block < 2 * AdaptiveExecutionPolicy.ExplorationSamples; block++)
        {
            bool parallel = policy.Choose() is null;
            modes.Add(parallel);
            // The first (cold) parallel block is slow; the later ones are not: the median decides for Block-STM.
            policy.Learn(parallel, parallel ? (block == 0 ? 0.2e9 : 1.5e9) : 1e9, 0);
        }
        Assert.Equal([true, false, true, false, true, false], modes);
        Assert.Null(policy.Choose());
    }

    [Fact]
    public void Block_stm_is_chosen_only_with_a_margin_over_sequential()
    {
        Assert.Null(Measured(capacity: 1.9, parallel: 1.5e9, sequential: 1e9).Choose());
        Assert.Contains("MGas/s", Measured(capacity: 1.9, parallel: 1.03e9, sequential: 1e9).Choose());
        Assert.Contains("MGas/s", Measured(capacity: 1.9, parallel: 0.8e9, sequential: 1e9).Choose());
    }

    [Fact]
    public void One_noisy_fast_block_does_not_flip_the_choice()
    {
        AdaptiveExecutionPolicy policy = Measured(capacity: 1.9, parallel: 0.8e9, sequential: 1e9);
        policy.Learn(true, 5e9, 0); // one outlier among five parallel samples: the median stays at 0.8
        Assert.NotNull(policy.Choose());
    }

    [Fact]
    public void A_busy_pool_or_a_conflict_storm_runs_sequentially_whatever_the_throughput_said()
    {
        Assert.Contains("capacity", Measured(capacity: 1.02, parallel: 2e9, sequential: 1e9).Choose());
        // 1.9x capacity over 1 + 1.0 re-executions per transaction is below the margin.
        Assert.Contains("re-executions", Measured(capacity: 1.9, parallel: 2e9, sequential: 1e9, reexecutions: 1.0).Choose());
    }

    [Fact]
    public void The_losing_mode_is_measured_again_every_probe_interval()
    {
        AdaptiveExecutionPolicy policy = Measured(capacity: 1.9, parallel: 0.5e9, sequential: 1e9);
        int parallelBlocks = 0;
        for (int block = 0; block < 3 * AdaptiveExecutionPolicy.ProbeInterval; block++)
            if (policy.Choose() is null) parallelBlocks++;
        Assert.Equal(3, parallelBlocks);
    }
}
