using AgentChain.Core.Encoding;
using AgentChain.Evm.Precompiles;
using BenchmarkDotNet.Attributes;

namespace AgentChain.Bench.Precompiles;

/// <summary>
/// The precompile whose cost dominates the heaviest state tests: a 2-pair bn254 pairing check
/// (e(G1, G2)·e(G1, −G2) = 1), the shape of a Groth16-style verification.
/// Run: dotnet run -c Release --project bench/AgentChain.Bench -- --filter '*PrecompileBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class PrecompileBenchmarks
{
    private const string G1 = "0000000000000000000000000000000000000000000000000000000000000001" + "0000000000000000000000000000000000000000000000000000000000000002";
    private const string G2 =
        "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed" +
        "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
    private const string MinusG2 =
        "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed" +
        "275dc4a288d1afb3cbb1ac09187524c7db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d";

    private readonly Bn254PairingPrecompile _pairing = new();
    private byte[] _pairingInput = [];

    [GlobalSetup]
    public void Setup()
    {
        _pairingInput = Hex.Decode(G1 + G2 + G1 + MinusG2);
        if (_pairing.Run(_pairingInput).Output[31] != 1) throw new InvalidOperationException("pairing check should hold");
    }

    [Benchmark]
    public byte[] PairingTwoPairs() => _pairing.Run(_pairingInput).Output;
}
