// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IAgentStaking
/// @notice Stake queries and slashing entry points used by the verifier, agent accounts and feeds.
interface IAgentStaking {
    /// @notice True if the agent's active (not unbonding) stake is at least the minimum stake.
    function hasMinimumStake(uint256 agentId) external view returns (bool);

    /// @notice Slashes up to `amount` of the agent's stake; everything goes to the treasury.
    function slash(uint256 agentId, uint256 amount, string calldata reason) external returns (uint256 slashed);

    /// @notice Slashes up to `amount`, splitting it between `challenger` and the treasury.
    function slashWithChallenger(uint256 agentId, uint256 amount, string calldata reason, address challenger)
        external
        returns (uint256 slashed);
}
