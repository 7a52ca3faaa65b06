// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title DevTeeReport
/// @notice The on-chain form of a dev-TEE report: an INSECURE stand-in for an SGX/TDX quote, for devnets only.
/// @dev A dev-TEE "platform" holds a P-256 key whose public half governance registers in the verifier. A report
/// says "code with `measurement` produced `reportData`" and is signed as P-256/SHA-256 over
///   sha256(abi.encodePacked(DOMAIN, chainId, measurement, reportData)).
/// Anyone holding the platform key can forge reports, which is why every event derived from one says insecure.
library DevTeeReport {
    /// @notice keccak256("AgentChain.DevTeeReport.v1").
    bytes32 internal constant DOMAIN = keccak256("AgentChain.DevTeeReport.v1");

    /// @notice keccak256("AgentChain.AttestedKey.v1"): domain of the reportData that binds an attested key.
    bytes32 internal constant KEY_BINDING_DOMAIN = keccak256("AgentChain.AttestedKey.v1");

    /// @notice The digest the dev-TEE platform key signs.
    function digest(uint256 chainId, bytes32 measurement, bytes32 reportData) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(DOMAIN, chainId, measurement, reportData));
    }

    /// @notice The reportData an enclave puts in its report to bind a P-256 key (x, y) to one agent.
    function keyBinding(uint256 chainId, uint256 agentId, bytes32 x, bytes32 y) internal pure returns (bytes32) {
        return keccak256(abi.encode(KEY_BINDING_DOMAIN, chainId, agentId, x, y));
    }
}
