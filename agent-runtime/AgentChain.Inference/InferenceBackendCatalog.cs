namespace AgentChain.Inference;

/// <summary>
/// Backends by name, for the CLI and tools. The inference project registers only what it holds; a host that
/// references other backends (the ONNX Runtime binding) registers them too, so nothing here depends on them.
/// </summary>
public sealed class InferenceBackendCatalog
{
    private readonly Dictionary<string, Func<IInferenceBackend>> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A catalog holding the backends this project provides ("reproducible").</summary>
    public static InferenceBackendCatalog CreateDefault() =>
        new InferenceBackendCatalog().Register(Reproducible.ReproducibleBackend.BackendName, () => new Reproducible.ReproducibleBackend());

    public IEnumerable<string> Names => _factories.Keys.Order(StringComparer.Ordinal);

    public InferenceBackendCatalog Register(string name, Func<IInferenceBackend> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_factories.TryAdd(name, factory))
            throw new ArgumentException($"an inference backend named '{name}' is already registered", nameof(name));
        return this;
    }

    /// <summary>Creates the backend registered under <paramref name="name"/>; throws <see cref="InferenceException"/> listing the known names otherwise.</summary>
    public IInferenceBackend Create(string name) => _factories.TryGetValue(name, out var factory)
        ? factory()
        : throw new InferenceException($"unknown inference backend '{name}'; known: {string.Join(", ", Names)}");
}
