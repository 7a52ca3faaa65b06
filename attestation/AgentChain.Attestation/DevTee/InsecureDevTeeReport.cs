using System.Security.Cryptography;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Attestation.DevTee;

/// <summary>
/// INSECURE-DEV: the report a software "TEE" signs during development, in the one format both the C# verifier and
/// the chain (<c>governance-dao/contracts/libraries/DevTeeReport.sol</c>, checked by InferenceVerifier through the
/// P256VERIFY precompile) accept. It imitates a quote — "code with <see cref="Measurement"/> produced
/// <see cref="ReportData"/>" — but the platform key is an ordinary key: anyone holding it can forge reports.
/// <para>Signed digest (P-256 over the hash as given):
/// <c>sha256(abi.encodePacked(keccak256("AgentChain.DevTeeReport.v1"), uint256 chainId, bytes32 measurement, bytes32 reportData))</c>.
/// For an action, reportData is the canonical inference commitment; to bind an attested key, it is
/// <see cref="KeyBinding"/>.</para>
/// <para>Serialized (192 bytes): marker[32] ‖ chainId[32] ‖ measurement[32] ‖ reportData[32] ‖ r[32] ‖ s[32].
/// On chain the proof carries <see cref="OnChainEvidence"/> = abi.encode(measurement, r, s); chain id and reportData
/// come from the chain and the commitment it recomputes.</para>
/// </summary>
public sealed record InsecureDevTeeReport(UInt256 ChainId, Hash256 Measurement, Hash256 ReportData, Hash256 R, Hash256 S)
{
    /// <summary>Every serialized dev report starts with this text, so a hex dump of one already says what it is.</summary>
    public const string MarkerText = "AGENTCHAIN INSECURE-DEV TEE v2";

    public const int MarkerLength = 32;
    public const int Length = MarkerLength + 5 * 32;

    /// <summary>keccak256("AgentChain.DevTeeReport.v1"): DevTeeReport.DOMAIN on chain.</summary>
    public static readonly Hash256 Domain = Keccak256.Hash("AgentChain.DevTeeReport.v1"u8);

    /// <summary>keccak256("AgentChain.AttestedKey.v1"): DevTeeReport.KEY_BINDING_DOMAIN on chain.</summary>
    public static readonly Hash256 KeyBindingDomain = Keccak256.Hash("AgentChain.AttestedKey.v1"u8);

    /// <summary>Always true: a field of its own so serialized forms and logs carry the warning too.</summary>
    public bool InsecureDev => true;

    /// <summary>The hash the platform key signs (DevTeeReport.digest on chain).</summary>
    public static byte[] Digest(UInt256 chainId, Hash256 measurement, Hash256 reportData) =>
        SHA256.HashData(AbiCodec.EncodePacked(["bytes32", "uint256", "bytes32", "bytes32"], [Domain, chainId, measurement, reportData]));

    /// <summary>The reportData that binds a P-256 key (x, y) to one agent (DevTeeReport.keyBinding on chain).</summary>
    public static Hash256 KeyBinding(UInt256 chainId, UInt256 agentId, Hash256 x, Hash256 y) =>
        Keccak256.Hash(AbiCodec.Encode(["bytes32", "uint256", "uint256", "bytes32", "bytes32"], [KeyBindingDomain, chainId, agentId, x, y]));

    public byte[] SigningDigest() => Digest(ChainId, Measurement, ReportData);

    /// <summary>abi.encode(bytes32 measurement, bytes32 r, bytes32 s): the evidence of proof mode TeeReport on chain.</summary>
    public byte[] OnChainEvidence() => AbiCodec.Encode(["bytes32", "bytes32", "bytes32"], [Measurement, R, S]);

    internal static byte[] Marker()
    {
        var marker = new byte[MarkerLength];
        System.Text.Encoding.ASCII.GetBytes(MarkerText, marker);
        return marker;
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        Marker().CopyTo(bytes, 0);
        ChainId.ToBigEndian().CopyTo(bytes, 32);
        Measurement.Bytes.CopyTo(bytes.AsSpan(64));
        ReportData.Bytes.CopyTo(bytes.AsSpan(96));
        R.Bytes.CopyTo(bytes.AsSpan(128));
        S.Bytes.CopyTo(bytes.AsSpan(160));
        return bytes;
    }

    /// <summary>Reads the serialized layout; null with a reason when the bytes are not a dev report.</summary>
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
        return new InsecureDevTeeReport(UInt256.FromBigEndian(bytes.Slice(32, 32)), new Hash256(bytes.Slice(64, 32)),
            new Hash256(bytes.Slice(96, 32)), new Hash256(bytes.Slice(128, 32)), new Hash256(bytes.Slice(160, 32)));
    }
}
