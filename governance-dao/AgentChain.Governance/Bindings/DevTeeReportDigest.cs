using System.Security.Cryptography;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Governance.Bindings;

/// <summary>
/// The on-chain dev-TEE report format of <c>libraries/DevTeeReport.sol</c> (INSECURE, devnets only): what the
/// platform's P-256 key signs, and the reportData that binds an attested key to an agent.
/// </summary>
public static class DevTeeReportDigest
{
    public static readonly Hash256 Domain = Keccak256.Hash("AgentChain.DevTeeReport.v1"u8);
    public static readonly Hash256 KeyBindingDomain = Keccak256.Hash("AgentChain.AttestedKey.v1"u8);

    /// <summary>sha256(abi.encodePacked(DOMAIN, chainId, measurement, reportData)).</summary>
    public static byte[] Digest(UInt256 chainId, Hash256 measurement, Hash256 reportData) =>
        SHA256.HashData(AbiCodec.EncodePacked(["bytes32", "uint256", "bytes32", "bytes32"], [Domain, chainId, measurement, reportData]));

    /// <summary>keccak256(abi.encode(KEY_BINDING_DOMAIN, chainId, agentId, x, y)).</summary>
    public static Hash256 KeyBinding(UInt256 chainId, UInt256 agentId, Hash256 x, Hash256 y) =>
        Keccak256.Hash(AbiCodec.Encode(["bytes32", "uint256", "uint256", "bytes32", "bytes32"], [KeyBindingDomain, chainId, agentId, x, y]));
}
