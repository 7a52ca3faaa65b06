// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ActionRateLimit
/// @notice At most `maxCalls` actions per fixed window of `window` seconds.
/// @dev A fixed window (one slot, one write per action) rather than a sliding log: at a window boundary up to
/// 2 × maxCalls may land close together, which the DAO accounts for when it sets the limit. window == 0 never
/// resets (a lifetime budget); maxCalls == 0 allows nothing.
library ActionRateLimit {
    /// @dev One slot.
    struct RateLimit {
        uint32 maxCalls;
        uint32 used;
        uint64 windowStart;
        uint64 window;
    }

    function _windowExpired(RateLimit storage r) private view returns (bool) {
        return r.window != 0 && block.timestamp >= uint256(r.windowStart) + r.window;
    }

    /// @notice True if one more action fits.
    function available(RateLimit storage r) internal view returns (bool) {
        uint256 used = _windowExpired(r) ? 0 : r.used;
        return used < r.maxCalls;
    }

    /// @notice When the current window ends (0 if it never resets).
    function resetsAt(RateLimit storage r) internal view returns (uint256) {
        return r.window == 0 ? 0 : uint256(r.windowStart) + r.window;
    }

    /// @notice Counts one action (caller checked {available}).
    function consume(RateLimit storage r) internal {
        if (_windowExpired(r)) {
            r.windowStart = uint64(block.timestamp);
            r.used = 1;
        } else {
            r.used += 1;
        }
    }

    /// @notice Installs a new limit; the current window and its count carry over.
    function configure(RateLimit storage r, uint32 maxCalls, uint64 window) internal {
        if (r.windowStart == 0) r.windowStart = uint64(block.timestamp);
        r.maxCalls = maxCalls;
        r.window = window;
    }
}
