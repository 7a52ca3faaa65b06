// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAgentRegistry} from "./interfaces/IAgentRegistry.sol";
import {IAgentStaking} from "./interfaces/IAgentStaking.sol";
import {IInferenceVerifier} from "./interfaces/IInferenceVerifier.sol";
import {ControllableAgent} from "./ControllableAgent.sol";

/// @title AgentAccountFactory
/// @notice Deploys an agent's ControllableAgent with CREATE2 (salt = agent id, so the address is predictable) and
/// binds it in the registry. Because only this factory binds accounts, every bound account is known to have been
/// constructed by the audited code and to start with all limits closed.
contract AgentAccountFactory {
    /// @notice The agent registry.
    IAgentRegistry public immutable registry;
    /// @notice The staking contract wired into new accounts.
    IAgentStaking public immutable staking;
    /// @notice The verifier wired into new accounts.
    IInferenceVerifier public immutable verifier;

    /// @notice An agent account was deployed and bound.
    event AgentAccountDeployed(uint256 indexed agentId, address indexed account, address indexed owner);

    /// @notice Caller does not own the agent.
    error NotAgentOwner(uint256 agentId, address caller);

    /// @param registry_ The agent registry.
    /// @param staking_ The staking contract.
    /// @param verifier_ The inference verifier.
    constructor(IAgentRegistry registry_, IAgentStaking staking_, IInferenceVerifier verifier_) {
        registry = registry_;
        staking = staking_;
        verifier = verifier_;
    }

    /// @notice Deploys and binds the agent's account; callable by the agent's owner, once per agent.
    /// @param agentId The agent.
    /// @return account The new ControllableAgent.
    function deploy(uint256 agentId) external returns (address account) {
        if (registry.ownerOf(agentId) != msg.sender) revert NotAgentOwner(agentId, msg.sender);
        account = address(new ControllableAgent{salt: bytes32(agentId)}(registry, staking, verifier, agentId));
        emit AgentAccountDeployed(agentId, account, msg.sender);
        registry.bindAgentAccount(agentId, account);
    }

    /// @notice The address {deploy} gives the agent's account.
    /// @param agentId The agent.
    /// @return The CREATE2 address.
    function accountAddress(uint256 agentId) external view returns (address) {
        bytes32 initCodeHash = keccak256(
            abi.encodePacked(type(ControllableAgent).creationCode, abi.encode(registry, staking, verifier, agentId))
        );
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), bytes32(agentId), initCodeHash)))));
    }
}
