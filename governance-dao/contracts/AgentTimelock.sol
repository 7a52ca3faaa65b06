// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title AgentTimelock
/// @notice The DAO's executor and treasury: OpenZeppelin's TimelockController unchanged, named for AgentChain so
/// it has its own artifact. Governance of every AgentChain contract means "called by this address".
/// @dev Intended wiring: proposer and canceller = AgentGovernor; executor = address(0) (anyone may execute a
/// ready operation); admin = address(0) (self-administered) once the governor is wired.
contract AgentTimelock is TimelockController {
    /// @param minDelay Seconds between queueing and execution.
    /// @param proposers Granted PROPOSER_ROLE and CANCELLER_ROLE.
    /// @param executors Granted EXECUTOR_ROLE (address(0) = open execution).
    /// @param admin Optional bootstrap admin (address(0) for none).
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
