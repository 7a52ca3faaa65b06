// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IInferenceVerifier
/// @notice The verifier's surface used by ControllableAgent.
interface IInferenceVerifier {
    /// @notice Records an executed action's commitment and opens its challenge window; `value` is what the action
    /// sends (only value-moving actions count toward reputation).
    function recordAction(uint256 agentId, bytes32 commitment, bytes32 callHash, uint256 value) external;

    /// @notice Count of the agent's value-moving actions that closed unchallenged or survived a challenge since its
    /// last fraud.
    function reputationOf(uint256 agentId) external view returns (uint256);

    /// @notice True if (r, s) over sha256(commitment) verifies under the agent's attested P-256 key, and the key's
    /// measurement is still accepted.
    function verifyAttestedKeySignature(uint256 agentId, bytes32 commitment, bytes32 r, bytes32 s)
        external
        view
        returns (bool);

    /// @notice True if a dev-TEE report with an accepted `measurement` carries `reportData` and is signed by the
    /// registered dev-TEE platform key.
    function verifyDevTeeReport(uint256 agentId, bytes32 measurement, bytes32 reportData, bytes32 r, bytes32 s)
        external
        view
        returns (bool);
}
