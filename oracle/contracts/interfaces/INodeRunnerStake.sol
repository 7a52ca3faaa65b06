// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title INodeRunnerStake
/// @notice The slice of AgentChain's AgentStaking a feed needs.
interface INodeRunnerStake {
    /// @notice True if the agent's active stake is at least the minimum.
    function hasMinimumStake(uint256 agentId) external view returns (bool);
}
