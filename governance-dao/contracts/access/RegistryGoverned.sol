// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";

/// @title RegistryGoverned
/// @notice Asymmetric governance for contracts that read their roles from the AgentRegistry: loosening a limit
/// needs the DAO (its timelock), tightening may also be done at once by the guardian the DAO appoints.
/// @dev The roles live in one place (the registry), so replacing the guardian is one DAO call for every contract.
abstract contract RegistryGoverned {
    /// @notice Caller is not the DAO's executor.
    error NotGovernance(address caller);
    /// @notice Caller is neither the guardian nor the DAO's executor.
    error NotGuardianOrGovernance(address caller);

    /// @notice The registry that holds the governance and guardian roles.
    IAgentRegistry public immutable registryRoles;

    constructor(IAgentRegistry registry_) {
        registryRoles = registry_;
    }

    modifier onlyGovernance() {
        _checkGovernance();
        _;
    }

    modifier onlyGuardianOrGovernance() {
        _authorizeChange(false);
        _;
    }

    function _checkGovernance() internal view {
        if (msg.sender != registryRoles.governance()) revert NotGovernance(msg.sender);
    }

    /// @dev A loosening change must come from governance; a tightening one from the guardian or governance.
    function _authorizeChange(bool loosening) internal view {
        address gov = registryRoles.governance();
        if (msg.sender == gov) return;
        if (loosening) revert NotGovernance(msg.sender);
        if (msg.sender != registryRoles.guardian()) revert NotGuardianOrGovernance(msg.sender);
    }
}
