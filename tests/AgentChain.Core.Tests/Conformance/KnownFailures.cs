namespace AgentChain.Core.Tests.Conformance;

/// <summary>
/// A checked-in list of conformance cases that are expected to fail, one per line: "case-id  reason".
/// A listed case that starts passing is itself reported, so the list never goes stale.
/// </summary>
public sealed class KnownFailures
{
    private readonly Dictionary<string, string> _reasons;

    private KnownFailures(Dictionary<string, string> reasons) => _reasons = reasons;

    public static KnownFailures Load(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "known-failures", fileName);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return new KnownFailures(reasons);
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int space = line.IndexOfAny([' ', '\t']);
            string id = space < 0 ? line : line[..space];
            string reason = space < 0 ? "" : line[space..].Trim();
            if (reason.Length == 0) throw new FormatException($"{fileName}: known failure '{id}' has no reason");
            reasons[id] = reason;
        }
        return new KnownFailures(reasons);
    }

    public bool Contains(string caseId) => _reasons.ContainsKey(caseId);

    public int Count => _reasons.Count;

    public IEnumerable<string> Ids => _reasons.Keys;
}
