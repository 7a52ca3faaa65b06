using AgentChain.Core.Encoding;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Types;

public class AddressTests
{
    // The EIP-55 specification's own examples.
    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Eip55RoundTrip(string checksummed)
    {
        var address = Address.Parse(checksummed);
        Assert.Equal(checksummed, address.ToChecksumString());
        Assert.Equal(address, Address.Parse(checksummed.ToLowerInvariant()));
        Assert.Equal(address, Address.Parse("0x" + checksummed[2..].ToUpperInvariant()));
    }

    [Fact]
    public void MixedCaseWithBadChecksumIsRejected()
    {
        var e = Assert.Throws<HexFormatException>(() => Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
        Assert.Contains("EIP-55", e.Message);
    }

    [Theory]
    [InlineData("0x1234", "40 hex digits")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeZ", "invalid hex character 'Z'")]
    public void MalformedIsRejected(string text, string message)
    {
        var e = Assert.Throws<HexFormatException>(() => Address.Parse(text));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void FromPublicKeyOfKnownKey()
    {
        // Private key 1 → G; its address is the well-known 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf.
        var g = Hex.Decode("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
        Assert.Equal("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", Address.FromPublicKey(g).ToString());
    }

    [Fact]
    public void EqualityComparesEveryByte()
    {
        var bytes = new byte[Address.Length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i + 1);
        var address = new Address(bytes);
        Assert.True(address.Equals(new Address(bytes)));
        // A difference in any one byte (each of the three words compared) makes the addresses different.
        for (int i = 0; i < bytes.Length; i++)
        {
            var other = (byte[])bytes.Clone();
            other[i] ^= 0x80;
            Assert.False(address.Equals(new Address(other)), $"byte {i}");
            Assert.True(address != new Address(other));
        }
    }
}
