using AgentChain.State;

namespace AgentChain.Execution;

/// <summary>
/// A block's state changes, one <see cref="AccountChange"/> per account it wrote, sorted by address so that
/// applying them is deterministic. <see cref="ApplyTo"/> commits them to any <see cref="IStateWriter"/>.
/// </summary>
public sealed class StateDiff
{
    public StateDiff(IEnumerable<AccountChange> accounts)
    {
        var sorted = accounts.ToList();
        sorted.Sort((a, b) => a.Address.CompareTo(b.Address));
        Accounts = sorted;
    }

    public IReadOnlyList<AccountChange> Accounts { get; }

    public void ApplyTo(IStateWriter writer)
    {
        foreach (AccountChange change in Accounts)
        {
            if (change.StorageWiped || change.Final is null) writer.DeleteAccount(change.Address);
            if (change.Final is not { } account) continue;
            writer.SetAccount(change.Address, account.Nonce, account.Balance, account.CodeHash, change.NewCode);
            foreach ((var slot, var value) in change.Storage) writer.SetStorage(change.Address, slot, value);
        }
    }
}
