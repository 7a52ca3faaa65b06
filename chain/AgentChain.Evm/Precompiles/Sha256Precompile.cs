using AgentChain.Core.Types;

namespace AgentChain.Evm.Precompiles;

/// <summary>0x02 SHA2-256 (Yellow Paper appendix E): 60 gas + 12 per word.</summary>
public sealed class Sha256Precompile : IPrecompile
{
    public Address Address { get; } = PrecompileSet.AddressOf(2);

    public long GasCost(ReadOnlySpan<byte> input) => 60 + 12 * PrecompileInput.WordCount(input.Length);

    public PrecompileResult Run(ReadOnlySpan<byte> input)
    {
        var output = new byte[32];
        System.Security.Cryptography.SHA256.HashData(input, output);
        return PrecompileResult.Ok(output);
    }
}
