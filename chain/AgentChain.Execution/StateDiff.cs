using System.Buffers.Binary;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution;

/// <summary>
/// A block's state changes, one <see cref="AccountChange"/> per account it wrote, sorted by address so that
/// applying them is deterministic. <see cref="ApplyTo"/> commits them to any <see cref="IStateWriter"/>.
/// </summary>
public sealed class StateDiff
{
    public StateDiff(IEnumerable<AccountChange> accounts) => Accounts = SortByAddress([.. accounts], parts: 1, workers: null);

    private StateDiff(AccountChange[] sorted) => Accounts = sorted;

    /// <summary>
    /// The parallel executor's diff: keys are taken and sorted in parts on its workers, and the parts merged here
    /// (sorting 16,000 keys on one thread was half of that executor's serial time at the end of a transfer block).
    /// </summary>
    internal static StateDiff SortOnWorkers(AccountChange[] changes, BlockWorkerPool workers) =>
        new(SortByAddress(changes, Math.Min(workers.Workers, Math.Max(1, changes.Length / 2048)), workers));

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

    /// <summary>
    /// Sorts by address through keys (the 20 bytes as three big-endian integers, compared without a delegate) rather
    /// than by comparing the records: a block's diff has an entry per account it touched (about 16,000 for 10,000
    /// ETH transfers), and the delegate sort, which dereferences both records on every comparison, was a seventh of
    /// the sequential executor's time on that block. The keys are sorted in <paramref name="parts"/> ranges (on
    /// <paramref name="workers"/> when given, else here) and the sorted ranges merged.
    /// </summary>
    private static AccountChange[] SortByAddress(AccountChange[] changes, int parts, BlockWorkerPool? workers)
    {
        var keys = new AddressKey[changes.Length];
        var bounds = new int[parts + 1];
        for (int p = 0; p <= parts; p++) bounds[p] = (int)((long)changes.Length * p / parts);
        void SortPart(int p)
        {
            for (int i = bounds[p]; i < bounds[p + 1]; i++) keys[i] = new AddressKey(changes[i].Address, i);
            keys.AsSpan(bounds[p], bounds[p + 1] - bounds[p]).Sort();
        }
        if (workers is null || parts == 1)
            for (int p = 0; p < parts; p++) SortPart(p);
        else
            workers.Run(worker =>
            {
                for (int p = worker; p < parts; p += workers.Workers) SortPart(p);
            });
        // Merge the sorted parts: each step takes the smallest head (parts is at most the worker count, a handful).
        var sorted = new AccountChange[changes.Length];
        int[] heads = bounds[..parts];
        for (int o = 0; o < sorted.Length; o++)
        {
            int best = -1;
            for (int p = 0; p < parts; p++)
                if (heads[p] < bounds[p + 1] && (best < 0 || keys[heads[p]].CompareTo(keys[heads[best]]) < 0)) best = p;
            sorted[o] = changes[keys[heads[best]++].Index];
        }
        return sorted;
    }

    /// <summary>An address as its order key: bytes 0-7, 8-15 and 16-19 big-endian, so integer order is byte order.</summary>
    private readonly struct AddressKey : IComparable<AddressKey>
    {
        private readonly ulong _high;
        private readonly ulong _middle;
        private readonly uint _low;

        public AddressKey(in Address address, int index)
        {
            ReadOnlySpan<byte> bytes = address.Bytes;
            _high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
            _middle = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
            _low = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
            Index = index;
        }

        public int Index { get; }

        public int CompareTo(AddressKey other) =>
            _high != other._high ? _high.CompareTo(other._high)
            : _middle != other._middle ? _middle.CompareTo(other._middle)
            : _low != other._low ? _low.CompareTo(other._low)
            : Index.CompareTo(other.Index);
    }
}
