// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice A contract E2E creates (CREATE and CREATE2, with value) and calls with STATICCALL, for call traces.
contract Child {
    uint256 public seed;

    constructor(uint256 s) payable {
        seed = s;
    }

    function ping(uint256 x) external view returns (uint256) {
        return x + seed;
    }
}

/// @notice What the end-to-end suite exercises: storage, events with indexed topics, reverts with a reason,
/// custom errors and a panic, enough work to make gas estimation non-trivial, and nested calls of every kind
/// (with reverts and logs inside them) for the call-trace comparison.
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

    event Spawned(address child);

    /// @notice CREATE with value, then a STATICCALL into the new contract.
    function spawn(uint256 s) external payable returns (uint256) {
        Child c = new Child{value: msg.value}(s);
        emit Spawned(address(c));
        return c.ping(1);
    }

    /// @notice CREATE2; the second call with the same salt collides and reverts.
    function spawn2(uint256 s) external returns (address) {
        return address(new Child{salt: bytes32(s)}(s));
    }

    /// @notice A nested value transfer (CALL with value, so with the 2300 stipend).
    function forward(address payable to) external payable {
        (bool ok, ) = to.call{value: msg.value}("");
        require(ok, "forward failed");
    }

    /// @notice A nested call that logs and reverts with a reason, caught: the transaction succeeds.
    function tryFail() external returns (bool ok) {
        emit Incremented(msg.sender, count, "before");
        try this.failWithLog() {
            ok = true;
        } catch {
            ok = false;
        }
    }

    function failWithLog() external {
        emit Incremented(msg.sender, 0, "doomed");
        revert("inner revert");
    }

    /// @notice n nested calls into itself.
    function recurse(uint256 n) external returns (uint256) {
        if (n == 0) return count;
        return this.recurse(n - 1) + 1;
    }

    /// @notice DELEGATECALL into itself.
    function delegate() external {
        (bool ok, ) = address(this).delegatecall(abi.encodeCall(this.increment, ("delegated")));
        require(ok, "delegate failed");
    }

    /// @notice A revert with a reason that bubbles up from a nested call.
    function failDeep() external view {
        this.fail();
    }
}
