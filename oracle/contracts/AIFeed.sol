// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {INodeRunnerDirectory} from "./interfaces/INodeRunnerDirectory.sol";
import {INodeRunnerStake} from "./interfaces/INodeRunnerStake.sol";

/// @title AIFeed
/// @notice An AI-inference data feed with Chainlink's AggregatorV3Interface. Registered, staked node runners
/// (agents in the AgentRegistry, acting through their signer key) each submit a value with the inference commitment
/// that produced it; once `quorum` runners reported, the round's answer is their median (for an even count, the
/// floor of the mean of the two middle values). A new round may start only
/// when the heartbeat has elapsed or the first value deviates from the last answer by at least `deviationBps`.
/// Submissions far from the median are recorded as outliers, open to challenge (slashing goes through
/// AgentStaking by the verifier or governance). {isStale} flags an answer older than `stalenessThreshold`.
/// @dev Rounds that miss quorum within `roundTimeout` are abandoned: the next submission opens a fresh round id,
/// and the abandoned id reports no data (getRoundData reverts), as Chainlink does for missing rounds.
contract AIFeed is AggregatorV3Interface {
    /// @dev Finalized round data (two slots).
    struct Round {
        int256 answer;
        uint64 startedAt;
        uint64 updatedAt;
        uint80 answeredInRound;
    }

    /// @notice One runner's report for a round.
    struct Submission {
        uint256 runnerId;
        int256 value;
        bytes32 commitment;
    }

    /// @notice Largest quorum (bounds the median's in-memory sort).
    uint256 public constant MAX_QUORUM = 31;
    uint256 private constant BPS = 10_000;

    /// @inheritdoc AggregatorV3Interface
    uint8 public immutable decimals;
    /// @notice Registry of node runners (AgentRegistry).
    INodeRunnerDirectory public immutable directory;
    /// @notice Stake check for node runners (AgentStaking).
    INodeRunnerStake public immutable stakes;

    string private _description;
    /// @notice Reports needed to answer a round.
    uint32 public quorum;
    /// @notice Deviation, in basis points of the last answer, that allows a new round before the heartbeat (0: off).
    uint32 public deviationBps;
    /// @notice Distance from the median, in basis points of |median|, that marks a submission as an outlier (0: off).
    uint32 public outlierBps;
    /// @notice Seconds after which a new round may start regardless of deviation.
    uint64 public heartbeat;
    /// @notice Seconds an open round may wait for quorum before it is abandoned.
    uint64 public roundTimeout;
    /// @notice Age, in seconds, above which the latest answer is flagged stale.
    uint64 public stalenessThreshold;

    /// @notice Latest answered round id (0: none yet).
    uint80 public latestRoundId;
    /// @notice Round currently collecting reports (0: none).
    uint80 public openRoundId;
    uint64 private _openRoundStartedAt;
    uint80 private _highestRoundId;

    mapping(uint80 roundId => Round) private _rounds;
    mapping(uint80 roundId => Submission[]) private _submissions;
    mapping(uint80 roundId => mapping(uint256 runnerId => bool)) private _hasSubmitted;
    mapping(uint80 roundId => uint256[]) private _outliers;

    /// @notice Chainlink-compatible: a round got its answer.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    /// @notice Chainlink-compatible: a round was opened.
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);
    /// @notice A runner reported for a round.
    event SubmissionReceived(uint80 indexed roundId, uint256 indexed runnerId, int256 value, bytes32 commitment);
    /// @notice A report was far from the round's median; open to challenge.
    event OutlierRecorded(uint80 indexed roundId, uint256 indexed runnerId, int256 value, int256 median, bytes32 commitment);
    /// @notice An open round missed quorum in time and was abandoned.
    event RoundAbandoned(uint80 indexed roundId, uint256 submissions);
    /// @notice Governance changed the feed parameters.
    event FeedParametersChanged(
        uint32 quorum, uint32 deviationBps, uint32 outlierBps, uint64 heartbeat, uint64 roundTimeout, uint64 stalenessThreshold
    );

    /// @notice Caller is not the runner's signer.
    error NotRunnerSigner(uint256 runnerId, address caller);
    /// @notice Runner is unregistered or paused.
    error RunnerInactive(uint256 runnerId);
    /// @notice Runner's stake is below the minimum.
    error RunnerNotStaked(uint256 runnerId);
    /// @notice The round id is neither the open round nor the next one.
    error InvalidRound(uint80 roundId, uint80 expected);
    /// @notice The runner already reported for this round.
    error AlreadySubmitted(uint80 roundId, uint256 runnerId);
    /// @notice Neither the heartbeat has elapsed nor the value deviates enough to start a round.
    error NoUpdateNeeded(int256 value, int256 latestAnswer);
    /// @notice The round has no answer.
    error NoDataPresent(uint80 roundId);
    /// @notice Caller is not the DAO's executor.
    error NotGovernance(address caller);
    /// @notice Parameters are out of range.
    error InvalidParameters();

    /// @param directory_ Node runner registry (AgentRegistry).
    /// @param stakes_ Node runner stake (AgentStaking).
    /// @param decimals_ Answer decimals.
    /// @param description_ Feed description.
    /// @param quorum_ Reports per round.
    /// @param deviationBps_ Deviation trigger.
    /// @param outlierBps_ Outlier distance.
    /// @param heartbeat_ Heartbeat in seconds.
    /// @param roundTimeout_ Round timeout in seconds.
    /// @param stalenessThreshold_ Staleness flag threshold in seconds.
    constructor(
        INodeRunnerDirectory directory_,
        INodeRunnerStake stakes_,
        uint8 decimals_,
        string memory description_,
        uint32 quorum_,
        uint32 deviationBps_,
        uint32 outlierBps_,
        uint64 heartbeat_,
        uint64 roundTimeout_,
        uint64 stalenessThreshold_
    ) {
        directory = directory_;
        stakes = stakes_;
        decimals = decimals_;
        _description = description_;
        _setParameters(quorum_, deviationBps_, outlierBps_, heartbeat_, roundTimeout_, stalenessThreshold_);
    }

    // ------------------------------------------------------------------ reporting

    /// @notice Reports `value` for `roundId` (the open round, or the next id to open one).
    /// @param runnerId The runner's agent id; caller must be its signer.
    /// @param roundId The round.
    /// @param value The inferred value, scaled by `decimals`.
    /// @param commitment The canonical inference commitment behind `value`.
    function submit(uint256 runnerId, uint80 roundId, int256 value, bytes32 commitment) external {
        if (directory.signerOf(runnerId) != msg.sender) revert NotRunnerSigner(runnerId, msg.sender);
        if (!directory.isActive(runnerId)) revert RunnerInactive(runnerId);
        if (!stakes.hasMinimumStake(runnerId)) revert RunnerNotStaked(runnerId);

        uint80 open = openRoundId;
        if (open != 0 && block.timestamp > uint256(_openRoundStartedAt) + roundTimeout) {
            emit RoundAbandoned(open, _submissions[open].length);
            openRoundId = 0;
            open = 0;
        }
        if (open == 0) {
            uint80 next = _highestRoundId + 1;
            if (roundId != next) revert InvalidRound(roundId, next);
            _checkUpdateNeeded(value);
            openRoundId = roundId;
            _highestRoundId = roundId;
            _openRoundStartedAt = uint64(block.timestamp);
            emit NewRound(roundId, msg.sender, block.timestamp);
        } else if (roundId != open) {
            revert InvalidRound(roundId, open);
        }
        if (_hasSubmitted[roundId][runnerId]) revert AlreadySubmitted(roundId, runnerId);

        _hasSubmitted[roundId][runnerId] = true;
        _submissions[roundId].push(Submission({runnerId: runnerId, value: value, commitment: commitment}));
        emit SubmissionReceived(roundId, runnerId, value, commitment);
        if (_submissions[roundId].length >= quorum) _finalizeRound(roundId);
    }

    // ------------------------------------------------------------------ AggregatorV3Interface

    /// @inheritdoc AggregatorV3Interface
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _roundData(_roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _roundData(latestRoundId);
    }

    // ------------------------------------------------------------------ extra views

    /// @notice True if there is no answer yet or the latest is older than `stalenessThreshold`.
    /// @return Whether stale.
    function isStale() external view returns (bool) {
        uint80 latest = latestRoundId;
        return latest == 0 || block.timestamp > uint256(_rounds[latest].updatedAt) + stalenessThreshold;
    }

    /// @notice The reports of a round.
    /// @param roundId The round.
    /// @return The submissions in arrival order.
    function submissionsOf(uint80 roundId) external view returns (Submission[] memory) {
        return _submissions[roundId];
    }

    /// @notice Runner ids recorded as outliers in a round.
    /// @param roundId The round.
    /// @return The runner ids.
    function outliersOf(uint80 roundId) external view returns (uint256[] memory) {
        return _outliers[roundId];
    }

    // ------------------------------------------------------------------ governance

    /// @notice Sets the feed parameters (governance only).
    /// @param quorum_ Reports per round (1..MAX_QUORUM).
    /// @param deviationBps_ Deviation trigger.
    /// @param outlierBps_ Outlier distance.
    /// @param heartbeat_ Heartbeat in seconds.
    /// @param roundTimeout_ Round timeout in seconds.
    /// @param stalenessThreshold_ Staleness threshold in seconds.
    function setParameters(
        uint32 quorum_,
        uint32 deviationBps_,
        uint32 outlierBps_,
        uint64 heartbeat_,
        uint64 roundTimeout_,
        uint64 stalenessThreshold_
    ) external {
        if (msg.sender != directory.governance()) revert NotGovernance(msg.sender);
        _setParameters(quorum_, deviationBps_, outlierBps_, heartbeat_, roundTimeout_, stalenessThreshold_);
    }

    // ------------------------------------------------------------------ internals

    function _setParameters(
        uint32 quorum_,
        uint32 deviationBps_,
        uint32 outlierBps_,
        uint64 heartbeat_,
        uint64 roundTimeout_,
        uint64 stalenessThreshold_
    ) private {
        if (quorum_ == 0 || quorum_ > MAX_QUORUM || roundTimeout_ == 0) revert InvalidParameters();
        quorum = quorum_;
        deviationBps = deviationBps_;
        outlierBps = outlierBps_;
        heartbeat = heartbeat_;
        roundTimeout = roundTimeout_;
        stalenessThreshold = stalenessThreshold_;
        emit FeedParametersChanged(quorum_, deviationBps_, outlierBps_, heartbeat_, roundTimeout_, stalenessThreshold_);
    }

    function _checkUpdateNeeded(int256 value) private view {
        uint80 latest = latestRoundId;
        if (latest == 0) return;
        Round storage last = _rounds[latest];
        if (block.timestamp >= uint256(last.updatedAt) + heartbeat) return;
        if (_exceedsBps(value, last.answer, deviationBps)) return;
        revert NoUpdateNeeded(value, last.answer);
    }

    function _finalizeRound(uint80 roundId) private {
        Submission[] storage subs = _submissions[roundId];
        uint256 n = subs.length;
        int256[] memory values = new int256[](n);
        for (uint256 i = 0; i < n; ++i) {
            values[i] = subs[i].value;
        }
        int256 median = _median(values);
        _rounds[roundId] = Round({
            answer: median,
            startedAt: _openRoundStartedAt,
            updatedAt: uint64(block.timestamp),
            answeredInRound: roundId
        });
        latestRoundId = roundId;
        openRoundId = 0;
        emit AnswerUpdated(median, roundId, block.timestamp);

        uint32 bps = outlierBps;
        for (uint256 i = 0; i < n; ++i) {
            Submission storage s = subs[i];
            if (_exceedsBps(s.value, median, bps)) {
                _outliers[roundId].push(s.runnerId);
                emit OutlierRecorded(roundId, s.runnerId, s.value, median, s.commitment);
            }
        }
    }

    function _roundData(uint80 id) private view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory r = _rounds[id];
        if (r.updatedAt == 0) revert NoDataPresent(id);
        return (id, r.answer, r.startedAt, r.updatedAt, r.answeredInRound);
    }

    /// @dev True if |value - reference| > |reference| * bps / BPS; bps == 0 disables the test. mulDiv keeps the
    /// product exact for any int256 inputs.
    function _exceedsBps(int256 value, int256 reference_, uint256 bps) private pure returns (bool) {
        if (bps == 0) return false;
        uint256 diff = value >= reference_ ? _absDiff(value, reference_) : _absDiff(reference_, value);
        uint256 ref = reference_ >= 0 ? uint256(reference_) : uint256(-(reference_ + 1)) + 1;
        return diff > Math.mulDiv(ref, bps, BPS);
    }

    function _absDiff(int256 hi, int256 lo) private pure returns (uint256) {
        unchecked {
            return uint256(hi) - uint256(lo); // two's complement: exact for hi >= lo
        }
    }

    /// @dev Insertion sort (n <= MAX_QUORUM), then the middle value, or the mean of the two middle values.
    function _median(int256[] memory v) private pure returns (int256) {
        uint256 n = v.length;
        for (uint256 i = 1; i < n; ++i) {
            int256 key = v[i];
            uint256 j = i;
            while (j > 0 && v[j - 1] > key) {
                v[j] = v[j - 1];
                --j;
            }
            v[j] = key;
        }
        if (n % 2 == 1) return v[n / 2];
        int256 a = v[n / 2 - 1];
        int256 b = v[n / 2];
        // floor((a + b) / 2) without overflow: the shared bits plus half the differing ones. `>>` on int256 is an
        // arithmetic shift, so the result rounds toward negative infinity whatever the signs.
        return (a & b) + ((a ^ b) >> 1);
    }
}
