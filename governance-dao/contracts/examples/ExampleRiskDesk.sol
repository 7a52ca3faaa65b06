// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {IControllableAgent} from "../interfaces/IControllableAgent.sol";

/// @title ExampleRiskDesk
/// @notice An example target for a governed agent: dApp users submit breast-cancer cases (the 30 features of the
/// Wisconsin diagnostic data set, fixed-point 1e6) and an agent records one risk assessment per case through its
/// ControllableAgent, optionally attaching a follow-up budget for high-risk cases. The budget is credited to the
/// case's submitter and paid out on {claimFollowUpBudget} (pull payment, so a submitter that cannot receive ether
/// cannot block an assessment). Not for medical use: it shows the flow, not a clinical process.
contract ExampleRiskDesk {
    /// @notice Features per case (the model's input width).
    uint256 public constant FEATURE_COUNT = 30;
    /// @notice Largest assessment: 100 % in basis points.
    uint16 public constant MAX_BPS = 10_000;

    /// @notice One recorded assessment.
    struct Assessment {
        address agent;
        uint16 malignantBps;
        uint64 recordedAt;
        uint256 followUpBudget;
    }

    /// @notice The registry that binds agent accounts to agent ids; only bound accounts may assess.
    IAgentRegistry public immutable registry;

    /// @notice Who submitted each case (zero: not submitted).
    mapping(bytes32 caseId => address) public submitterOf;
    /// @notice Follow-up budget waiting for each submitter.
    mapping(address submitter => uint256) public followUpBudgetOf;
    mapping(bytes32 caseId => Assessment) private _assessments;

    /// @notice A case was submitted for assessment.
    event CaseSubmitted(bytes32 indexed caseId, address indexed submitter, int256[] features);
    /// @notice An agent assessed a case.
    event AssessmentRecorded(address indexed agent, bytes32 indexed caseId, uint16 malignantBps, uint256 followUpBudget);
    /// @notice A submitter withdrew its follow-up budget.
    event FollowUpBudgetClaimed(address indexed submitter, uint256 amount);

    /// @notice The case does not have exactly FEATURE_COUNT features.
    error WrongFeatureCount(uint256 given, uint256 expected);
    /// @notice The case id was submitted before.
    error CaseAlreadySubmitted(bytes32 caseId);
    /// @notice Nobody submitted this case.
    error UnknownCase(bytes32 caseId);
    /// @notice The case already has its assessment.
    error AlreadyAssessed(bytes32 caseId, address agent);
    /// @notice The assessment is above 10,000 basis points.
    error AssessmentOutOfRange(uint16 malignantBps);
    /// @notice The caller is not an agent account bound in the registry.
    error NotAgentAccount(address caller);
    /// @notice Nothing to claim.
    error NothingToClaim(address submitter);
    /// @notice Sending the claimed budget failed.
    error ClaimTransferFailed(address submitter, uint256 amount);

    /// @param registry_ The AgentRegistry whose bound agent accounts may record assessments.
    constructor(IAgentRegistry registry_) {
        registry = registry_;
    }

    /// @notice Submits a case; anyone may.
    /// @param caseId The case's id (e.g. a hash the dApp chooses); must be new.
    /// @param features The 30 features, fixed-point with 6 decimals.
    function submitCase(bytes32 caseId, int256[] calldata features) external {
        if (features.length != FEATURE_COUNT) revert WrongFeatureCount(features.length, FEATURE_COUNT);
        if (submitterOf[caseId] != address(0)) revert CaseAlreadySubmitted(caseId);
        submitterOf[caseId] = msg.sender;
        emit CaseSubmitted(caseId, msg.sender, features);
    }

    /// @notice Records an agent's assessment of a submitted case, once per case. The caller must be an agent's
    /// ControllableAgent as bound in the registry; msg.value is a follow-up budget credited to the submitter.
    /// @param caseId The case.
    /// @param malignantBps The model's malignant probability in basis points (0..10,000).
    function recordAssessment(bytes32 caseId, uint16 malignantBps) external payable {
        _checkAgentAccount();
        if (malignantBps > MAX_BPS) revert AssessmentOutOfRange(malignantBps);
        address submitter = submitterOf[caseId];
        if (submitter == address(0)) revert UnknownCase(caseId);
        Assessment storage a = _assessments[caseId];
        if (a.agent != address(0)) revert AlreadyAssessed(caseId, a.agent);
        _assessments[caseId] = Assessment(msg.sender, malignantBps, uint64(block.timestamp), msg.value);
        if (msg.value != 0) followUpBudgetOf[submitter] += msg.value;
        emit AssessmentRecorded(msg.sender, caseId, malignantBps, msg.value);
    }

    /// @notice Pays the caller the follow-up budget agents attached to its cases.
    function claimFollowUpBudget() external {
        uint256 amount = followUpBudgetOf[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        followUpBudgetOf[msg.sender] = 0;
        emit FollowUpBudgetClaimed(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert ClaimTransferFailed(msg.sender, amount);
    }

    /// @notice The assessment of a case (agent zero: not assessed yet).
    /// @param caseId The case.
    /// @return The recorded assessment.
    function assessmentOf(bytes32 caseId) external view returns (Assessment memory) {
        return _assessments[caseId];
    }

    /// @dev A contract that claims an agent id must be that agent's bound account; an EOA has no agentId().
    function _checkAgentAccount() private view {
        if (msg.sender.code.length == 0) revert NotAgentAccount(msg.sender);
        uint256 id = IControllableAgent(msg.sender).agentId();
        if (registry.agentAccountOf(id) != msg.sender) revert NotAgentAccount(msg.sender);
    }
}
