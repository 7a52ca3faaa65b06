using System.Buffers.Binary;

namespace AgentChain.Attestation.Dcap;

/// <summary>
/// The 384-byte SGX enclave report body (sgx_report_body_t), used for the ISV enclave in a v3 quote and for
/// the Quoting Enclave's own report in every quote. Offsets: CPUSVN 0[16], MISCSELECT 16 u32, reserved 20[28],
/// ATTRIBUTES 48[16], MRENCLAVE 64[32], reserved 96[32], MRSIGNER 128[32], reserved 160[96],
/// ISVPRODID 256 u16, ISVSVN 258 u16, reserved 260[60], REPORTDATA 320[64].
/// </summary>
public sealed class SgxReportBody
{
    public const int Length = 384;
    private readonly byte[] _raw;

    internal SgxReportBody(ReadOnlySpan<byte> raw) => _raw = raw[..Length].ToArray();

    public ReadOnlySpan<byte> Raw => _raw;
    public ReadOnlySpan<byte> CpuSvn => _raw.AsSpan(0, 16);
    public uint MiscSelect => BinaryPrimitives.ReadUInt32LittleEndian(_raw.AsSpan(16));
    public ReadOnlySpan<byte> Attributes => _raw.AsSpan(48, 16);
    public ReadOnlySpan<byte> MrEnclave => _raw.AsSpan(64, 32);
    public ReadOnlySpan<byte> MrSigner => _raw.AsSpan(128, 32);
    public ushort IsvProdId => BinaryPrimitives.ReadUInt16LittleEndian(_raw.AsSpan(256));
    public ushort IsvSvn => BinaryPrimitives.ReadUInt16LittleEndian(_raw.AsSpan(258));
    public ReadOnlySpan<byte> ReportData => _raw.AsSpan(320, 64);

    /// <summary>ATTRIBUTES.FLAGS bit 1: the enclave can be inspected by a debugger, so its secrets are not secret.</summary>
    public bool IsDebug => (_raw[48] & 0x02) != 0;
}
