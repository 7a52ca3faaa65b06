using System.Collections.Concurrent;
using System.Diagnostics;
using AgentChain.Core.Crypto;
using AgentChain.Core.Rlp;
using AgentChain.Core.Types;
using AgentChain.Evm.Handler;
using AgentChain.Evm.Precompiles;
using AgentChain.State;

namespace AgentChain.Evm.StateTests;

/// <summary>
/// Runs GeneralStateTests cases: builds the pre-state, executes the transaction, and compares the state
/// root, the logs hash and the expected rejection. One bad case (malformed file, crash, timeout) is
/// reported as a failure of that case; the run always continues. Files run in parallel on threads with
/// large stacks, since nested calls recurse up to 1024 frames deep.
/// </summary>
public sealed class StateTestRunner
{
    private const int ThreadStackBytes = 256 * 1024 * 1024;

    private readonly TransactionProcessor _processor;

    public StateTestRunner(PrecompileSet precompiles, TimeSpan caseTimeout) =>
        _processor = new TransactionProcessor(precompiles) { Timeout = caseTimeout };

    public StateTestResult Run(StateTestCase c)
    {
        var watch = Stopwatch.StartNew();
        string? reason;
        try
        {
            reason = Check(c);
        }
        catch (TimeoutException)
        {
            reason = "timed out";
        }
        catch (Exception e)
        {
            reason = $"crashed: {e.GetType().Name}: {e.Message}";
        }
        return new StateTestResult(c.Id, c.Folder, reason is null, reason, watch.Elapsed);
    }

    private string? Check(StateTestCase c)
    {
        InMemoryState committed = c.PreState();
        Transaction tx;
        try
        {
            tx = c.Transaction();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            // A transaction whose fields cannot even be represented is invalid: nothing may change.
            if (c.ExpectedException is null) return $"transaction does not parse: {e.Message}";
            return CompareRoot(c, committed.ComputeStateRoot());
        }

        var state = new WorldState(committed);
        TransactionOutcome outcome = _processor.Execute(state, committed, c.Block, tx);
        if (c.ExpectedException is not null && outcome.IsValid) return $"expected {c.ExpectedException}, but the transaction was accepted";
        if (c.ExpectedException is null && !outcome.IsValid) return $"transaction rejected: {outcome.Error}";
        string? mismatch = CompareRoot(c, committed.ComputeStateRoot());
        Hash256 logsHash = LogsHash(outcome.Logs);
        mismatch ??= logsHash == c.ExpectedLogsHash ? null : $"logs hash {logsHash} != expected {c.ExpectedLogsHash}";
        if (mismatch is not null && outcome.TouchedUnavailablePrecompile)
            return $"{UnavailablePrecompile}; {mismatch}";
        return mismatch;
    }

    /// <summary>Failure reason prefix for cases that reach a Cancun precompile the configured set lacks.</summary>
    public const string UnavailablePrecompile = "uses a Cancun precompile (0x01-0x0a) not yet in PrecompileSet";

    private static string? CompareRoot(StateTestCase c, Hash256 root) =>
        root == c.ExpectedRoot ? null : $"state root {root} != expected {c.ExpectedRoot}";

    /// <summary>keccak256(rlp([[address, [topics…], data], …])).</summary>
    public static Hash256 LogsHash(IReadOnlyList<LogEntry> logs)
    {
        var writer = new RlpWriter(256);
        LogEntry.WriteRlpList(writer, logs);
        return Keccak256.Hash(writer.Written);
    }

    /// <summary>All .json files under the given files or folders, in a stable order.</summary>
    public static IReadOnlyList<string> FindFiles(IEnumerable<string> paths) =>
        paths.SelectMany(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*.json", SearchOption.AllDirectories)
                : File.Exists(p) ? [p] : throw new FileNotFoundException($"no test file or folder at {p}", p))
            .Select(Path.GetFullPath)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// Runs every case of every file whose case id contains <paramref name="filter"/> (all when null), on
    /// <paramref name="threads"/> threads. Ids are relative to <paramref name="root"/>.
    /// </summary>
    public IReadOnlyList<StateTestResult> RunFiles(IReadOnlyList<string> files, string root, string? filter, int threads)
    {
        var queue = new ConcurrentQueue<string>(files);
        var results = new ConcurrentBag<StateTestResult>();
        var workers = new List<Thread>();
        for (int i = 0; i < Math.Max(1, threads); i++)
        {
            var thread = new Thread(() =>
            {
                while (queue.TryDequeue(out string? file))
                {
                    IReadOnlyList<StateTestCase> cases;
                    try
                    {
                        cases = StateTestLoader.Load(file, root);
                    }
                    catch (Exception e)
                    {
                        string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                        results.Add(new StateTestResult(relative, StateTestLoader.FolderOf(relative), false, $"malformed test file: {e.Message}", TimeSpan.Zero));
                        continue;
                    }
                    foreach (StateTestCase c in cases)
                        if (filter is null || c.Id.Contains(filter, StringComparison.OrdinalIgnoreCase))
                            results.Add(Run(c));
                }
            }, ThreadStackBytes) { IsBackground = true, Name = $"statetest-{i}" };
            thread.Start();
            workers.Add(thread);
        }
        foreach (Thread t in workers) t.Join();
        return results.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
    }
}
