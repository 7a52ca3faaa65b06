// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IAgentRegistry} from "./interfaces/IAgentRegistry.sol";
import {IAgentStaking} from "./interfaces/IAgentStaking.sol";
import {RegistryGoverned} from "./access/RegistryGoverned.sol";

/// @title AgentStaking
/// @notice Native-token stake per agent. Anyone may stake for an agent; only its owner unbonds and withdraws, after
/// the unbonding period. Unbonding stake no longer counts toward the minimum but stays slashable until withdrawn,
/// so an agent cannot escape a pending challenge by unbonding. The verifier and governance slash; the slashed
/// amount is split between the challenger (pull payment) and the treasury.
contract AgentStaking is IAgentStaking, RegistryGoverned, ReentrancyGuardTransient {
    /// @dev One slot per agent.
    struct Stake {
        uint128 active;
        uint96 unbonding;
        uint32 unbondingReadyAt; // seconds; good until 2106
    }

    uint256 private constant BPS = 10_000;

    /// @notice Minimum active stake for an agent to act.
    uint256 public minimumStake;
    /// @notice Seconds between an unbond request and the withdrawal.
    uint64 public unbondingPeriod;
    /// @notice Share of a challenge slash paid to the challenger, in basis points.
    uint16 public challengerShareBps;
    /// @notice The InferenceVerifier allowed to slash.
    address public verifier;
    /// @notice Where the treasury share of slashes goes (the timelock by default).
    address public treasury;

    mapping(uint256 agentId => Stake) private _stakes;
    /// @notice Slash rewards owed to challengers, claimable with {claim}.
    mapping(address account => uint256) public claimable;

    /// @notice Stake was added for an agent.
    event Staked(uint256 indexed agentId, address indexed from, uint256 amount, uint256 activeStake);
    /// @notice The owner started unbonding `amount`.
    event UnbondRequested(uint256 indexed agentId, uint256 amount, uint256 readyAt);
    /// @notice Unbonded stake was withdrawn to the agent owner.
    event Withdrawn(uint256 indexed agentId, address indexed to, uint256 amount);
    /// @notice Stake was slashed.
    event Slashed(
        uint256 indexed agentId, uint256 amount, string reason, address indexed challenger, uint256 challengerShare
    );
    /// @notice A challenger claimed its rewards.
    event Claimed(address indexed account, uint256 amount);
    /// @notice Governance changed a staking parameter.
    event StakingParametersChanged(uint256 minimumStake, uint64 unbondingPeriod, uint16 challengerShareBps);
    /// @notice Governance changed the verifier or treasury.
    event WiringChanged(address verifier, address treasury);

    /// @notice Nothing to stake or withdraw.
    error ZeroAmount();
    /// @notice The agent id does not exist.
    error UnknownAgent(uint256 agentId);
    /// @notice Caller does not own the agent.
    error NotAgentOwner(uint256 agentId, address caller);
    /// @notice Unbond request above the active stake.
    error InsufficientStake(uint256 requested, uint256 active);
    /// @notice Withdrawal before the unbonding period ended.
    error StillUnbonding(uint256 readyAt);
    /// @notice Caller may not slash.
    error NotSlasher(address caller);
    /// @notice Basis points above 10,000.
    error InvalidBps(uint256 bps);
    /// @notice Amount does not fit the stake accounting width.
    error AmountTooLarge(uint256 amount);

    /// @param registry_ The agent registry (identity and roles).
    /// @param verifier_ The inference verifier (may slash).
    /// @param treasury_ Receiver of the treasury share of slashes.
    /// @param minimumStake_ Minimum active stake to act.
    /// @param unbondingPeriod_ Unbonding period in seconds.
    /// @param challengerShareBps_ Challenger share of challenge slashes.
    constructor(
        IAgentRegistry registry_,
        address verifier_,
        address treasury_,
        uint256 minimumStake_,
        uint64 unbondingPeriod_,
        uint16 challengerShareBps_
    ) RegistryGoverned(registry_) {
        if (challengerShareBps_ > BPS) revert InvalidBps(challengerShareBps_);
        verifier = verifier_;
        treasury = treasury_;
        minimumStake = minimumStake_;
        unbondingPeriod = unbondingPeriod_;
        challengerShareBps = challengerShareBps_;
        emit WiringChanged(verifier_, treasury_);
        emit StakingParametersChanged(minimumStake_, unbondingPeriod_, challengerShareBps_);
    }

    /// @notice Adds `msg.value` to the agent's active stake.
    /// @param agentId The agent (must exist).
    function stake(uint256 agentId) external payable {
        if (msg.value == 0) revert ZeroAmount();
        _requireAgent(agentId);
        Stake storage s = _stakes[agentId];
        uint256 active = s.active + msg.value;
        if (active > type(uint128).max) revert AmountTooLarge(msg.value);
        s.active = uint128(active);
        emit Staked(agentId, msg.sender, msg.value, active);
    }

    /// @notice Moves `amount` from active to unbonding; restarts the unbonding clock for the whole unbonding amount.
    /// @param agentId The agent (caller must own it).
    /// @param amount Wei to unbond.
    function requestUnbond(uint256 agentId, uint256 amount) external {
        _checkOwner(agentId);
        if (amount == 0) revert ZeroAmount();
        Stake storage s = _stakes[agentId];
        if (amount > s.active) revert InsufficientStake(amount, s.active);
        uint256 unbonding = s.unbonding + amount;
        if (unbonding > type(uint96).max) revert AmountTooLarge(amount);
        uint256 readyAt = block.timestamp + unbondingPeriod;
        s.active -= uint128(amount);
        s.unbonding = uint96(unbonding);
        s.unbondingReadyAt = SafeCast.toUint32(readyAt);
        emit UnbondRequested(agentId, amount, readyAt);
    }

    /// @notice Sends the agent's unbonded stake to its owner once the unbonding period has passed.
    /// @param agentId The agent (caller must own it).
    function withdraw(uint256 agentId) external nonReentrant {
        _checkOwner(agentId);
        Stake storage s = _stakes[agentId];
        uint256 amount = s.unbonding;
        if (amount == 0) revert ZeroAmount();
        if (block.timestamp < s.unbondingReadyAt) revert StillUnbonding(s.unbondingReadyAt);
        s.unbonding = 0;
        s.unbondingReadyAt = 0;
        emit Withdrawn(agentId, msg.sender, amount);
        Address.sendValue(payable(msg.sender), amount);
    }

    /// @inheritdoc IAgentStaking
    /// @dev Callable by the verifier and governance; the whole slash goes to the treasury.
    function slash(uint256 agentId, uint256 amount, string calldata reason)
        external
        nonReentrant
        returns (uint256 slashed)
    {
        return _slash(agentId, amount, reason, address(0));
    }

    /// @inheritdoc IAgentStaking
    /// @dev Callable by the verifier and governance; `challengerShareBps` of the slash is credited to `challenger`.
    function slashWithChallenger(uint256 agentId, uint256 amount, string calldata reason, address challenger)
        external
        nonReentrant
        returns (uint256 slashed)
    {
        return _slash(agentId, amount, reason, challenger);
    }

    /// @notice Pays out the caller's challenge rewards.
    function claim() external nonReentrant {
        uint256 amount = claimable[msg.sender];
        if (amount == 0) revert ZeroAmount();
        claimable[msg.sender] = 0;
        emit Claimed(msg.sender, amount);
        Address.sendValue(payable(msg.sender), amount);
    }

    /// @notice Sets the staking parameters (governance only: each can loosen or tighten the system).
    /// @param minimumStake_ Minimum active stake to act.
    /// @param unbondingPeriod_ Unbonding period in seconds.
    /// @param challengerShareBps_ Challenger share of challenge slashes.
    function setParameters(uint256 minimumStake_, uint64 unbondingPeriod_, uint16 challengerShareBps_)
        external
        onlyGovernance
    {
        if (challengerShareBps_ > BPS) revert InvalidBps(challengerShareBps_);
        minimumStake = minimumStake_;
        unbondingPeriod = unbondingPeriod_;
        challengerShareBps = challengerShareBps_;
        emit StakingParametersChanged(minimumStake_, unbondingPeriod_, challengerShareBps_);
    }

    /// @notice Re-wires the verifier and treasury (governance only).
    /// @param verifier_ The inference verifier.
    /// @param treasury_ The treasury.
    function setWiring(address verifier_, address treasury_) external onlyGovernance {
        verifier = verifier_;
        treasury = treasury_;
        emit WiringChanged(verifier_, treasury_);
    }

    /// @inheritdoc IAgentStaking
    function hasMinimumStake(uint256 agentId) external view returns (bool) {
        return _stakes[agentId].active >= minimumStake;
    }

    /// @notice The agent's stake.
    /// @param agentId The agent.
    /// @return active Stake counting toward the minimum.
    /// @return unbonding Stake waiting to be withdrawn (still slashable).
    /// @return unbondingReadyAt When the unbonding stake can be withdrawn.
    function stakeOf(uint256 agentId) external view returns (uint256 active, uint256 unbonding, uint256 unbondingReadyAt) {
        Stake memory s = _stakes[agentId];
        return (s.active, s.unbonding, s.unbondingReadyAt);
    }

    function _slash(uint256 agentId, uint256 amount, string calldata reason, address challenger)
        private
        returns (uint256 slashed)
    {
        if (msg.sender != verifier && msg.sender != registryRoles.governance()) revert NotSlasher(msg.sender);
        Stake storage s = _stakes[agentId];
        // Active stake first, then unbonding: both are at risk until withdrawn.
        uint256 fromActive = amount < s.active ? amount : s.active;
        uint256 rest = amount - fromActive;
        uint256 fromUnbonding = rest < s.unbonding ? rest : s.unbonding;
        s.active -= uint128(fromActive);
        s.unbonding -= uint96(fromUnbonding);
        slashed = fromActive + fromUnbonding;

        uint256 challengerShare = challenger == address(0) ? 0 : (slashed * challengerShareBps) / BPS;
        if (challengerShare != 0) claimable[challenger] += challengerShare;
        emit Slashed(agentId, slashed, reason, challenger, challengerShare);
        uint256 treasuryShare = slashed - challengerShare;
        if (treasuryShare != 0) Address.sendValue(payable(treasury), treasuryShare);
    }

    function _requireAgent(uint256 agentId) private view {
        if (!_exists(agentId)) revert UnknownAgent(agentId);
    }

    function _exists(uint256 agentId) private view returns (bool) {
        try registryRoles.ownerOf(agentId) returns (address owner) {
            return owner != address(0);
        } catch {
            return false;
        }
    }

    function _checkOwner(uint256 agentId) private view {
        if (registryRoles.ownerOf(agentId) != msg.sender) revert NotAgentOwner(agentId, msg.sender);
    }
}
