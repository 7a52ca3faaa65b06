// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ValueAllowance
/// @notice A per-period value allowance with Zodiac Roles refill semantics, plus a reputation-scaled refill.
/// @dev Zodiac Roles: once at least one full period has passed since `timestamp`, the balance grows by
/// refill × (whole periods elapsed), but never above `maxRefill` (a balance already above it is left as is), and
/// `timestamp` advances by those whole periods, so partial periods are never lost. period == 0 never refills.
/// AgentChain adds: refill = refillBase + (refillCap - refillBase) × min(reputation, reputationRamp) / reputationRamp
/// (refillCap when reputationRamp == 0), so an agent earns its full refill through a clean record.
library ValueAllowance {
    /// @dev Three slots; the first two are rewritten on spend.
    struct Allowance {
        uint128 balance;
        uint64 timestamp;
        uint64 period;
        uint128 maxRefill;
        uint128 refillBase;
        uint128 refillCap;
        uint64 reputationRamp;
    }

    /// @notice The reputation-scaled refill per period.
    function refillFor(Allowance storage a, uint256 reputation) internal view returns (uint256) {
        uint256 base = a.refillBase;
        uint256 cap = a.refillCap;
        uint256 ramp = a.reputationRamp;
        if (ramp == 0 || reputation >= ramp) return cap;
        return base + ((cap - base) * reputation) / ramp;
    }

    /// @notice Balance and refill timestamp after accruing every whole elapsed period at `refill` per period.
    function accrued(Allowance storage a, uint256 refill) internal view returns (uint128 balance, uint64 timestamp) {
        balance = a.balance;
        timestamp = a.timestamp;
        uint256 period = a.period;
        if (period == 0 || block.timestamp < uint256(timestamp) + period) return (balance, timestamp);
        uint256 elapsed = (block.timestamp - timestamp) / period;
        uint256 maxRefill = a.maxRefill;
        if (balance < maxRefill) {
            uint256 grown = uint256(balance) + refill * elapsed;
            balance = uint128(grown < maxRefill ? grown : maxRefill);
        }
        timestamp = uint64(timestamp + elapsed * period);
    }

    /// @notice Stores `balance - value` with the accrual timestamp (caller checked value <= balance).
    function spend(Allowance storage a, uint128 balance, uint64 timestamp, uint256 value) internal {
        a.balance = balance - uint128(value);
        a.timestamp = timestamp;
    }

    /// @notice Accrues under the old configuration at `currentRefill`, then installs the new configuration.
    function reconfigure(
        Allowance storage a,
        uint256 currentRefill,
        uint128 maxRefill,
        uint128 refillBase,
        uint128 refillCap,
        uint64 period,
        uint64 reputationRamp
    ) internal {
        (uint128 balance, uint64 timestamp) = accrued(a, currentRefill);
        if (a.period == 0) timestamp = uint64(block.timestamp); // refills count from now, not from the epoch
        a.balance = balance > maxRefill ? maxRefill : balance;
        a.timestamp = timestamp;
        a.period = period;
        a.maxRefill = maxRefill;
        a.refillBase = refillBase;
        a.refillCap = refillCap;
        a.reputationRamp = reputationRamp;
    }

    /// @notice Sets the balance and restarts the refill clock now.
    function setBalance(Allowance storage a, uint128 balance) internal {
        a.balance = balance;
        a.timestamp = uint64(block.timestamp);
    }
}
