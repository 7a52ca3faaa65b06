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
    public void Before_both_modes_are_measured_a_busy_pool_or_a_conflict_storm_keeps_blocks_sequential()
    {
        Assert.Contains("capacity", new AdaptiveExecutionPolicy { Capacity = 1.02 }.Choose());
        // 1.9x capacity over 1 + 1.0 re-executions per transaction is below the margin.
        AdaptiveExecutionPolicy storm = Measured(capacity: 1.9, parallel: 2e9, sequential: 1e9, reexecutions: 1.0, samples: 1);
        Assert.Contains("re-executions", storm.Choose());
    }

    [Fact]
    public void Probes_that_read_low_while_the_host_had_a_core_do_not_veto_exploration_after_one_that_read_high()
    {
        var policy = new AdaptiveExecutionPolicy();
        policy.Capacity = 1.02;
        Assert.Contains("capacity", policy.Choose());
        policy.Capacity = 1.97;
        policy.Capacity = 1.01;
        policy.Capacity = 1.03;
        Assert.Equal(1.97, policy.Capacity);
        Assert.Null(policy.Choose());
    }

    [Fact]
    public void Once_both_modes_are_measured_the_throughputs_overrule_the_predictions()
    {
        // A low capacity reading (another process had the cores during the probe) against measured throughput.
        Assert.Null(Measured(capacity: 1.02, parallel: 2e9, sequential: 1e9).Choose());
        Assert.Null(Measured(capacity: 1.9, parallel: 2e9, sequential: 1e9, reexecutions: 1.0).Choose());
        Assert.Contains("MGas/s", Measured(capacity: 1.02, parallel: 0.9e9, sequential: 1e9).Choose());
    }

    [Fact]
    public void With_a_busy_pool_block_stm_is_still_measured_at_each_probe_interval_and_then_chosen_if_faster()
    {
        var policy = new AdaptiveExecutionPolicy { Capacity = 1.0 };
        int block = 0, parallelBlocks = 0;
        while (parallelBlocks <= AdaptiveExecutionPolicy.ExplorationSamples)
        {
            bool parallel = policy.Choose() is null;
            block++;
            if (parallel) parallelBlocks++;
            policy.Learn(parallel, parallel ? 2e9 : 1e9, 0);
            Assert.True(block < 10 * AdaptiveExecutionPolicy.ProbeInterval, "Block-STM was never chosen");
        }
        // Blocks 32, 64 and 96 probed Block-STM; with three measurements of each mode, the next block chooses it.
        Assert.Equal(AdaptiveExecutionPolicy.ExplorationSamples * AdaptiveExecutionPolicy.ProbeInterval + 1, block);
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
