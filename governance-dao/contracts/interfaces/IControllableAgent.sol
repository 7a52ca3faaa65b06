// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IControllableAgent
/// @notice Identity of an agent account, checked by the registry when an owner binds it.
interface IControllableAgent {
    /// @notice The registry id of the agent this account acts for.
    function agentId() external view returns (uint256);

    /// @notice The registry this account reads its identity and roles from.
    function registry() external view returns (address);
}
