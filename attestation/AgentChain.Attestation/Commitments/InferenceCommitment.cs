using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Attestation.Commitments;

/// <summary>
/// The one canonical commitment to an inference (ARCHITECTURE.md, decision 6). Everything that vouches for an
/// inference — a TEE quote's REPORTDATA, an agent's signature, a dev-TEE report — vouches for <see cref="Hash"/>.
/// <para>Definition (Solidity recomputes it exactly so):</para>
/// <code>
/// bytes32 constant DOMAIN = keccak256("AgentChain.InferenceCommitment.v1");
/// keccak256(abi.encode(DOMAIN, chainId, agentContract, agentId, nonce, modelHash, runtimeId, inputHash, outputHash))
/// // types: bytes32, uint256, address, uint256, uint256, bytes32, bytes32, bytes32, bytes32
/// </code>
/// abi.encode (not encodePacked) keeps every field in its own 32-byte word, so no two field lists can collide;
/// the domain word separates this hash from every other keccak the chain signs (transactions, EIP-712), and
/// chainId + agentContract + nonce stop a commitment from being replayed on another chain, agent or action.
/// </summary>
public sealed record InferenceCommitment(
    UInt256 ChainId,
    Address AgentContract,
    UInt256 AgentId,
    UInt256 Nonce,
    Hash256 ModelHash,
    Hash256 RuntimeId,
    Hash256 InputHash,
    Hash256 OutputHash)
{
    /// <summary>The preimage of <see cref="Domain"/>; bump the version when the field list changes.</summary>
    public const string DomainTag = "AgentChain.InferenceCommitment.v1";

    /// <summary>keccak256("AgentChain.InferenceCommitment.v1").</summary>
    public static readonly Hash256 Domain = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(DomainTag));

    private static readonly string[] AbiTypes =
        ["bytes32", "uint256", "address", "uint256", "uint256", "bytes32", "bytes32", "bytes32", "bytes32"];

    /// <summary>abi.encode of the nine words (288 bytes): the exact preimage of <see cref="Hash"/>.</summary>
    public byte[] Encode() => AbiCodec.Encode(AbiTypes,
        [Domain, ChainId, AgentContract, AgentId, Nonce, ModelHash, RuntimeId, InputHash, OutputHash]);

    /// <summary>keccak256 of <see cref="Encode"/>.</summary>
    public Hash256 Hash() => Keccak256.Hash(Encode());
}
