using System.Collections.Concurrent;
using AgentChain.Core.Crypto;
using AgentChain.Core.Types;

namespace AgentChain.Evm.StateTests;

/// <summary>
/// The sender of a state test's transaction: the address of its secp256k1 secret key, through Core's
/// secp256k1 facade. Cached because suites reuse a handful of keys.
/// </summary>
internal static class SenderKey
{
    private static readonly ConcurrentDictionary<string, Address> Cache = new();

    public static Address AddressOf(byte[] secretKey) =>
        Cache.GetOrAdd(Convert.ToHexString(secretKey), _ => Secp256k1.AddressFromPrivateKey(secretKey));
}
