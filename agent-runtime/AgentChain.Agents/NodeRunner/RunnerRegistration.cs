using System.Text;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Transactions;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.NodeRunner;

/// <summary>
/// Makes a key a registered, staked node runner, the way the devnet genesis does it for its runners
/// (<c>AgentRegistry.register(uri)</c>, <c>setMetadata(id, "name", …)</c>, <c>setAgentSigner(id, key)</c>,
/// <c>AgentStaking.stake(id)</c>), and only what is still missing: on a restart it finds its id (the agent whose signer
/// is the key, or one the key owns whose signer was never set because a previous run stopped half-way) and tops the
/// stake up to the target. An AIFeed accepts any registered, active, minimum-staked signer, so no governance step is
/// needed to report; allowing the runner's model in the registry is a DAO decision and is only reported.
/// </summary>
public static class RunnerRegistration
{
    /// <summary>Gas this process may spend at most (register, two setters, stake, with headroom), reserved before anything is sent.</summary>
    public const ulong FeeReserveGas = 1_500_000;

    /// <summary>
    /// Ensures the key behind <paramref name="submitter"/> is a registered runner with an active stake of at least
    /// <paramref name="targetStake"/> (default: the chain's minimum). Throws <see cref="RunnerEnrollmentException"/>,
    /// before sending anything, when the target is below the minimum or the balance cannot cover it and the fees.
    /// </summary>
    public static async Task<RunnerEnrollment> EnsureAsync(EthRpcClient rpc, ContractDirectory contracts, TransactionSubmitter submitter, string name,
        Hash256? modelHash, ILogger logger, UInt256? targetStake = null, CancellationToken cancellation = default)
    {
        DeployedContract registry = contracts[AgentRegistry.ArtifactName];
        DeployedContract staking = contracts[AgentStaking.ArtifactName];
        var errors = new RevertDecoder([registry.Abi, staking.Abi]);
        Address signer = submitter.From;

        var minimum = await ContractReader.ReadOneAsync<UInt256>(rpc, staking, "minimumStake", cancellation);
        UInt256 target = targetStake ?? minimum;
        if (target < minimum)
            throw new RunnerEnrollmentException(
                $"--stake {EtherAmount.Format(target)} ETH is below the chain's minimum stake of {EtherAmount.Format(minimum)} ETH; a runner under it cannot report");

        (UInt256? found, bool signerSet) = await FindAsync(rpc, registry, signer, cancellation);
        UInt256 active = found is { } known ? await ActiveStakeAsync(rpc, staking, known, cancellation) : UInt256.Zero;
        UInt256 toStake = active >= target ? UInt256.Zero : target - active;

        // Check the balance before the first transaction, so a key that cannot afford it changes nothing.
        UInt256 balance = await rpc.GetBalanceAsync(signer, cancellation);
        UInt256 feeReserve = (await rpc.BaseFeeAsync(cancellation) * 2 + submitter.Policy.DefaultPriorityFee) * FeeReserveGas;
        if (!toStake.IsZero && balance < toStake + feeReserve)
            throw new RunnerEnrollmentException(
                $"{signer.ToChecksumString()} holds {EtherAmount.Format(balance)} ETH but staking {EtherAmount.Format(toStake)} ETH (to reach {EtherAmount.Format(target)} ETH) " +
                $"needs that plus up to {EtherAmount.Format(feeReserve)} ETH for fees; fund the key or choose a smaller --stake (minimum {EtherAmount.Format(minimum)} ETH)");

        bool registeredNow = false;
        UInt256 id;
        if (found is null)
        {
            SubmittedTransaction tx = await submitter.SendAsync(registry.Address, UInt256.Zero,
                registry.Abi.GetFunction("register(string)").EncodeCall($"agentchain://node-runner/{signer.ToChecksumString()}"), errors,
                $"register node runner {signer.ToChecksumString()}", cancellation);
            id = RegisteredId(registry, tx.Receipt);
            registeredNow = true;
            logger.LogInformation("node runner {Signer}: registered as agent {Id} in block {Block}", signer.ToChecksumString(), id, tx.Receipt.BlockNumber);
        }
        else
        {
            id = found.Value;
            logger.LogInformation("node runner {Signer}: already registered as agent {Id}{Resume}", signer.ToChecksumString(), id,
                signerSet ? "" : " (its signer was never set: finishing the registration)");
        }
        if (!signerSet)
        {
            await submitter.SendAsync(registry.Address, UInt256.Zero,
                registry.Abi.GetFunction("setMetadata").EncodeCall(id, "name", Encoding.UTF8.GetBytes(name)), errors, $"name agent {id} '{name}'", cancellation);
            await submitter.SendAsync(registry.Address, UInt256.Zero,
                registry.Abi.GetFunction("setAgentSigner").EncodeCall(id, signer), errors, $"make {signer.ToChecksumString()} the signer of agent {id}", cancellation);
            registeredNow = true;
            logger.LogInformation("node runner {Signer}: agent {Id} named '{Name}', signer set", signer.ToChecksumString(), id, name);
        }

        if (!toStake.IsZero)
        {
            await submitter.SendAsync(staking.Address, toStake, staking.Abi.GetFunction("stake").EncodeCall(id), errors,
                $"stake {EtherAmount.Format(toStake)} ETH for runner {id}", cancellation);
            active = await ActiveStakeAsync(rpc, staking, id, cancellation);
            logger.LogInformation("node runner {Id}: staked {Amount} ETH, active stake now {Active} ETH (minimum {Minimum} ETH)",
                id, EtherAmount.Format(toStake), EtherAmount.Format(active), EtherAmount.Format(minimum));
        }
        else
        {
            logger.LogInformation("node runner {Id}: active stake {Active} ETH already covers the target {Target} ETH (minimum {Minimum} ETH); nothing staked",
                id, EtherAmount.Format(active), EtherAmount.Format(target), EtherAmount.Format(minimum));
        }

        bool? allowed = modelHash is { } model ? await ContractReader.ReadOneAsync<bool>(rpc, registry, "isModelAllowed", cancellation, id, model) : null;
        if (allowed == true)
            logger.LogInformation("node runner {Id}: the registry allows its model {Model}", id, modelHash);
        else if (allowed == false)
            logger.LogWarning(
                "node runner {Id}: AIFeeds accept any registered, staked signer, so it can report now; but the registry does not allow its model {Model} for it " +
                "(a ControllableAgent acting under this id would revert ModelNotAllowed): that needs a DAO proposal calling " +
                "AgentRegistry.setModelAllowed({Id}, {Model}, true) (loosening is governance-only; the runner cannot do it itself)",
                id, modelHash, id, modelHash);
        return new RunnerEnrollment(id, registeredNow, toStake, active, minimum, allowed);
    }

    /// <summary>
    /// The agent whose signer is <paramref name="signer"/> (signerSet = true), else the first one it owns with no signer
    /// yet (a registration a previous run did not finish), else none.
    /// </summary>
    private static async Task<(UInt256? Id, bool SignerSet)> FindAsync(EthRpcClient rpc, DeployedContract registry, Address signer, CancellationToken cancellation)
    {
        var total = (ulong)await ContractReader.ReadOneAsync<UInt256>(rpc, registry, "totalAgents", cancellation);
        UInt256? unfinished = null;
        for (ulong id = 1; id <= total; id++)
        {
            Address current = await ContractReader.ReadOneAsync<Address>(rpc, registry, "signerOf", cancellation, (UInt256)id);
            if (current == signer) return (id, true);
            if (unfinished is null && current == Address.Zero
                && await ContractReader.ReadOneAsync<Address>(rpc, registry, "ownerOf", cancellation, (UInt256)id) == signer)
                unfinished = id;
        }
        return (unfinished, false);
    }

    private static async Task<UInt256> ActiveStakeAsync(EthRpcClient rpc, DeployedContract staking, UInt256 id, CancellationToken cancellation) =>
        (UInt256)(await ContractReader.ReadAsync(rpc, staking, "stakeOf", cancellation, id))[0]!;

    private static UInt256 RegisteredId(DeployedContract registry, RpcReceipt receipt)
    {
        Hash256 registered = registry.Abi.GetEvent("Registered").Topic0;
        foreach (RpcLog log in receipt.Logs)
            if (log.Address == registry.Address && log.Topics.Count > 1 && log.Topics[0] == registered)
                return UInt256.FromBigEndian(log.Topics[1].Bytes);
        throw new RunnerEnrollmentException($"the register transaction {receipt.TransactionHash} logged no Registered event; is {registry} an AgentRegistry?");
    }
}
