// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IAgentRegistry} from "./interfaces/IAgentRegistry.sol";
import {IAgentStaking} from "./interfaces/IAgentStaking.sol";
import {IInferenceVerifier} from "./interfaces/IInferenceVerifier.sol";
import {RegistryGoverned} from "./access/RegistryGoverned.sol";
import {DevTeeReport} from "./libraries/DevTeeReport.sol";
import {P256} from "./libraries/P256.sol";

/// @title InferenceVerifier
/// @notice Checks inference evidence and runs the optimistic challenge game for every agent action.
///  (a) TEE evidence: dev-TEE reports (INSECURE, devnets only) signed by a governance-registered platform P-256 key,
///      either carrying an action's commitment in reportData, or binding an attested P-256 key that then signs
///      commitments (verified with the P256VERIFY precompile).
///  (b) Every executed action's commitment is recorded with a challenge window. Anyone may challenge with a bond;
///      the authorised resolver settles it by deterministic re-execution; proven fraud slashes the agent's stake
///      automatically (challenger gets bond back plus a share of the slash) and resets its reputation. A challenge
///      the resolver leaves unsettled past `resolutionTimeout` can be expired by anyone: the bond goes back to the
///      challenger and the action stands as `Unresolved` (not proven fraud, no reputation), so neither is locked.
///  Reputation counts value-moving actions only: a zero-value action is free to emit, so counting it would let an
///  agent raise its own refill to the DAO's cap by spamming no-ops. Zero-value actions are still recorded,
///  challengeable and slashable, and a lost challenge on one resets reputation like any other.
/// @dev Action ids are the commitments themselves: unique per (chain, agent contract, agent, nonce).
contract InferenceVerifier is IInferenceVerifier, RegistryGoverned, ReentrancyGuardTransient {
    /// @notice Lifecycle of a recorded action.
    enum ActionStatus {
        None,
        Pending, // inside its challenge window
        Challenged, // waiting for the resolver
        Final, // window closed unchallenged, or challenge rejected
        Fraud, // challenge upheld: agent slashed
        Unresolved // the resolver missed its deadline: bond refunded, action stands, no reputation
    }

    /// @dev One slot, written once per action (keeps `execute` within its gas budget); `resolveBy` is set on challenge.
    struct ActionRecord {
        uint64 agentId;
        uint64 challengeDeadline;
        ActionStatus status;
        bool movedValue;
        uint64 resolveBy;
    }

    /// @dev Written only when challenged.
    struct Challenge {
        address challenger;
        uint96 bond;
    }

    /// @notice A P-256 key attested by TEE evidence to run the agent's measured code.
    struct AttestedKey {
        bytes32 x;
        bytes32 y;
        bytes32 measurement;
        bool insecure; // true for dev-TEE evidence
    }

    /// @notice The staking contract slashed on fraud.
    IAgentStaking public staking;
    /// @notice The address allowed to settle challenges (deterministic re-execution service for now).
    address public resolver;
    /// @notice Where rejected challenge bonds go.
    address public treasury;
    /// @notice Exact bond a challenge must carry.
    uint96 public challengeBond;
    /// @notice Stake slashed for one proven fraud (capped by what the agent has).
    uint256 public fraudSlashAmount;
    /// @notice Seconds the resolver has to settle a challenge before anyone may expire it.
    uint64 public resolutionTimeout;
    /// @notice The timeout a new verifier starts with (governance may change it).
    uint64 public constant INITIAL_RESOLUTION_TIMEOUT = 3 days;
    /// @notice Dev-TEE platform public key (zero disables dev-TEE evidence).
    bytes32 public devTeeKeyX;
    /// @notice Dev-TEE platform public key, y coordinate.
    bytes32 public devTeeKeyY;

    mapping(bytes32 actionId => ActionRecord) private _actions;
    mapping(bytes32 actionId => Challenge) private _challenges;
    mapping(uint256 agentId => uint256) private _reputation;
    mapping(uint256 agentId => AttestedKey) private _attestedKeys;
    /// @notice Refunds and rewards claimable by challengers.
    mapping(address account => uint256) public claimable;

    /// @notice An action was recorded and is open to challenge until `challengeDeadline`.
    event ActionRecorded(
        bytes32 indexed actionId, uint256 indexed agentId, address indexed agentAccount, bytes32 callHash, uint64 challengeDeadline
    );
    /// @notice An action was challenged.
    event ActionChallenged(bytes32 indexed actionId, uint256 indexed agentId, address indexed challenger, uint256 bond);
    /// @notice A challenge was settled by re-execution.
    event ChallengeResolved(bytes32 indexed actionId, uint256 indexed agentId, bool fraud, uint256 slashed);
    /// @notice The resolver missed its deadline; the bond is refunded to the challenger and the action stands.
    event ChallengeExpired(bytes32 indexed actionId, uint256 indexed agentId, address indexed challenger, uint256 bondRefunded);
    /// @notice Governance changed how long the resolver has per challenge.
    event ResolutionTimeoutChanged(uint64 previousTimeout, uint64 newTimeout);
    /// @notice An action's window closed without challenge.
    event ActionFinalized(bytes32 indexed actionId, uint256 indexed agentId, uint256 reputation);
    /// @notice The agent's reputation changed.
    event ReputationChanged(uint256 indexed agentId, uint256 reputation);
    /// @notice A P-256 key was attested for the agent. `insecure` is true for dev-TEE evidence.
    event AttestedKeyRegistered(uint256 indexed agentId, bytes32 indexed measurement, bytes32 x, bytes32 y, bool insecure);
    /// @notice A claim was paid.
    event Claimed(address indexed account, uint256 amount);
    /// @notice Governance changed verifier parameters.
    event VerifierParametersChanged(address resolver, address treasury, uint96 challengeBond, uint256 fraudSlashAmount);
    /// @notice Governance changed the staking contract.
    event StakingChanged(address staking);
    /// @notice Governance (re)registered the dev-TEE platform key; evidence signed with it is INSECURE.
    event DevTeeKeyChanged(bytes32 x, bytes32 y);

    /// @notice Caller is not the agent's bound account.
    error NotAgentAccount(uint256 agentId, address caller);
    /// @notice The agent id does not fit 64 bits (ids are assigned sequentially from 1).
    error AgentIdTooLarge(uint256 agentId);
    /// @notice The action was already recorded.
    error ActionExists(bytes32 actionId);
    /// @notice No action with this id.
    error UnknownAction(bytes32 actionId);
    /// @notice The action is not in the state the operation needs.
    error WrongActionStatus(bytes32 actionId, ActionStatus status);
    /// @notice The challenge window has closed.
    error ChallengeWindowClosed(bytes32 actionId, uint64 deadline);
    /// @notice The challenge window is still open.
    error ChallengeWindowOpen(bytes32 actionId, uint64 deadline);
    /// @notice The bond is not exactly `challengeBond`.
    error WrongBond(uint256 sent, uint256 required);
    /// @notice The resolver's deadline for this challenge has passed (expire it instead).
    error ResolutionDeadlinePassed(bytes32 actionId, uint64 resolveBy);
    /// @notice The resolver still has time to settle this challenge.
    error ResolutionDeadlineNotReached(bytes32 actionId, uint64 resolveBy);
    /// @notice A zero resolution timeout would let any challenge be expired at once.
    error InvalidResolutionTimeout();
    /// @notice Caller is not the resolver.
    error NotResolver(address caller);
    /// @notice Dev-TEE evidence is disabled (no platform key).
    error DevTeeDisabled();
    /// @notice TEE evidence did not verify.
    error InvalidTeeEvidence(uint256 agentId, bytes32 measurement);
    /// @notice Caller does not own the agent.
    error NotAgentOwner(uint256 agentId, address caller);
    /// @notice Nothing to claim.
    error NothingToClaim();

    /// @param registry_ The agent registry.
    /// @param staking_ The staking contract.
    /// @param resolver_ The challenge resolver.
    /// @param treasury_ Receiver of rejected challenge bonds.
    /// @param challengeBond_ Bond per challenge.
    /// @param fraudSlashAmount_ Slash per proven fraud.
    constructor(
        IAgentRegistry registry_,
        IAgentStaking staking_,
        address resolver_,
        address treasury_,
        uint96 challengeBond_,
        uint256 fraudSlashAmount_
    ) RegistryGoverned(registry_) {
        staking = staking_;
        resolver = resolver_;
        treasury = treasury_;
        challengeBond = challengeBond_;
        fraudSlashAmount = fraudSlashAmount_;
        resolutionTimeout = INITIAL_RESOLUTION_TIMEOUT;
        emit StakingChanged(address(staking_));
        emit VerifierParametersChanged(resolver_, treasury_, challengeBond_, fraudSlashAmount_);
    }

    // ------------------------------------------------------------------ recording (called by agent accounts)

    /// @inheritdoc IInferenceVerifier
    /// @dev Only the agent's bound ControllableAgent may record; the window comes from the registry, not the caller.
    function recordAction(uint256 agentId, bytes32 commitment, bytes32 callHash, uint256 value) external {
        if (registryRoles.agentAccountOf(agentId) != msg.sender) revert NotAgentAccount(agentId, msg.sender);
        if (agentId > type(uint64).max) revert AgentIdTooLarge(agentId);
        if (_actions[commitment].status != ActionStatus.None) revert ActionExists(commitment);
        uint64 deadline = uint64(block.timestamp) + registryRoles.challengeWindowOf(agentId);
        _actions[commitment] = ActionRecord({
            agentId: uint64(agentId),
            challengeDeadline: deadline,
            status: ActionStatus.Pending,
            movedValue: value != 0,
            resolveBy: 0
        });
        emit ActionRecorded(commitment, agentId, msg.sender, callHash, deadline);
    }

    // ------------------------------------------------------------------ challenge game

    /// @notice Challenges a pending action; `msg.value` must equal `challengeBond`.
    /// @param actionId The action (its commitment).
    function challenge(bytes32 actionId) external payable {
        ActionRecord storage a = _actions[actionId];
        if (a.status != ActionStatus.Pending) revert WrongActionStatus(actionId, a.status);
        if (block.timestamp > a.challengeDeadline) revert ChallengeWindowClosed(actionId, a.challengeDeadline);
        if (msg.value != challengeBond) revert WrongBond(msg.value, challengeBond);
        a.status = ActionStatus.Challenged;
        a.resolveBy = uint64(block.timestamp) + resolutionTimeout;
        _challenges[actionId] = Challenge({challenger: msg.sender, bond: uint96(msg.value)});
        emit ActionChallenged(actionId, a.agentId, msg.sender, msg.value);
    }

    /// @notice Settles a challenge with the result of deterministic re-execution. Fraud: the agent is slashed
    /// `fraudSlashAmount` (challenger share per staking), its reputation resets, and the bond is refunded.
    /// No fraud: the action is final, counts toward reputation if it moved value, and the bond goes to the treasury.
    /// Only until the challenge's `resolveBy`; after it, see {expireChallenge}.
    /// @param actionId The challenged action.
    /// @param fraud Whether re-execution contradicted the commitment (or the call it was bound to).
    function resolve(bytes32 actionId, bool fraud) external nonReentrant {
        if (msg.sender != resolver) revert NotResolver(msg.sender);
        ActionRecord storage a = _actions[actionId];
        if (a.status != ActionStatus.Challenged) revert WrongActionStatus(actionId, a.status);
        if (block.timestamp > a.resolveBy) revert ResolutionDeadlinePassed(actionId, a.resolveBy);
        Challenge memory c = _challenges[actionId];
        uint256 agentId = a.agentId;
        uint256 slashed;
        if (fraud) {
            a.status = ActionStatus.Fraud;
            _reputation[agentId] = 0;
            claimable[c.challenger] += c.bond;
            emit ReputationChanged(agentId, 0);
            slashed = staking.slashWithChallenger(agentId, fraudSlashAmount, "inference fraud", c.challenger);
            emit ChallengeResolved(actionId, agentId, true, slashed);
        } else {
            a.status = ActionStatus.Final;
            if (a.movedValue) emit ReputationChanged(agentId, ++_reputation[agentId]);
            emit ChallengeResolved(actionId, agentId, false, 0);
            if (c.bond != 0) Address.sendValue(payable(treasury), c.bond);
        }
    }

    /// @notice Expires a challenge the resolver did not settle by its `resolveBy`: the bond is refunded to the
    /// challenger (pull, {claim}), the action stands as `Unresolved` (no slash, no reputation). Anyone may call.
    /// @param actionId The challenged action.
    function expireChallenge(bytes32 actionId) external {
        ActionRecord storage a = _actions[actionId];
        if (a.status != ActionStatus.Challenged) revert WrongActionStatus(actionId, a.status);
        if (block.timestamp <= a.resolveBy) revert ResolutionDeadlineNotReached(actionId, a.resolveBy);
        a.status = ActionStatus.Unresolved;
        Challenge memory c = _challenges[actionId];
        claimable[c.challenger] += c.bond;
        emit ChallengeExpired(actionId, a.agentId, c.challenger, c.bond);
    }

    /// @notice Closes an unchallenged action after its window; a value-moving action then counts toward the
    /// agent's reputation. Anyone may call (the agent runtime batches these).
    /// @param actionId The action.
    function finalize(bytes32 actionId) external {
        ActionRecord storage a = _actions[actionId];
        if (a.status != ActionStatus.Pending) revert WrongActionStatus(actionId, a.status);
        if (block.timestamp <= a.challengeDeadline) revert ChallengeWindowOpen(actionId, a.challengeDeadline);
        a.status = ActionStatus.Final;
        uint256 agentId = a.agentId;
        uint256 rep = _reputation[agentId];
        if (a.movedValue) {
            rep += 1;
            _reputation[agentId] = rep;
            emit ReputationChanged(agentId, rep);
        }
        emit ActionFinalized(actionId, agentId, rep);
    }

    /// @notice Pays out the caller's refunded bonds.
    function claim() external nonReentrant {
        uint256 amount = claimable[msg.sender];
        if (amount == 0) revert NothingToClaim();
        claimable[msg.sender] = 0;
        emit Claimed(msg.sender, amount);
        Address.sendValue(payable(msg.sender), amount);
    }

    // ------------------------------------------------------------------ TEE evidence

    /// @notice Registers a P-256 key for the agent from a dev-TEE report whose reportData binds (chain, agent, key).
    /// The report's measurement must be accepted for the agent. Callable by the agent owner.
    /// @param agentId The agent.
    /// @param measurement The enclave measurement in the report.
    /// @param x Attested key, x coordinate.
    /// @param y Attested key, y coordinate.
    /// @param r Platform signature r.
    /// @param s Platform signature s.
    function registerAttestedKeyDevTee(uint256 agentId, bytes32 measurement, bytes32 x, bytes32 y, bytes32 r, bytes32 s)
        external
    {
        if (registryRoles.ownerOf(agentId) != msg.sender) revert NotAgentOwner(agentId, msg.sender);
        bytes32 reportData = DevTeeReport.keyBinding(block.chainid, agentId, x, y);
        if (!_verifyDevTeeReport(agentId, measurement, reportData, r, s)) {
            revert InvalidTeeEvidence(agentId, measurement);
        }
        _attestedKeys[agentId] = AttestedKey({x: x, y: y, measurement: measurement, insecure: true});
        emit AttestedKeyRegistered(agentId, measurement, x, y, true);
    }

    /// @inheritdoc IInferenceVerifier
    function verifyAttestedKeySignature(uint256 agentId, bytes32 commitment, bytes32 r, bytes32 s)
        external
        view
        returns (bool)
    {
        AttestedKey memory k = _attestedKeys[agentId];
        if (k.x == 0 && k.y == 0) return false;
        // Revoking the measurement (guardian) revokes every key attested with it.
        if (!registryRoles.isMeasurementAccepted(agentId, k.measurement)) return false;
        // P-256 keys sign SHA-256 of the message (SHA256withECDSA), so the 32-byte commitment is hashed once more.
        return P256.verify(sha256(abi.encodePacked(commitment)), r, s, k.x, k.y);
    }

    /// @inheritdoc IInferenceVerifier
    function verifyDevTeeReport(uint256 agentId, bytes32 measurement, bytes32 reportData, bytes32 r, bytes32 s)
        external
        view
        returns (bool)
    {
        return _verifyDevTeeReport(agentId, measurement, reportData, r, s);
    }

    /// @notice The agent's attested key.
    /// @param agentId The agent.
    /// @return The key record (zero if none).
    function attestedKeyOf(uint256 agentId) external view returns (AttestedKey memory) {
        return _attestedKeys[agentId];
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IInferenceVerifier
    function reputationOf(uint256 agentId) external view returns (uint256) {
        return _reputation[agentId];
    }

    /// @notice A recorded action.
    /// @param actionId The action (its commitment).
    /// @return agentId The agent.
    /// @return challengeDeadline End of the challenge window.
    /// @return status The lifecycle state.
    /// @return challenger Who challenged (zero if none).
    /// @return resolveBy The resolver's deadline once challenged (zero before).
    /// @return movedValue Whether the action moved value (only those count toward reputation).
    function actionOf(bytes32 actionId)
        external
        view
        returns (uint256 agentId, uint64 challengeDeadline, ActionStatus status, address challenger, uint64 resolveBy, bool movedValue)
    {
        ActionRecord memory a = _actions[actionId];
        return (a.agentId, a.challengeDeadline, a.status, _challenges[actionId].challenger, a.resolveBy, a.movedValue);
    }

    // ------------------------------------------------------------------ governance

    /// @notice Sets resolver, treasury, bond and fraud slash amount.
    /// @param resolver_ The challenge resolver.
    /// @param treasury_ Receiver of rejected bonds.
    /// @param challengeBond_ Bond per challenge.
    /// @param fraudSlashAmount_ Slash per proven fraud.
    function setParameters(address resolver_, address treasury_, uint96 challengeBond_, uint256 fraudSlashAmount_)
        external
        onlyGovernance
    {
        resolver = resolver_;
        treasury = treasury_;
        challengeBond = challengeBond_;
        fraudSlashAmount = fraudSlashAmount_;
        emit VerifierParametersChanged(resolver_, treasury_, challengeBond_, fraudSlashAmount_);
    }

    /// @notice Sets how long the resolver has per challenge (applies to challenges made from now on).
    /// @param timeout Seconds; must be nonzero.
    function setResolutionTimeout(uint64 timeout) external onlyGovernance {
        if (timeout == 0) revert InvalidResolutionTimeout();
        emit ResolutionTimeoutChanged(resolutionTimeout, timeout);
        resolutionTimeout = timeout;
    }

    /// @notice Re-wires the staking contract.
    /// @param staking_ The staking contract.
    function setStaking(IAgentStaking staking_) external onlyGovernance {
        staking = staking_;
        emit StakingChanged(address(staking_));
    }

    /// @notice Sets the dev-TEE platform key (zero disables dev-TEE evidence). Evidence it signs is insecure:
    /// never set it on a production network.
    /// @param x Key x coordinate.
    /// @param y Key y coordinate.
    function setDevTeeKey(bytes32 x, bytes32 y) external onlyGovernance {
        devTeeKeyX = x;
        devTeeKeyY = y;
        emit DevTeeKeyChanged(x, y);
    }

    function _verifyDevTeeReport(uint256 agentId, bytes32 measurement, bytes32 reportData, bytes32 r, bytes32 s)
        private
        view
        returns (bool)
    {
        bytes32 x = devTeeKeyX;
        bytes32 y = devTeeKeyY;
        if (x == 0 && y == 0) revert DevTeeDisabled();
        if (!registryRoles.isMeasurementAccepted(agentId, measurement)) return false;
        return P256.verify(DevTeeReport.digest(block.chainid, measurement, reportData), r, s, x, y);
    }
}
