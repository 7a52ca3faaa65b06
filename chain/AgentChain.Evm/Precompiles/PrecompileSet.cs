using AgentChain.Core.Types;

namespace AgentChain.Evm.Precompiles;

/// <summary>
/// The precompiles active under a rule set. <see cref="Cancun"/> is Ethereum's (0x01–0x0a), used by the
/// conformance runner; <see cref="AgentChain"/> adds P256VERIFY at 0x100 (EIP-7951 interface), which the
/// agent contracts use to check TEE quote signatures. Precompile addresses are warm from the start of
/// every transaction (EIP-2929), so the set is part of the rules, not a detail.
/// </summary>
public sealed class PrecompileSet
{
    private readonly Dictionary<Address, IPrecompile> _byAddress;

    public PrecompileSet(IEnumerable<IPrecompile> precompiles)
    {
        _byAddress = precompiles.ToDictionary(p => p.Address);
        Addresses = _byAddress.Keys.Order().ToArray();
        _allLow = Addresses.All(IsLow);
    }

    // Every precompile address is 0x00..00XXXX: then an address with a non-zero byte in its first 18 is rejected
    // without hashing (every call and every plain transfer asks).
    private readonly bool _allLow;

    private static bool IsLow(Address address) => address.Bytes[..18].IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Addresses in ascending order.</summary>
    public IReadOnlyList<Address> Addresses { get; }

    public bool TryGet(in Address address, out IPrecompile precompile)
    {
        if (_allLow && !IsLow(address))
        {
            precompile = null!;
            return false;
        }
        return _byAddress.TryGetValue(address, out precompile!);
    }

    public bool Contains(in Address address) => TryGet(address, out _);

    /// <summary>Ethereum Cancun: 0x01–0x0a.</summary>
    public static PrecompileSet Cancun { get; } = new(CancunPrecompiles());

    /// <summary>AgentChain: Cancun plus P256VERIFY at 0x100.</summary>
    public static PrecompileSet AgentChain { get; } = new([.. CancunPrecompiles(), .. AgentChainExtensions()]);

    private static IEnumerable<IPrecompile> CancunPrecompiles() =>
    [
        new EcRecoverPrecompile(),
        new Sha256Precompile(),
        new Ripemd160Precompile(),
        new IdentityPrecompile(),
        new ModExpPrecompile(),
        new Bn254AddPrecompile(),
        new Bn254MulPrecompile(),
        new Bn254PairingPrecompile(),
        new Blake2FPrecompile(),
        new PointEvaluationPrecompile(),
    ];

    private static IEnumerable<IPrecompile> AgentChainExtensions() => [new P256VerifyPrecompile()];

    /// <summary>The address of precompile number <paramref name="index"/> (0x00…0index).</summary>
    public static Address AddressOf(int index)
    {
        Span<byte> bytes = stackalloc byte[Address.Length];
        bytes.Clear();
        bytes[18] = (byte)(index >> 8);
        bytes[19] = (byte)index;
        return new Address(bytes);
    }
}
