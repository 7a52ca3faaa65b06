// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";

/// @title ExampleFeedConsumer
/// @notice Shows how to read an AIFeed (or any AggregatorV3Interface feed) safely: reject non-positive answers,
/// incomplete rounds, answers carried over from an earlier round, and answers older than the consumer's own limit.
contract ExampleFeedConsumer {
    /// @notice The feed read.
    AggregatorV3Interface public immutable feed;
    /// @notice Oldest acceptable answer, in seconds.
    uint256 public immutable maxAnswerAge;
    /// @notice Last answer accepted by {recordAnswer}.
    int256 public lastAnswer;
    /// @notice Round of {lastAnswer}.
    uint80 public lastRoundId;

    /// @notice An answer passed every check and was stored.
    event AnswerAccepted(uint80 indexed roundId, int256 answer, uint256 updatedAt);

    /// @notice The feed answered zero or a negative value.
    error NonPositiveAnswer(int256 answer);
    /// @notice The round has no update time.
    error IncompleteRound(uint80 roundId);
    /// @notice The answer was computed in an earlier round than the one reported.
    error CarriedOverAnswer(uint80 roundId, uint80 answeredInRound);
    /// @notice The answer is older than `maxAnswerAge`.
    error StaleAnswer(uint256 updatedAt, uint256 maxAnswerAge);

    /// @param feed_ The feed.
    /// @param maxAnswerAge_ Oldest acceptable answer, in seconds (pick it from the feed's heartbeat).
    constructor(AggregatorV3Interface feed_, uint256 maxAnswerAge_) {
        feed = feed_;
        maxAnswerAge = maxAnswerAge_;
    }

    /// @notice The latest answer, if it passes every check (reverts with the failed check otherwise).
    /// @return roundId The round.
    /// @return answer The answer, scaled by the feed's decimals.
    /// @return updatedAt When it was computed.
    function readAnswer() public view returns (uint80 roundId, int256 answer, uint256 updatedAt) {
        uint80 answeredInRound;
        (roundId, answer,, updatedAt, answeredInRound) = feed.latestRoundData();
        if (answer <= 0) revert NonPositiveAnswer(answer);
        if (updatedAt == 0) revert IncompleteRound(roundId);
        if (answeredInRound < roundId) revert CarriedOverAnswer(roundId, answeredInRound);
        if (block.timestamp - updatedAt > maxAnswerAge) revert StaleAnswer(updatedAt, maxAnswerAge);
    }

    /// @notice Reads the latest answer safely and stores it.
    /// @return The stored answer.
    function recordAnswer() external returns (int256) {
        (uint80 roundId, int256 answer, uint256 updatedAt) = readAnswer();
        lastAnswer = answer;
        lastRoundId = roundId;
        emit AnswerAccepted(roundId, answer, updatedAt);
        return answer;
    }
}
