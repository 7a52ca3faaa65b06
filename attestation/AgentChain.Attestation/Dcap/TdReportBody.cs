namespace AgentChain.Attestation.Dcap;

/// <summary>
/// The 584-byte TD 1.0 report body of a TDX quote v4. Offsets: TEE_TCB_SVN 0[16], MRSEAM 16[48],
/// MRSIGNERSEAM 64[48], SEAMATTRIBUTES 112[8], TDATTRIBUTES 120[8], XFAM 128[8], MRTD 136[48],
/// MRCONFIGID 184[48], MROWNER 232[48], MROWNERCONFIG 280[48], RTMR0..3 328/376/424/472[48], REPORTDATA 520[64].
/// </summary>
public sealed class TdReportBody
{
    public const int Length = 584;
    private readonly byte[] _raw;

    internal TdReportBody(ReadOnlySpan<byte> raw) => _raw = raw[..Length].ToArray();

    public ReadOnlySpan<byte> Raw => _raw;
    public ReadOnlySpan<byte> TeeTcbSvn => _raw.AsSpan(0, 16);
    public ReadOnlySpan<byte> MrSeam => _raw.AsSpan(16, 48);
    public ReadOnlySpan<byte> MrSignerSeam => _raw.AsSpan(64, 48);
    public ReadOnlySpan<byte> SeamAttributes => _raw.AsSpan(112, 8);
    public ReadOnlySpan<byte> TdAttributes => _raw.AsSpan(120, 8);
    public ReadOnlySpan<byte> Xfam => _raw.AsSpan(128, 8);
    public ReadOnlySpan<byte> MrTd => _raw.AsSpan(136, 48);
    public ReadOnlySpan<byte> MrConfigId => _raw.AsSpan(184, 48);
    public ReadOnlySpan<byte> MrOwner => _raw.AsSpan(232, 48);
    public ReadOnlySpan<byte> MrOwnerConfig => _raw.AsSpan(280, 48);
    public ReadOnlySpan<byte> Rtmr(int index) => _raw.AsSpan(328 + 48 * index, 48);
    public ReadOnlySpan<byte> ReportData => _raw.AsSpan(520, 64);

    /// <summary>TDATTRIBUTES.TUD (byte 0) non-zero: the TD is debuggable (off-TD debug), so it proves nothing.</summary>
    public bool IsDebug => _raw[120] != 0;
}
