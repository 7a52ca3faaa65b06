namespace AgentChain.Inference.Conformance;

/// <summary>
/// The conformance cases a backend is known to fail, each with its reason: one "case-name  reason" per line, '#'
/// starts a comment line. <see cref="Check"/> holds a run to the list both ways: a failure not listed is unexpected,
/// and a listed case that no longer fails is stale, so the list can only describe the backend as it is.
/// </summary>
public sealed class KnownFailureList
{
    private readonly Dictionary<string, string> _reasons;

    private KnownFailureList(Dictionary<string, string> reasons) => _reasons = reasons;

    /// <summary>Case name → why it fails.</summary>
    public IReadOnlyDictionary<string, string> Reasons => _reasons;

    public static KnownFailureList Load(string path) => Parse(File.ReadAllLines(path), Path.GetFileName(path));

    /// <summary>Reads the lines of a list; every entry needs a reason and a case may be listed once (<see cref="InvalidDataException"/> otherwise).</summary>
    public static KnownFailureList Parse(IEnumerable<string> lines, string source)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int split = line.IndexOfAny([' ', '\t']);
            if (split < 0) throw new InvalidDataException($"{source} line {number}: '{line}' has no reason; write 'case-name  why it fails'");
            if (!reasons.TryAdd(line[..split], line[split..].Trim()))
                throw new InvalidDataException($"{source} line {number}: {line[..split]} is listed twice");
        }
        return new KnownFailureList(reasons);
    }

    /// <summary>What in <paramref name="report"/> disagrees with the list: failures not listed, and listed cases that pass, are skipped or do not exist.</summary>
    public (IReadOnlyList<string> Unexpected, IReadOnlyList<string> Stale) Check(ConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var byName = report.Cases.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var unexpected = report.Cases.Where(c => c.Outcome == ConformanceOutcome.Failed && !_reasons.ContainsKey(c.Name))
            .Select(c => $"{c.Name}: {c.Detail}").ToList();
        var stale = _reasons.Keys.Order(StringComparer.Ordinal)
            .Select(name => byName.TryGetValue(name, out ConformanceCaseResult? r)
                ? r.Outcome switch
                {
                    ConformanceOutcome.Failed => null,
                    ConformanceOutcome.Passed => $"{name} is listed as a known failure but passes",
                    _ => $"{name} is listed as a known failure but is skipped ({r.Detail})",
                }
                : $"{name} is listed as a known failure but does not exist")
            .OfType<string>().ToList();
        return (unexpected, stale);
    }
}
