using System.Buffers.Binary;

namespace AgentChain.Attestation.Dcap;

/// <summary>
/// The 48-byte DCAP quote header (Intel SGX ECDSA Quote Library API, quote v3 §A.4 / TDX DCAP quote v4):
/// version u16 ‖ attestation key type u16 ‖ TEE type u32 (reserved = 0 in v3) ‖ QE SVN u16 ‖ PCE SVN u16 ‖
/// QE vendor id [16] ‖ user data [20]; integers little-endian.
/// </summary>
public sealed record QuoteHeader(ushort Version, ushort AttestationKeyType, uint TeeType, ushort QeSvn, ushort PceSvn, byte[] QeVendorId, byte[] UserData)
{
    public const int Length = 48;
    public const ushort KeyTypeEcdsaP256 = 2;
    public const uint TeeTypeSgx = 0x00000000;
    public const uint TeeTypeTdx = 0x00000081;

    /// <summary>Intel's QE vendor id 939A7233-F79C-4CA9-940A-0DB3957F0607.</summary>
    public static readonly byte[] IntelQeVendorId = Convert.FromHexString("939A7233F79C4CA9940A0DB3957F0607");

    internal static QuoteHeader Read(ReadOnlySpan<byte> b) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(b),
        BinaryPrimitives.ReadUInt16LittleEndian(b[2..]),
        BinaryPrimitives.ReadUInt32LittleEndian(b[4..]),
        BinaryPrimitives.ReadUInt16LittleEndian(b[8..]),
        BinaryPrimitives.ReadUInt16LittleEndian(b[10..]),
        b.Slice(12, 16).ToArray(),
        b.Slice(28, 20).ToArray());
}
