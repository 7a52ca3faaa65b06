using System.Collections.Concurrent;
using AgentChain.Core.Types;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Math;

namespace AgentChain.Evm.StateTests;

/// <summary>
/// The sender of a state test's transaction: the address of its secp256k1 secret key. Uses BouncyCastle's
/// point multiplication until Core's secp256k1 facade lands; results are cached because suites reuse a few keys.
/// </summary>
internal static class SenderKey
{
    private static readonly ConcurrentDictionary<string, Address> Cache = new();
    private static readonly Org.BouncyCastle.Asn1.X9.X9ECParameters Curve = SecNamedCurves.GetByName("secp256k1");

    public static Address AddressOf(byte[] secretKey) =>
        Cache.GetOrAdd(Convert.ToHexString(secretKey), _ =>
        {
            var point = Curve.G.Multiply(new BigInteger(1, secretKey)).Normalize();
            byte[] encoded = point.GetEncoded(false);
            return Address.FromPublicKey(encoded.AsSpan(1));
        });
}
