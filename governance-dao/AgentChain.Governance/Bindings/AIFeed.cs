using System.Numerics;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>Binding of <c>AIFeed</c>: a Chainlink AggregatorV3Interface filled by staked node runners.</summary>
public sealed class AIFeed(DevChain chain, Address address) : ContractBinding(chain, address, ArtifactName)
{
    public const string ArtifactName = "AIFeed";

    public static AIFeed Deploy(DevChain chain, DevAccount from, Address directory, Address stakes, byte decimals,
        string description, FeedParameters p) =>
        new(chain, chain.Deploy(from, ContractArtifact.Load(ArtifactName), directory, stakes, decimals, description,
            p.Quorum, p.DeviationBps, p.OutlierBps, p.Heartbeat, p.RoundTimeout, p.StalenessThreshold));

    public TxReceipt Submit(DevAccount runnerSigner, UInt256 runnerId, ulong roundId, BigInteger value, Hash256 commitment) =>
        Send(runnerSigner, "submit", runnerId, roundId, value, commitment);

    public RoundData LatestRoundData() => ToRound(Call("latestRoundData"));

    public RoundData GetRoundData(ulong roundId) => ToRound(Call("getRoundData", roundId));

    /// <summary>getRoundData without throwing (an abandoned or unknown round reverts NoDataPresent).</summary>
    public CallOutcome TryGetRoundData(ulong roundId) => TryCall("getRoundData", roundId);

    public bool IsStale => CallBool("isStale");

    public IReadOnlyList<UInt256> OutliersOf(ulong roundId) =>
        ((object?[])Call("outliersOf", roundId)[0]!).Select(o => (UInt256)o!).ToArray();

    public byte Decimals => (byte)(uint)CallUInt("decimals");
    public string Description => (string)Call("description")[0]!;
    public UInt256 Version => CallUInt("version");

    private static RoundData ToRound(object?[] r) =>
        new((ulong)(UInt256)r[0]!, (BigInteger)r[1]!, (ulong)(UInt256)r[2]!, (ulong)(UInt256)r[3]!, (ulong)(UInt256)r[4]!);
}
