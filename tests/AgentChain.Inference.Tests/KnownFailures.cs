namespace AgentChain.Inference.Tests;

/// <summary>Reads known-failures/NAME: one "case-name  reason" per line; '#' starts a comment. Every entry needs a reason.</summary>
internal static class KnownFailures
{
    public static Dictionary<string, string> Load(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "known-failures", fileName);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int split = line.IndexOfAny([' ', '\t']);
            if (split < 0) throw new InvalidDataException($"{fileName}: '{line}' has no reason; write 'case-name  why it fails'");
            result.Add(line[..split], line[split..].Trim());
        }
        return result;
    }
}
