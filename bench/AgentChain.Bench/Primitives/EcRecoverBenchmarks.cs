using AgentChain.Core.Crypto;
using AgentChain.Core.Types;
using BenchmarkDotNet.Attributes;

namespace AgentChain.Bench.Primitives;

/// <summary>
/// One secp256k1 public-key recovery (to an address, as sender recovery does) per invocation, so the reported
/// mean is the time per recovery; 1 s / mean is recoveries per second on one core. Target for the native
/// backend: ≥ 20,000/s per core. Run: <c>dotnet run -c Release --project bench/AgentChain.Bench -- --filter '*EcRecover*'</c>.
/// </summary>
[MemoryDiagnoser]
public class EcRecoverBenchmarks
{
    private readonly byte[] _hash = new byte[32];
    private Secp256k1Signature _signature;
    private ISecp256k1Backend _native = null!;
    private ISecp256k1Backend _managed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _native = Secp256k1.Native ?? throw new InvalidOperationException(
            $"libsecp256k1 is not loadable ({Secp256k1NativeBackend.LoadFailure}); install libsecp256k1-1");
        _managed = Secp256k1.Managed;
        var random = new Random(42);
        var key = new byte[32];
        random.NextBytes(key);
        random.NextBytes(_hash);
        _signature = _native.Sign(key, _hash);
        Address expected = Secp256k1.AddressFromPrivateKey(key);
        if (_native.RecoverAddress(_hash, _signature) != expected || _managed.RecoverAddress(_hash, _signature) != expected)
            throw new InvalidOperationException("backends disagree on the benchmark signature");
    }

    [Benchmark(Baseline = true)]
    public Address RecoverNative() => _native.RecoverAddress(_hash, _signature);

    [Benchmark]
    public Address RecoverManaged() => _managed.RecoverAddress(_hash, _signature);
}
