// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title BenchToken
/// @notice OpenZeppelin ERC20 with an unrestricted mint: a fixture of `agentchain bench parallel`, never deployed on a real chain.
contract BenchToken is ERC20 {
    constructor() ERC20("Bench Token", "BENCH") {}

    /// @notice Mints `amount` tokens to `to` (open to anyone: benchmark setup only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
