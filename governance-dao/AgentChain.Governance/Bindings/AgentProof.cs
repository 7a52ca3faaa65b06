using AgentChain.Core.Abi;
using AgentChain.Core.Types;

namespace AgentChain.Governance.Bindings;

/// <summary>
/// The <c>proof</c> argument of <c>ControllableAgent.execute</c>: <c>abi.encode((uint8 mode, bytes32 modelHash,
/// bytes32 runtimeId, bytes32 inputHash, bytes32 outputHash, bytes evidence))</c>.
/// </summary>
public sealed record AgentProof(ProofMode Mode, Hash256 ModelHash, Hash256 RuntimeId, Hash256 InputHash, Hash256 OutputHash, byte[] Evidence)
{
    private static readonly string[] AbiTypes = ["(uint8,bytes32,bytes32,bytes32,bytes32,bytes)"];

    public byte[] Encode() => AbiCodec.Encode(AbiTypes,
        [new object?[] { (byte)Mode, ModelHash, RuntimeId, InputHash, OutputHash, Evidence }]);

    /// <summary>The evidence of <see cref="ProofMode.AttestedKey"/>: abi.encode(r, s).</summary>
    public static byte[] AttestedKeyEvidence(Hash256 r, Hash256 s) => AbiCodec.Encode(["bytes32", "bytes32"], [r, s]);

    /// <summary>The evidence of <see cref="ProofMode.TeeReport"/>: abi.encode(measurement, r, s).</summary>
    public static byte[] TeeReportEvidence(Hash256 measurement, Hash256 r, Hash256 s) =>
        AbiCodec.Encode(["bytes32", "bytes32", "bytes32"], [measurement, r, s]);
}
