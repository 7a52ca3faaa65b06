using AgentChain.Core.Crypto;
using AgentChain.Core.Types;

namespace AgentChain.Attestation.DevTee;

/// <summary>
/// INSECURE-DEV: the report a software "TEE" signs during development. It imitates the shape of a real
/// quote (a measurement and 64 bytes of REPORTDATA whose first 32 bytes are the commitment) so the rest of
/// the pipeline can be exercised without hardware, but the key is an ordinary file: it proves nothing.
/// <para>Layout (193 bytes): marker[32] ‖ measurement[32] ‖ reportData[64] ‖ signature r‖s‖v[65], the
/// signature by the dev key over keccak256(marker ‖ measurement ‖ reportData).</para>
/// </summary>
public sealed record InsecureDevTeeReport(Hash256 Measurement, byte[] ReportData, byte[] Signature)
{
    /// <summary>Every dev report starts with this text, so a hex dump of one already says what it is.</summary>
    public const string MarkerText = "AGENTCHAIN INSECURE-DEV TEE v1";

    public const int MarkerLength = 32;
    public const int ReportDataLength = 64;
    public const int SignatureLength = 65;
    public const int Length = MarkerLength + Hash256.Length + ReportDataLength + SignatureLength;

    /// <summary>Always true: a field of its own so serialized forms and logs carry the warning too.</summary>
    public bool InsecureDev => true;

    internal static byte[] Marker()
    {
        var marker = new byte[MarkerLength];
        System.Text.Encoding.ASCII.GetBytes(MarkerText, marker);
        return marker;
    }

    /// <summary>The hash the dev key signs: keccak256 over everything before the signature.</summary>
    internal static Hash256 SigningHash(Hash256 measurement, ReadOnlySpan<byte> reportData)
    {
        var hasher = Keccak256.Create();
        hasher.Update(Marker());
        hasher.Update(measurement.Bytes);
        hasher.Update(reportData);
        return hasher.Finish();
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        Marker().CopyTo(bytes, 0);
        Measurement.Bytes.CopyTo(bytes.AsSpan(MarkerLength));
        ReportData.CopyTo(bytes, MarkerLength + Hash256.Length);
        Signature.CopyTo(bytes, MarkerLength + Hash256.Length + ReportDataLength);
        return bytes;
    }

    /// <summary>Reads the layout; null with a reason when the bytes are not a dev report.</summary>
    public static InsecureDevTeeReport? TryParse(ReadOnlySpan<byte> bytes, out string reason)
    {
        if (bytes.Length != Length)
        {
            reason = $"an INSECURE-DEV report is {Length} bytes, got {bytes.Length}";
            return null;
        }
        if (!bytes[..MarkerLength].SequenceEqual(Marker()))
        {
            reason = $"the report does not start with the marker \"{MarkerText}\"";
            return null;
        }
        reason = "";
        int offset = MarkerLength;
        var measurement = new Hash256(bytes.Slice(offset, Hash256.Length));
        offset += Hash256.Length;
        byte[] reportData = bytes.Slice(offset, ReportDataLength).ToArray();
        offset += ReportDataLength;
        return new InsecureDevTeeReport(measurement, reportData, bytes.Slice(offset, SignatureLength).ToArray());
    }
}
