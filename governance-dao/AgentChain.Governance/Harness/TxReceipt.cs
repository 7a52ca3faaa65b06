using AgentChain.Core.Abi;
using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.State;

namespace AgentChain.Governance.Harness;

/// <summary>What one transaction on a <see cref="DevChain"/> did, with its logs and revert data decoded by the known ABIs.</summary>
public sealed class TxReceipt
{
    private readonly DevChain _chain;

    internal TxReceipt(DevChain chain, string description, CallStatus status, long gasUsed, IReadOnlyList<LogEntry> logs,
        byte[] output, Address? contractAddress)
    {
        _chain = chain;
        Description = description;
        Status = status;
        GasUsed = gasUsed;
        Logs = logs;
        Output = output;
        ContractAddress = contractAddress;
        Revert = status == CallStatus.Success ? null : chain.DecodeRevert(output);
    }

    /// <summary>What was sent (for failure messages): sender, target and function.</summary>
    public string Description { get; }
    public CallStatus Status { get; }
    public bool Succeeded => Status == CallStatus.Success;
    public long GasUsed { get; }
    public IReadOnlyList<LogEntry> Logs { get; }

    /// <summary>Return data, or revert data when the transaction reverted.</summary>
    public byte[] Output { get; }

    /// <summary>The new contract's address for a deployment.</summary>
    public Address? ContractAddress { get; }

    /// <summary>The decoded revert (custom errors by name from every known ABI); null on success.</summary>
    public RevertReason? Revert { get; }

    /// <summary>The custom error's name (e.g. "AllowanceExceeded"), or null.</summary>
    public string? ErrorName => Revert?.Error?.Name;

    /// <summary>Every log decoded with the ABI of the contract that emitted it (logs of unknown contracts are skipped).</summary>
    public IEnumerable<AbiDecodedLog> DecodedLogs() =>
        Logs.Select(_chain.DecodeLog).Where(l => l is not null).Select(l => l!);

    /// <summary>Decoded logs of the event <paramref name="name"/>.</summary>
    public IReadOnlyList<AbiDecodedLog> Events(string name) => DecodedLogs().Where(l => l.Event.Name == name).ToArray();

    /// <summary>Throws with the decoded revert reason unless the transaction succeeded.</summary>
    public TxReceipt EnsureSuccess()
    {
        if (!Succeeded) throw new DevChainException($"{Description} failed ({Status}): {Revert?.Message}");
        return this;
    }

    public override string ToString() => $"{Description}: {Status}, {GasUsed} gas{(Revert is null ? "" : ", " + Revert.Message)}";
}
