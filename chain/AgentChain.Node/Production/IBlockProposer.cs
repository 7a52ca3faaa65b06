namespace AgentChain.Node.Production;

/// <summary>
/// Step one of three a consensus engine drives (propose → execute → commit): builds a proposal from the pool on
/// top of the newest executed block — which may still be waiting for its store write — selecting transactions
/// with the nonces after that block.
/// </summary>
public interface IBlockProposer
{
    /// <summary>
    /// A proposal for the block after the newest executed one, or null when the pool has nothing to include and
    /// neither <paramref name="force"/> nor empty blocks ask for one. <paramref name="timestamp"/> overrides the clock.
    /// </summary>
    BlockProposal? Propose(bool force = false, ulong? timestamp = null);
}
