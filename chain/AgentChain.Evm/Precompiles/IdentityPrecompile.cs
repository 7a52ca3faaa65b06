using AgentChain.Core.Types;

namespace AgentChain.Evm.Precompiles;

/// <summary>0x04 identity (Yellow Paper appendix E): 15 gas + 3 per word; returns its input.</summary>
public sealed class IdentityPrecompile : IPrecompile
{
    public Address Address { get; } = PrecompileSet.AddressOf(4);

    public long GasCost(ReadOnlySpan<byte> input) => 15 + 3 * PrecompileInput.WordCount(input.Length);

    public PrecompileResult Run(ReadOnlySpan<byte> input) => PrecompileResult.Ok(input.ToArray());
}
