using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Rlp;

public class RlpTests
{
    [Fact]
    public void ReaderAndWriterAgreeOnTypedFields()
    {
        var address = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var writer = new RlpWriter(16);
        int outer = writer.BeginList();
        writer.WriteUInt64(0);
        writer.WriteUInt64(127);
        writer.WriteUInt64(ulong.MaxValue);
        writer.WriteUInt256(UInt256.MaxValue);
        writer.WriteAddress(address);
        int inner = writer.BeginList();
        writer.WriteBytes(new byte[100]);
        writer.EndList(inner);
        writer.EndList(outer);
        byte[] encoded = writer.ToArray();

        var reader = new RlpReader(encoded);
        RlpReader list = reader.ReadList();
        reader.EnsureEnd();
        Assert.Equal(0UL, list.ReadUInt64());
        Assert.Equal(127UL, list.ReadUInt64());
        Assert.Equal(ulong.MaxValue, list.ReadUInt64());
        Assert.Equal(UInt256.MaxValue, list.ReadUInt256());
        Assert.Equal(address, list.ReadAddress());
        RlpReader innerList = list.ReadList();
        Assert.Equal(100, innerList.ReadBytes().Length);
        innerList.EnsureEnd();
        list.EnsureEnd();
    }

    [Theory]
    [InlineData("0x00", "leading zero")]
    [InlineData("0x820001", "leading zero")]
    [InlineData("0x89010000000000000000", "does not fit in 64-bit")]
    public void NonCanonicalIntegersAreRejected(string hex, string message)
    {
        var e = Assert.Throws<RlpException>(() => new RlpReader(Hex.Decode(hex)).ReadUInt64());
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("0x8100", "must be encoded as itself")]
    [InlineData("0xb800", "leading zero")]
    [InlineData("0xb801ff", "must use the short form")]
    [InlineData("0x83aabb", "runs past the end")]
    [InlineData("0xc28080ff", "trailing byte")]
    [InlineData("", "input ended")]
    [InlineData("0xbf0f000000000000021111", "exceeds any input")]
    public void MalformedEncodingsNameTheRuleAndOffset(string hex, string message)
    {
        var e = Assert.Throws<RlpException>(() => RlpItem.Decode(Hex.Decode(hex)));
        Assert.Contains(message, e.Message);
        Assert.Contains("at offset", e.Message);
    }

    [Fact]
    public void ItemInsideListCannotRunPastTheList()
    {
        // The list claims 2 bytes of payload, but its inner string claims 3.
        Assert.Throws<RlpException>(() => RlpItem.Decode(Hex.Decode("0xc283aabbcc")));
    }

    [Fact]
    public void DeepNestingIsRejectedNotAStackOverflow()
    {
        var bytes = new byte[5000];
        Array.Fill(bytes, (byte)0xC0);
        // Each 0xC0 is a complete empty list, so this is 5000 items with trailing data, rejected cleanly.
        Assert.Throws<RlpException>(() => RlpItem.Decode(bytes));
        RlpItem deep = RlpItem.List();
        for (int i = 0; i < RlpItem.MaxDepth + 5; i++) deep = RlpItem.List(deep);
        Assert.Throws<RlpException>(() => RlpItem.Decode(deep.Encode()));
    }

    [Fact]
    public void RandomTreesRoundTrip()
    {
        var random = new Random(20261121);
        for (int i = 0; i < 5000; i++)
        {
            RlpItem tree = RandomItem(random, 0);
            byte[] encoded = tree.Encode();
            RlpItem decoded = RlpItem.Decode(encoded);
            Assert.Equal(encoded, decoded.Encode());
        }
    }

    [Fact]
    public void RandomIntegersRoundTrip()
    {
        var random = new Random(7);
        var writer = new RlpWriter();
        Span<byte> limbs = stackalloc byte[32];
        for (int i = 0; i < 20000; i++)
        {
            ulong small = (ulong)random.NextInt64() >> random.Next(64);
            random.NextBytes(limbs);
            limbs[..random.Next(33)].Clear();
            UInt256 big = UInt256.FromBigEndian(limbs);
            writer.Reset();
            writer.WriteUInt64(small);
            writer.WriteUInt256(big);
            var reader = new RlpReader(writer.Written);
            Assert.Equal(small, reader.ReadUInt64());
            Assert.Equal(big, reader.ReadUInt256());
            reader.EnsureEnd();
        }
    }

    private static RlpItem RandomItem(Random random, int depth)
    {
        if (depth > 4 || random.Next(3) == 0)
        {
            int length = random.Next(4) switch { 0 => 0, 1 => 1, 2 => random.Next(2, 56), _ => random.Next(56, 300) };
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return RlpItem.String(bytes);
        }
        int count = random.Next(0, 6);
        return RlpItem.List(Enumerable.Range(0, count).Select(_ => RandomItem(random, depth + 1)).ToArray());
    }
}
