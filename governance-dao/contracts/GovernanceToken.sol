// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title GovernanceToken
/// @notice AgentChain's ERC20Votes governance token (AGV). The whole supply is minted once, at construction (genesis),
/// to the given holders; there is no minter afterwards.
/// @dev Timestamp clock (ERC-6372 mode=timestamp): voting delay and period are in seconds, independent of block
/// times, which the BFT chain does not fix.
contract GovernanceToken is ERC20, ERC20Permit, ERC20Votes {
    /// @notice Holder and amount lists differ in length.
    error LengthMismatch(uint256 holders, uint256 amounts);

    /// @param holders Initial holders.
    /// @param amounts Initial balances (same order).
    constructor(address[] memory holders, uint256[] memory amounts)
        ERC20("AgentChain Governance", "AGV")
        ERC20Permit("AgentChain Governance")
    {
        if (holders.length != amounts.length) revert LengthMismatch(holders.length, amounts.length);
        for (uint256 i = 0; i < holders.length; ++i) {
            _mint(holders[i], amounts[i]);
        }
    }

    /// @notice Current timepoint of the vote checkpoints: the block timestamp.
    /// @return The timestamp.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice ERC-6372 clock description.
    /// @return "mode=timestamp".
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice ERC-2612 nonce of `owner` (shared by permits and vote delegation by signature).
    /// @param owner The account.
    /// @return The nonce.
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
