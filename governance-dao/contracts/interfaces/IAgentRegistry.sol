// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IAgentRegistry
/// @notice What the other AgentChain contracts read from the agent registry (identity, policy, roles).
interface IAgentRegistry {
    /// @notice How an agent proves its inferences.
    /// @dev Commitment: the signer signs the canonical commitment and it stays open to challenge.
    /// Tee: an attested P-256 key (registered through TEE evidence) signs it, or a TEE report carries it.
    enum AttestationMode {
        Commitment,
        Tee
    }

    /// @notice Everything ControllableAgent needs from the registry for one action, in one call.
    struct ExecutionPolicy {
        bool registered;
        bool paused;
        bool modelAllowed;
        AttestationMode mode;
        address signer;
    }

    /// @notice The DAO's executor (the timelock); the only address that may loosen limits.
    function governance() external view returns (address);

    /// @notice The guardian the DAO appoints; may tighten limits or pause one agent at once.
    function guardian() external view returns (address);

    /// @notice Owner of the agent's ERC-721 identity token (reverts if it does not exist).
    function ownerOf(uint256 agentId) external view returns (address);

    /// @notice The agent's secp256k1 signer (zero if unset).
    function signerOf(uint256 agentId) external view returns (address);

    /// @notice The ControllableAgent account bound to the agent (zero if unbound).
    function agentAccountOf(uint256 agentId) external view returns (address);

    /// @notice Binds the agent's account (the agent-account factory only).
    function bindAgentAccount(uint256 agentId, address account) external;

    /// @notice True if the agent exists and is not paused.
    function isActive(uint256 agentId) external view returns (bool);

    /// @notice The challenge window, in seconds, applied to the agent's recorded actions.
    function challengeWindowOf(uint256 agentId) external view returns (uint64);

    /// @notice True if `measurement` is an accepted TEE measurement for the agent.
    function isMeasurementAccepted(uint256 agentId, bytes32 measurement) external view returns (bool);

    /// @notice The policy ControllableAgent checks for one action with `modelHash`.
    function executionPolicy(uint256 agentId, bytes32 modelHash) external view returns (ExecutionPolicy memory);
}
