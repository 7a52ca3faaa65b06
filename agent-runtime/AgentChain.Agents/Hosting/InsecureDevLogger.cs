using AgentChain.Agents.Specs;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.Hosting;

/// <summary>
/// The logger of an agent whose proofs come from the dev-TEE (<see cref="ProofKind.DevTee"/>): every line it writes
/// starts with "INSECURE-DEV", so no log of such an agent can be mistaken for one backed by real attestation.
/// </summary>
public sealed class InsecureDevLogger(ILogger inner) : ILogger
{
    public const string Prefix = "INSECURE-DEV dev-TEE: ";

    /// <summary><paramref name="logger"/> itself for other proof kinds; wrapped (once) for dev-TEE ones.</summary>
    public static ILogger For(AgentSpec spec, ILogger logger) =>
        spec.Proof == ProofKind.DevTee && logger is not InsecureDevLogger ? new InsecureDevLogger(logger) : logger;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        inner.Log(logLevel, eventId, state, exception, (s, e) => Prefix + formatter(s, e));
}
