namespace AgentChain.Execution.Tests;

public class BlockWorkerPoolTests
{
    [Fact]
    public void Every_worker_runs_each_block_once_on_threads_kept_between_blocks()
    {
        var pool = new BlockWorkerPool(3);
        var first = new int[3];
        var threadsOfFirst = new int[3];
        pool.Run(id =>
        {
            Interlocked.Increment(ref first[id]);
            threadsOfFirst[id] = Environment.CurrentManagedThreadId;
        });
        var threadsOfSecond = new int[3];
        pool.Run(id => threadsOfSecond[id] = Environment.CurrentManagedThreadId);

        Assert.Equal([1, 1, 1], first);
        Assert.Equal(3, threadsOfFirst.Distinct().Count());
        Assert.Equal(threadsOfFirst, threadsOfSecond);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, threadsOfFirst);
    }

    [Fact]
    public void A_failing_worker_fails_the_block_and_the_pool_still_runs_the_next_one()
    {
        var pool = new BlockWorkerPool(2);
        var failure = Assert.Throws<InvalidOperationException>(() => pool.Run(id =>
        {
            if (id == 1) throw new ArgumentException("worker 1 broke");
        }));
        Assert.IsType<ArgumentException>(failure.InnerException);
        Assert.Contains("worker 1 broke", failure.Message);

        int ran = 0;
        pool.Run(_ => Interlocked.Increment(ref ran));
        Assert.Equal(2, ran);
    }

    [Fact]
    public void For_visits_every_index_exactly_once()
    {
        var pool = new BlockWorkerPool(2);
        var visits = new int[1001];
        pool.For(visits.Length, i => Interlocked.Increment(ref visits[i]));
        Assert.All(visits, v => Assert.Equal(1, v));
    }

    [Fact]
    public void Capacity_is_one_for_a_single_worker_and_a_positive_ratio_otherwise()
    {
        double single = new BlockWorkerPool(1).MeasureCapacity();
        double two = new BlockWorkerPool(2).MeasureCapacity();

        Assert.Equal(1.0, single);
        // A timing ratio: on a loaded host anything from well below 1 to above 2 happens; it must be a usable number.
        Assert.True(double.IsFinite(two) && two > 0, $"capacity {two}");
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(2, 10_001)]
    [InlineData(3, 257)]
    public void For_visits_every_index_once_in_chunks_claimed_by_the_workers(int workers, int length)
    {
        var pool = new BlockWorkerPool(workers);
        var visits = new int[length];
        var byWorker = new int[workers];
        pool.For(length, (worker, index) =>
        {
            Interlocked.Increment(ref visits[index]);
            Interlocked.Increment(ref byWorker[worker]);
        }, chunk: 64);

        Assert.All(visits, v => Assert.Equal(1, v));
        Assert.Equal(length, byWorker.Sum());
    }
}
