using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution;

/// <summary>
/// State roots for an <see cref="InMemoryState"/> parent (devnets, tests, benchmarks): copies the parent, applies
/// the diff, hashes the tries. A persistent store computes the root in its own commit instead.
/// </summary>
public sealed class InMemoryStateRootCalculator : IStateRootCalculator
{
    public Hash256 ComputeRoot(IStateReader parentState, StateDiff changes)
    {
        if (parentState is not InMemoryState parent)
            throw new ArgumentException($"{nameof(InMemoryStateRootCalculator)} needs an {nameof(InMemoryState)} parent, got {parentState.GetType().Name}", nameof(parentState));
        InMemoryState copy = Copy(parent);
        changes.ApplyTo(copy);
        return copy.ComputeStateRoot();
    }

    public static InMemoryState Copy(InMemoryState source)
    {
        var copy = new InMemoryState();
        foreach (Address address in source.Addresses.ToArray())
        {
            Account account = source.GetAccount(address)!.Value;
            copy.SetAccount(address, account.Nonce, account.Balance, account.CodeHash, source.GetCode(account.CodeHash));
            foreach ((var slot, var value) in source.StorageOf(address)) copy.SetStorage(address, slot, value);
        }
        return copy;
    }
}
