using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Evm.Instructions;

/// <summary>Addresses on the stack: the low 160 bits of a word.</summary>
internal static class AddressWord
{
    public static UInt256 From(in Address address) => UInt256.FromBigEndian(address.Bytes);

    public static Address To(in UInt256 word)
    {
        Span<byte> bytes = stackalloc byte[32];
        word.WriteBigEndian(bytes);
        return new Address(bytes[12..]);
    }
}
