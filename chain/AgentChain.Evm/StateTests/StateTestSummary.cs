using System.Text;

namespace AgentChain.Evm.StateTests;

/// <summary>The runner's report: a per-folder table, optionally the slowest cases, and "N passed, N failed".</summary>
public static class StateTestSummary
{
    public static string Format(IReadOnlyList<StateTestResult> results, bool timing, int failuresToList = 50)
    {
        var text = new StringBuilder();
        int width = Math.Max(6, results.Select(r => r.Folder.Length).DefaultIfEmpty(6).Max());
        text.AppendLine($"{"folder".PadRight(width)}  {"passed",7}  {"failed",7}{(timing ? "  " + "seconds".PadLeft(9) : "")}");
        foreach (var group in results.GroupBy(r => r.Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int passed = group.Count(r => r.Passed);
            text.Append($"{group.Key.PadRight(width)}  {passed,7}  {group.Count() - passed,7}");
            if (timing) text.Append($"  {group.Sum(r => r.Elapsed.TotalSeconds),9:F2}");
            text.AppendLine();
        }
        var failures = results.Where(r => !r.Passed).ToArray();
        foreach (StateTestResult f in failures.Take(failuresToList)) text.AppendLine($"FAIL {f.Id}  {f.Reason}");
        if (failures.Length > failuresToList) text.AppendLine($"... and {failures.Length - failuresToList} more failures");
        if (timing)
            foreach (StateTestResult slow in results.OrderByDescending(r => r.Elapsed).Take(10))
                text.AppendLine($"slow {slow.Elapsed.TotalMilliseconds,8:F0} ms  {slow.Id}");
        text.AppendLine($"{results.Count(r => r.Passed)} passed, {failures.Length} failed");
        return text.ToString();
    }
}
