using AgentChain.Core.Types;

namespace AgentChain.Evm.Precompiles;

/// <summary>
/// 0x0a KZG point evaluation (EIP-4844), 50000 gas. Verifying a KZG proof needs a BLS12-381 pairing and the
/// Ethereum KZG trusted setup, neither of which this build has; rather than answer wrongly it fails every call
/// (consuming the gas, as an invalid proof would), and says why. Blob-carrying state tests are known failures.
/// </summary>
public sealed class PointEvaluationPrecompile : IPrecompile
{
    public Address Address { get; } = PrecompileSet.AddressOf(0x0a);

    public long GasCost(ReadOnlySpan<byte> input) => 50000;

    public PrecompileResult Run(ReadOnlySpan<byte> input) =>
        PrecompileResult.Fail("KZG point evaluation not supported: this build has no BLS12-381 pairing or KZG trusted setup (EIP-4844)");
}
