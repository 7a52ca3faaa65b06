// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title InferenceCommitment
/// @notice The one canonical commitment that binds an inference result to a single agent action.
/// @dev Every proof mode (signed commitment, attested TEE key, TEE report) proves knowledge of exactly this
/// value, and the C# runtime computes it byte-for-byte the same way (ARCHITECTURE.md, decision 6):
///   keccak256(abi.encode(DOMAIN, chainId, agentContract, agentId, nonce, modelHash, runtimeId, inputHash, outputHash))
/// Chain id, agent contract, agent id and the per-contract nonce are bound in, so a commitment can be used for
/// one call on one chain only (no cross-chain, cross-contract or same-contract replay).
library InferenceCommitment {
    /// @notice keccak256("AgentChain.InferenceCommitment.v1").
    bytes32 internal constant DOMAIN = keccak256("AgentChain.InferenceCommitment.v1");

    /// @notice The inference-specific part of a commitment, as the runtime reports it.
    struct Inference {
        bytes32 modelHash;
        bytes32 runtimeId;
        bytes32 inputHash;
        bytes32 outputHash;
    }

    /// @notice Computes the canonical commitment for an action of `agentContract` at `nonce`.
    function compute(
        uint256 chainId,
        address agentContract,
        uint256 agentId,
        uint256 nonce,
        Inference memory inference
    ) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN,
                chainId,
                agentContract,
                agentId,
                nonce,
                inference.modelHash,
                inference.runtimeId,
                inference.inputHash,
                inference.outputHash
            )
        );
    }

    /// @notice Hash of the call an action performs; recorded beside the commitment so a re-execution can check
    /// that the model's output maps to exactly this call.
    function callHash(address target, uint256 value, bytes calldata data) internal pure returns (bytes32) {
        return keccak256(abi.encode(target, value, keccak256(data)));
    }
}
