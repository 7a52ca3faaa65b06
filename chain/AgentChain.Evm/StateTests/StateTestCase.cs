using AgentChain.Core.Types;
using AgentChain.Evm.Handler;
using AgentChain.State;

namespace AgentChain.Evm.StateTests;

/// <summary>
/// One post entry of a GeneralStateTests file for one fork: the pre-state, block, the transaction chosen by
/// the (data, gas, value) indexes, and what must come out (state root, logs hash, or a rejection).
/// </summary>
public sealed record StateTestCase(
    string Id,
    string Folder,
    Func<InMemoryState> PreState,
    BlockEnvironment Block,
    Func<Transaction> Transaction,
    Hash256 ExpectedRoot,
    Hash256 ExpectedLogsHash,
    string? ExpectedException);
