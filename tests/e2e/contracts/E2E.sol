// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice What the end-to-end suite exercises: storage, events with indexed topics, reverts with a reason,
/// custom errors and a panic, and enough work to make gas estimation non-trivial.
contract E2E {
    error TooLarge(uint256 requested, uint256 limit);

    event Incremented(address indexed by, uint256 indexed newValue, string note);

    uint256 public count;
    mapping(uint256 => uint256) public squares;

    function increment(string calldata note) external {
        count += 1;
        emit Incremented(msg.sender, count, note);
    }

    function fill(uint256 n) external {
        if (n > 100) revert TooLarge(n, 100);
        for (uint256 i = 0; i < n; i++) squares[i] = i * i + 1;
    }

    function fail() external pure {
        revert("nope: always fails");
    }

    function divide(uint256 a, uint256 b) external pure returns (uint256) {
        return a / b;
    }
}
