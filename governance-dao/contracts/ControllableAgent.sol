// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IAgentRegistry} from "./interfaces/IAgentRegistry.sol";
import {IAgentStaking} from "./interfaces/IAgentStaking.sol";
import {IControllableAgent} from "./interfaces/IControllableAgent.sol";
import {IInferenceVerifier} from "./interfaces/IInferenceVerifier.sol";
import {InferenceCommitment} from "./libraries/InferenceCommitment.sol";
import {ValueAllowance} from "./libraries/ValueAllowance.sol";
import {ActionRateLimit} from "./libraries/ActionRateLimit.sol";
import {RegistryGoverned} from "./access/RegistryGoverned.sol";

/// @title ControllableAgent
/// @notice The agent's own account. Every action goes through {execute} (or {tryExecute}) and happens only if all
/// checks pass, in this order: caller is the agent's signer; agent registered; not paused; staked at least the
/// minimum; (target, selector) allowed; value within the per-call cap; the per-period value allowance covers it;
/// the action-rate limit is not exceeded; the model is allowed; the proof verifies for this exact call (chain id,
/// this contract, agent id and nonce are bound into the commitment). Accepted actions are recorded in the verifier
/// and stay open to challenge.
/// @dev Rejections: {execute} reverts with the custom error of the first failed check (a revert discards events);
/// {tryExecute} runs the same path in a self-call and, on failure, emits {ActionRejected} carrying that error's
/// ABI-encoded data and returns false, so rejected attempts leave an on-chain trace.
/// Limits start closed: only governance loosens them, the guardian (or governance) tightens them at once.
/// Reputation-adaptive allowance: the refill per period is refillBase + (refillCap - refillBase) * min(rep, ramp) /
/// ramp, where rep is the verifier's count of the agent's actions that closed unchallenged or survived a challenge
/// since its last proven fraud (which resets it to zero).
contract ControllableAgent is IControllableAgent, RegistryGoverned, ReentrancyGuardTransient {
    using ValueAllowance for ValueAllowance.Allowance;
    using ActionRateLimit for ActionRateLimit.RateLimit;

    /// @notice How `proof.evidence` proves the commitment.
    enum ProofMode {
        SignedCommitment, // evidence = 65-byte secp256k1 signature by the agent's signer over the commitment
        AttestedKey, // evidence = abi.encode(r, s): P-256 signature by the agent's attested key over sha256(commitment)
        TeeReport // evidence = abi.encode(measurement, r, s): dev-TEE report with reportData = commitment
    }

    /// @notice The `proof` argument of {execute}, abi-encoded.
    struct Proof {
        ProofMode mode;
        bytes32 modelHash;
        bytes32 runtimeId;
        bytes32 inputHash;
        bytes32 outputHash;
        bytes evidence;
    }

    /// @notice Staking contract checked for the minimum stake.
    IAgentStaking public immutable staking;
    /// @notice Verifier that records actions and checks TEE evidence.
    IInferenceVerifier public immutable verifier;
    /// @inheritdoc IControllableAgent
    uint256 public immutable agentId;

    /// @notice Nonce of the next action (bound into its commitment). Starts at 1: the first action then pays a
    /// 2,900-gas SSTORE instead of a 20,000-gas zero-to-nonzero one (EIP-2200), keeping it within the gas target.
    uint256 public nonce;
    /// @notice Largest value one call may carry.
    uint256 public maxValuePerCall;
    /// @notice Whether the agent may call `selector` on `target` (selector 0x00000000 = plain transfer, empty data).
    mapping(address target => mapping(bytes4 selector => bool)) public isCallAllowed;
    ValueAllowance.Allowance private _allowance;
    ActionRateLimit.RateLimit private _rateLimit;

    /// @notice An action passed every check and was performed.
    event ActionExecuted(
        uint256 indexed nonce,
        address indexed target,
        bytes4 indexed selector,
        uint256 value,
        bytes32 commitment,
        ProofMode mode
    );
    /// @notice A {tryExecute} attempt was rejected; `reason` is the ABI-encoded custom error of the failed check.
    event ActionRejected(
        uint256 indexed nonce, address indexed caller, address indexed target, bytes4 selector, uint256 value, bytes reason
    );
    /// @notice Native token arrived.
    event Deposited(address indexed from, uint256 amount);
    /// @notice A (target, selector) pair was allowed or disallowed.
    event CallPermissionChanged(address indexed target, bytes4 indexed selector, bool allowed, address indexed by);
    /// @notice The per-call value cap changed.
    event MaxValuePerCallChanged(uint256 previousCap, uint256 newCap, address indexed by);
    /// @notice The allowance configuration changed.
    event AllowanceChanged(
        uint128 maxRefill, uint128 refillBase, uint128 refillCap, uint64 period, uint64 reputationRamp, address indexed by
    );
    /// @notice The allowance balance was set.
    event AllowanceBalanceSet(uint128 balance, address indexed by);
    /// @notice The rate limit changed.
    event RateLimitChanged(uint32 maxCalls, uint64 window, address indexed by);

    /// @notice Caller is not the agent's signer.
    error NotAgentSigner(address caller, address signer);
    /// @notice The agent is not registered.
    error AgentNotRegistered(uint256 agentId);
    /// @notice The agent is paused.
    error AgentIsPaused(uint256 agentId);
    /// @notice The agent's active stake is below the minimum.
    error StakeBelowMinimum(uint256 agentId);
    /// @notice (target, selector) is not allowed.
    error CallNotAllowed(address target, bytes4 selector);
    /// @notice Calldata between 1 and 3 bytes has no selector.
    error MalformedCalldata(uint256 length);
    /// @notice Non-empty calldata whose selector is 0x00000000. That selector is the permission key for plain
    /// transfers (empty calldata), so a call carrying it could otherwise pass as a transfer; it is never allowed.
    error ZeroSelectorCalldata();
    /// @notice `value` is above the per-call cap.
    error ValueAboveCap(uint256 value, uint256 cap);
    /// @notice `requested` is above what is left of the period's allowance.
    error AllowanceExceeded(uint256 requested, uint256 left);
    /// @notice The action-rate limit is used up until `resetsAt` (0: no window reset configured).
    error RateLimitExceeded(uint32 maxCalls, uint256 resetsAt);
    /// @notice The model is not allowed for the agent.
    error ModelNotAllowed(bytes32 modelHash);
    /// @notice The proof mode does not match the agent's attestation mode.
    error ProofModeNotAllowed(ProofMode mode);
    /// @notice The proof does not verify for this call.
    error InvalidProof(ProofMode mode, bytes32 commitment);
    /// @notice The inner call reverted; `reason` is its revert data.
    error InnerCallFailed(bytes reason);
    /// @notice {executeFor} is internal plumbing for {tryExecute}.
    error OnlySelf();
    /// @notice refillBase above refillCap.
    error InvalidRefillRange(uint128 refillBase, uint128 refillCap);

    /// @param registry_ The agent registry.
    /// @param staking_ The staking contract.
    /// @param verifier_ The inference verifier.
    /// @param agentId_ The registry id this account acts for.
    constructor(IAgentRegistry registry_, IAgentStaking staking_, IInferenceVerifier verifier_, uint256 agentId_)
        RegistryGoverned(registry_)
    {
        staking = staking_;
        verifier = verifier_;
        agentId = agentId_;
        nonce = 1;
    }

    /// @notice Accepts native token for the agent to spend within its limits.
    receive() external payable {
        emit Deposited(msg.sender, msg.value);
    }

    // ------------------------------------------------------------------ actions

    /// @notice Performs `target.call{value: value}(data)` if every check passes; reverts with the failed check's
    /// custom error otherwise.
    /// @param target Contract (or account) to call.
    /// @param value Native token to send from this account.
    /// @param data Calldata.
    /// @param proof abi.encode(Proof) for the action at the current {nonce}.
    /// @return result The call's return data.
    function execute(address target, uint256 value, bytes calldata data, bytes calldata proof)
        external
        nonReentrant
        returns (bytes memory result)
    {
        return _execute(msg.sender, target, value, data, _decodeProof(proof));
    }

    /// @notice Like {execute}, but a rejection emits {ActionRejected} (with the custom error's data) and returns
    /// (false, errorData) instead of reverting, so the attempt is recorded on chain.
    /// @param target Contract (or account) to call.
    /// @param value Native token to send from this account.
    /// @param data Calldata.
    /// @param proof abi.encode(Proof) for the action at the current {nonce}.
    /// @return ok Whether the action was performed.
    /// @return result Return data, or the ABI-encoded custom error on rejection.
    function tryExecute(address target, uint256 value, bytes calldata data, bytes calldata proof)
        external
        returns (bool ok, bytes memory result)
    {
        // The self-call is the revert boundary: a failed check undoes every effect of the attempt (nonce,
        // allowance, rate counter, recorded commitment), yet this frame survives to emit the rejection.
        try this.executeFor(msg.sender, target, value, data, proof) returns (bytes memory ret) {
            return (true, ret);
        } catch (bytes memory reason) {
            emit ActionRejected(nonce, msg.sender, target, _selectorOrZero(data), value, reason);
            return (false, reason);
        }
    }

    /// @notice Plumbing for {tryExecute}; only this contract may call it.
    /// @param caller The original caller, checked against the agent's signer.
    /// @param target Contract (or account) to call.
    /// @param value Native token to send.
    /// @param data Calldata.
    /// @param proof abi.encode(Proof).
    /// @return The call's return data.
    function executeFor(address caller, address target, uint256 value, bytes calldata data, bytes calldata proof)
        external
        nonReentrant
        returns (bytes memory)
    {
        if (msg.sender != address(this)) revert OnlySelf();
        return _execute(caller, target, value, data, _decodeProof(proof));
    }

    function _execute(address caller, address target, uint256 value, bytes calldata data, Proof memory proof)
        private
        returns (bytes memory)
    {
        IAgentRegistry.ExecutionPolicy memory policy = _checkAgent(caller, proof.modelHash);
        // Limit state is updated here, before the proof is checked: the proof checks are views (no external state
        // change can interleave) and any failure below reverts these writes, so CEI holds for the real interactions.
        bytes4 selector = _applyLimits(target, value, data);
        (uint256 actionNonce, bytes32 commitment) = _proveAndAdvance(proof, policy);

        // Interactions: the verifier is trusted and does not call back; the target is not, hence nonReentrant.
        verifier.recordAction(agentId, commitment, InferenceCommitment.callHash(target, value, data), value);
        emit ActionExecuted(actionNonce, target, selector, value, commitment, proof.mode);
        return _call(target, value, data);
    }

    function _decodeProof(bytes calldata proof) private pure returns (Proof memory) {
        return abi.decode(proof, (Proof));
    }

    /// @dev Model check, commitment for the current nonce, proof check, then the nonce advances.
    function _proveAndAdvance(Proof memory proof, IAgentRegistry.ExecutionPolicy memory policy)
        private
        returns (uint256 actionNonce, bytes32 commitment)
    {
        if (!policy.modelAllowed) revert ModelNotAllowed(proof.modelHash);
        actionNonce = nonce;
        commitment = InferenceCommitment.compute(
            block.chainid,
            address(this),
            agentId,
            actionNonce,
            InferenceCommitment.Inference(proof.modelHash, proof.runtimeId, proof.inputHash, proof.outputHash)
        );
        _verifyProof(proof, policy, commitment);
        nonce = actionNonce + 1;
    }

    function _call(address target, uint256 value, bytes calldata data) private returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) revert InnerCallFailed(result);
        return result;
    }

    /// @dev Identity checks: signer, registration, pause, stake.
    function _checkAgent(address caller, bytes32 modelHash)
        private
        view
        returns (IAgentRegistry.ExecutionPolicy memory policy)
    {
        policy = registryRoles.executionPolicy(agentId, modelHash);
        if (caller != policy.signer || caller == address(0)) revert NotAgentSigner(caller, policy.signer);
        if (!policy.registered) revert AgentNotRegistered(agentId);
        if (policy.paused) revert AgentIsPaused(agentId);
        if (!staking.hasMinimumStake(agentId)) revert StakeBelowMinimum(agentId);
    }

    /// @dev Limit checks, then the limit state updates (allowance spend, rate count).
    function _applyLimits(address target, uint256 value, bytes calldata data) private returns (bytes4 selector) {
        selector = _selector(data);
        if (!isCallAllowed[target][selector]) revert CallNotAllowed(target, selector);
        uint256 cap = maxValuePerCall;
        if (value > cap) revert ValueAboveCap(value, cap);
        (uint128 balance, uint64 accruedAt) = _allowance.accrued(_allowance.refillFor(verifier.reputationOf(agentId)));
        if (value > balance) revert AllowanceExceeded(value, balance);
        if (!_rateLimit.available()) revert RateLimitExceeded(_rateLimit.maxCalls, _rateLimit.resetsAt());
        _allowance.spend(balance, accruedAt, value);
        _rateLimit.consume();
    }

    function _verifyProof(Proof memory proof, IAgentRegistry.ExecutionPolicy memory policy, bytes32 commitment)
        private
        view
    {
        bool valid;
        if (proof.mode == ProofMode.SignedCommitment) {
            if (policy.mode != IAgentRegistry.AttestationMode.Commitment) revert ProofModeNotAllowed(proof.mode);
            // Raw digest, no EIP-191 prefix: the commitment carries its own domain separator and cannot collide
            // with a transaction hash or typed-data digest.
            (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(commitment, proof.evidence);
            valid = err == ECDSA.RecoverError.NoError && recovered == policy.signer;
        } else {
            if (policy.mode != IAgentRegistry.AttestationMode.Tee) revert ProofModeNotAllowed(proof.mode);
            if (proof.mode == ProofMode.AttestedKey) {
                (bytes32 r, bytes32 s) = abi.decode(proof.evidence, (bytes32, bytes32));
                valid = verifier.verifyAttestedKeySignature(agentId, commitment, r, s);
            } else {
                (bytes32 measurement, bytes32 r, bytes32 s) = abi.decode(proof.evidence, (bytes32, bytes32, bytes32));
                valid = verifier.verifyDevTeeReport(agentId, measurement, commitment, r, s);
            }
        }
        if (!valid) revert InvalidProof(proof.mode, commitment);
    }

    // ------------------------------------------------------------------ limits (DAO loosens, guardian tightens)

    /// @notice Allows (governance) or disallows (guardian or governance) calling `selector` on `target`.
    /// @param target The contract.
    /// @param selector The function selector (0x00000000 for plain transfers with empty calldata).
    /// @param allowed The new permission.
    function setCallAllowed(address target, bytes4 selector, bool allowed) external {
        _authorizeChange(allowed);
        isCallAllowed[target][selector] = allowed;
        emit CallPermissionChanged(target, selector, allowed, msg.sender);
    }

    /// @notice Sets the per-call value cap (raising it is governance-only).
    /// @param newCap Largest value per call.
    function setMaxValuePerCall(uint256 newCap) external {
        uint256 previous = maxValuePerCall;
        _authorizeChange(newCap > previous);
        maxValuePerCall = newCap;
        emit MaxValuePerCallChanged(previous, newCap, msg.sender);
    }

    /// @notice Configures the Zodiac-Roles-style allowance. Any looser field (higher maxRefill, refillBase or
    /// refillCap; shorter nonzero period; lower reputationRamp) needs governance. The balance accrued under the
    /// old configuration is kept (clipped to the new maxRefill).
    /// @param maxRefill Refills stop once the balance reaches this.
    /// @param refillBase Refill per period at zero reputation.
    /// @param refillCap Refill per period at full reputation (the DAO's cap).
    /// @param period Refill period in seconds (0: never refills).
    /// @param reputationRamp Reputation at which the refill reaches refillCap (0: refillCap at once).
    function setAllowance(uint128 maxRefill, uint128 refillBase, uint128 refillCap, uint64 period, uint64 reputationRamp)
        external
    {
        if (refillBase > refillCap) revert InvalidRefillRange(refillBase, refillCap);
        ValueAllowance.Allowance memory a = _allowance;
        bool loosening = maxRefill > a.maxRefill || refillBase > a.refillBase || refillCap > a.refillCap
            || (period != 0 && (a.period == 0 || period < a.period)) || reputationRamp < a.reputationRamp;
        _authorizeChange(loosening);
        _allowance.reconfigure(
            _allowance.refillFor(verifier.reputationOf(agentId)), maxRefill, refillBase, refillCap, period, reputationRamp
        );
        emit AllowanceChanged(maxRefill, refillBase, refillCap, period, reputationRamp, msg.sender);
    }

    /// @notice Sets the allowance balance now (raising it is governance-only; the guardian may cut it).
    /// @param balance The new balance.
    function setAllowanceBalance(uint128 balance) external {
        (uint128 current,) = _allowance.accrued(_allowance.refillFor(verifier.reputationOf(agentId)));
        _authorizeChange(balance > current);
        _allowance.setBalance(balance);
        emit AllowanceBalanceSet(balance, msg.sender);
    }

    /// @notice Sets the action-rate limit: at most `maxCalls` per `window` seconds (window 0: never resets).
    /// More calls or a shorter nonzero window need governance.
    /// @param maxCalls Calls per window.
    /// @param window Window length in seconds.
    function setRateLimit(uint32 maxCalls, uint64 window) external {
        ActionRateLimit.RateLimit memory r = _rateLimit;
        _authorizeChange(maxCalls > r.maxCalls || (window != 0 && (r.window == 0 || window < r.window)));
        _rateLimit.configure(maxCalls, window);
        emit RateLimitChanged(maxCalls, window, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IControllableAgent
    function registry() external view returns (address) {
        return address(registryRoles);
    }

    /// @notice The allowance as it would be used now.
    /// @return balance Value spendable now.
    /// @return refill Current refill per period (reputation-adjusted).
    /// @return config The stored configuration.
    function allowance()
        external
        view
        returns (uint128 balance, uint256 refill, ValueAllowance.Allowance memory config)
    {
        refill = _allowance.refillFor(verifier.reputationOf(agentId));
        (balance,) = _allowance.accrued(refill);
        config = _allowance;
    }

    /// @notice The rate limit state.
    /// @return The stored rate limit.
    function rateLimit() external view returns (ActionRateLimit.RateLimit memory) {
        return _rateLimit;
    }

    // ------------------------------------------------------------------ internals

    function _selector(bytes calldata data) private pure returns (bytes4 selector) {
        if (data.length == 0) return bytes4(0);
        if (data.length < 4) revert MalformedCalldata(data.length);
        selector = bytes4(data[:4]);
        if (selector == bytes4(0)) revert ZeroSelectorCalldata();
    }

    function _selectorOrZero(bytes calldata data) private pure returns (bytes4) {
        return data.length < 4 ? bytes4(0) : bytes4(data[:4]);
    }
}
