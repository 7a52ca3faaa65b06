// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title P256
/// @notice secp256r1 signature verification through the P256VERIFY precompile (EIP-7951 interface, address 0x100).
/// @dev Deliberately no Solidity fallback: a curve implementation in EVM code costs ~200k+ gas and is a large audit
/// surface; AgentChain's EVM ships the precompile. On a chain without it the call returns empty data, which this
/// library reads as "invalid", so verification fails closed.
library P256 {
    /// @notice Address of the P256VERIFY precompile (EIP-7951 / RIP-7212).
    address internal constant PRECOMPILE = address(0x100);

    /// @notice Returns true iff (r, s) is a valid signature of `hash` under public key (x, y).
    /// @dev Input is the 160-byte concatenation hash ‖ r ‖ s ‖ x ‖ y; the precompile returns the 32-byte word 1 on
    /// success and empty output on failure. A failing staticcall (e.g. out of gas) is also treated as invalid.
    function verify(bytes32 hash, bytes32 r, bytes32 s, bytes32 x, bytes32 y) internal view returns (bool) {
        (bool ok, bytes memory out) = PRECOMPILE.staticcall(abi.encodePacked(hash, r, s, x, y));
        return ok && out.length == 32 && abi.decode(out, (uint256)) == 1;
    }
}
