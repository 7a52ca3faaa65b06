using System.Text.Json;

namespace AgentChain.Attestation.Dcap;

/// <summary>
/// Intel's identity of the Quoting Enclave ("QE" for SGX, "TD_QE" for TDX): the MRSIGNER, ISVPRODID and
/// masked MISCSELECT/ATTRIBUTES a genuine QE report must show, and TCB levels by ISVSVN, newest first.
/// </summary>
public sealed record QeIdentity(string Id, int Version, DateTimeOffset IssueDate, DateTimeOffset NextUpdate,
    uint MiscSelect, uint MiscSelectMask, byte[] Attributes, byte[] AttributesMask, byte[] MrSigner, int IsvProdId,
    IReadOnlyList<TcbInfo.ModuleLevel> Levels)
{
    internal static QeIdentity Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var levels = root.GetProperty("tcbLevels").EnumerateArray()
                .Select(l => new TcbInfo.ModuleLevel(l.GetProperty("tcb").GetProperty("isvsvn").GetInt32(), TcbInfo.Status(l), TcbInfo.Advisories(l)))
                .ToList();
            // MISCSELECT is written big-endian in the JSON and compared with the report's little-endian u32 value.
            return new QeIdentity(root.GetProperty("id").GetString()!, root.GetProperty("version").GetInt32(),
                TcbInfo.Date(root, "issueDate"), TcbInfo.Date(root, "nextUpdate"),
                Convert.ToUInt32(root.GetProperty("miscselect").GetString(), 16), Convert.ToUInt32(root.GetProperty("miscselectMask").GetString(), 16),
                TcbInfo.HexOf(root, "attributes"), TcbInfo.HexOf(root, "attributesMask"), TcbInfo.HexOf(root, "mrsigner"),
                root.GetProperty("isvprodid").GetInt32(), levels);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw DcapCollateral.Malformed($"QE identity JSON is malformed: {e.Message}");
        }
    }
}
