using System.Globalization;
using System.Text.Json;

namespace AgentChain.Attestation.Dcap;

/// <summary>
/// Intel TCB info (v2/v3 JSON) for one FMSPC: TCB levels ordered newest first, each with 16 SGX component
/// SVNs, a PCESVN, for TDX 16 TDX component SVNs, a status and advisories; for TDX also the TDX module
/// identities keyed "TDX_&lt;major version&gt;".
/// </summary>
public sealed record TcbInfo(string Id, int Version, DateTimeOffset IssueDate, DateTimeOffset NextUpdate, byte[] Fmspc,
    IReadOnlyList<TcbInfo.Level> Levels, IReadOnlyList<TcbInfo.ModuleIdentity> TdxModuleIdentities)
{
    public sealed record Level(byte[] SgxComponents, int PceSvn, byte[]? TdxComponents, string Status, IReadOnlyList<string> AdvisoryIds);

    public sealed record ModuleLevel(int IsvSvn, string Status, IReadOnlyList<string> AdvisoryIds);

    public sealed record ModuleIdentity(string Id, byte[] MrSigner, byte[] Attributes, byte[] AttributesMask, IReadOnlyList<ModuleLevel> Levels);

    internal static TcbInfo Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var levels = new List<Level>();
            foreach (var level in root.GetProperty("tcbLevels").EnumerateArray())
            {
                var tcb = level.GetProperty("tcb");
                levels.Add(new Level(
                    Components(tcb.GetProperty("sgxtcbcomponents")),
                    tcb.GetProperty("pcesvn").GetInt32(),
                    tcb.TryGetProperty("tdxtcbcomponents", out var tdx) ? Components(tdx) : null,
                    Status(level), Advisories(level)));
            }
            var modules = new List<ModuleIdentity>();
            if (root.TryGetProperty("tdxModuleIdentities", out var identities))
            {
                foreach (var identity in identities.EnumerateArray())
                {
                    var moduleLevels = identity.GetProperty("tcbLevels").EnumerateArray()
                        .Select(l => new ModuleLevel(l.GetProperty("tcb").GetProperty("isvsvn").GetInt32(), Status(l), Advisories(l)))
                        .ToList();
                    modules.Add(new ModuleIdentity(identity.GetProperty("id").GetString()!, HexOf(identity, "mrsigner"),
                        HexOf(identity, "attributes"), HexOf(identity, "attributesMask"), moduleLevels));
                }
            }
            return new TcbInfo(root.GetProperty("id").GetString() ?? "SGX", root.GetProperty("version").GetInt32(),
                Date(root, "issueDate"), Date(root, "nextUpdate"), HexOf(root, "fmspc"), levels, modules);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw DcapCollateral.Malformed($"TCB info JSON is malformed: {e.Message}");
        }
    }

    private static byte[] Components(JsonElement array)
    {
        var svns = array.EnumerateArray().Select(c => checked((byte)c.GetProperty("svn").GetInt32())).ToArray();
        return svns.Length == 16 ? svns : throw new FormatException($"expected 16 TCB components, got {svns.Length}");
    }

    internal static string Status(JsonElement level)
    {
        string status = level.GetProperty("tcbStatus").GetString()!;
        return TcbLevelStatus.IsKnown(status) ? status : throw new FormatException($"unknown tcbStatus \"{status}\"");
    }

    internal static IReadOnlyList<string> Advisories(JsonElement level) =>
        level.TryGetProperty("advisoryIDs", out var ids) ? ids.EnumerateArray().Select(i => i.GetString()!).ToList() : [];

    internal static byte[] HexOf(JsonElement element, string name) => Convert.FromHexString(element.GetProperty(name).GetString()!);

    internal static DateTimeOffset Date(JsonElement element, string name) =>
        DateTimeOffset.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
