using AgentChain.Core.Crypto;
using BenchmarkDotNet.Attributes;

namespace AgentChain.Bench.Primitives;

/// <summary>One-shot Keccak-256 on a 32-byte word (the EVM's SHA3 of a slot key) and a 4 KiB block.</summary>
[MemoryDiagnoser]
public class KeccakBenchmarks
{
    private byte[] _input = [];
    private readonly byte[] _output = new byte[32];

    [Params(32, 4096)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = new byte[Size];
        new Random(1).NextBytes(_input);
    }

    [Benchmark]
    public void Hash() => Keccak256.Hash(_input, _output);
}
