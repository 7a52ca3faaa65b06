using AgentChain.Core.Types;

namespace AgentChain.Evm.Precompiles;

/// <summary>
/// A precompiled contract. The caller charges <see cref="GasCost"/> first (failing the call with all its gas
/// when it exceeds the gas available), then runs it. A failed run consumes all gas given to the call and
/// returns no data, as every precompile failure does in Cancun.
/// </summary>
public interface IPrecompile
{
    Address Address { get; }

    /// <summary>Gas for this input (pricing rules per the precompile's EIP).</summary>
    long GasCost(ReadOnlySpan<byte> input);

    PrecompileResult Run(ReadOnlySpan<byte> input);
}

/// <summary>Outcome of a precompile run: success with output, or failure (invalid input).</summary>
public readonly record struct PrecompileResult(bool Success, byte[] Output, string? Error = null)
{
    public static PrecompileResult Ok(byte[] output) => new(true, output);
    public static PrecompileResult Fail(string error) => new(false, [], error);
}
