// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title INodeRunnerDirectory
/// @notice The slice of AgentChain's AgentRegistry a feed needs: node runners are registered agents.
/// @dev Declared here (not imported from governance-dao/) so the oracle package compiles on its own; the
/// AgentRegistry satisfies it.
interface INodeRunnerDirectory {
    /// @notice The DAO's executor.
    function governance() external view returns (address);

    /// @notice The guardian the DAO appoints.
    function guardian() external view returns (address);

    /// @notice The agent's secp256k1 signer.
    function signerOf(uint256 agentId) external view returns (address);

    /// @notice True if the agent exists and is not paused.
    function isActive(uint256 agentId) external view returns (bool);
}
