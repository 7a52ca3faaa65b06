using System.Numerics;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Abi;

public class AbiEventTests
{
    private static readonly Address From = Address.Parse("0x1111111111111111111111111111111111111111");
    private static readonly Address To = Address.Parse("0x2222222222222222222222222222222222222222");
    private static readonly AbiEvent Transfer = AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint256 value)");

    private static byte[] Word(UInt256 v) => v.ToBigEndian();

    [Fact]
    public void Topic0_OfWellKnownEvents()
    {
        Assert.Equal("Transfer(address,address,uint256)", Transfer.Signature);
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Transfer.Topic0.ToString());
        Assert.Equal("0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925",
            AbiEvent.Parse("Approval(address indexed owner, address indexed spender, uint256 value)").Topic0.ToString());
    }

    [Fact]
    public void DecodeLog_ErcTransfer_ByNameAndPosition()
    {
        Hash256[] topics =
        [
            Transfer.Topic0,
            Hash256.Parse("0x0000000000000000000000001111111111111111111111111111111111111111"),
            Hash256.Parse("0x0000000000000000000000002222222222222222222222222222222222222222"),
        ];
        AbiDecodedLog log = Transfer.DecodeLog(topics, Word(12345));
        Assert.Equal(From, log["from"]);
        Assert.Equal(To, log[1]);
        Assert.Equal(new UInt256(12345), log["value"]);
        Assert.Equal(3, log.ToDictionary().Count);
        Assert.Throws<KeyNotFoundException>(() => log["amount"]);

        var (encodedTopics, data) = Transfer.EncodeLog(From, To, new UInt256(12345));
        Assert.Equal(topics, encodedTopics);
        Assert.Equal(Word(12345), data);
    }

    [Fact]
    public void DecodeLog_ChecksTopicCountTopic0AndTopicPadding()
    {
        var (topics, data) = Transfer.EncodeLog(From, To, new UInt256(1));
        Assert.Contains("logs 3 topics, got 2", Assert.Throws<AbiException>(() => Transfer.DecodeLog(topics[..2], data)).Message);
        var wrong = (Hash256[])topics.Clone();
        wrong[0] = Keccak256.Hash("Approval(address,address,uint256)"u8);
        Assert.Contains("not the topic of Transfer", Assert.Throws<AbiException>(() => Transfer.DecodeLog(wrong, data)).Message);
        var dirty = (Hash256[])topics.Clone();
        dirty[2] = Hash256.Parse("0x0000000000000000000000ff2222222222222222222222222222222222222222");
        var e = Assert.Throws<AbiException>(() => Transfer.DecodeLog(dirty, data));
        Assert.Contains("topic 2 (to)", e.Message);
        Assert.Contains("out of range", e.Message);
    }

    [Fact]
    public void IndexedDynamicTypes_ComeBackAsTheirHash_AndEncodeTopicMatches()
    {
        var ev = AbiEvent.Parse("event Registered(string indexed name, uint256[] indexed ids, (string,int8) indexed meta, bytes note)");
        object[] ids = [new UInt256(1), new UInt256(2)];
        object[] meta = ["ab", new BigInteger(-1)];
        var (topics, data) = ev.EncodeLog("agent-7", ids, meta, new byte[] { 1, 2, 3 });
        Assert.Equal(4, topics.Length);

        // Spec, "Encoding of Indexed Event Parameters": string raw; arrays and structs concatenate padded members.
        Assert.Equal(Keccak256.Hash("agent-7"u8), topics[1]);
        Assert.Equal(Keccak256.Hash([.. Word(1), .. Word(2)]), topics[2]);
        byte[] paddedAb = new byte[32];
        "ab"u8.CopyTo(paddedAb);
        byte[] minusOne = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        Assert.Equal(Keccak256.Hash([.. paddedAb, .. minusOne]), topics[3]);
        Assert.Equal(topics[1], ev.EncodeTopic("name", "agent-7"));
        Assert.Equal(topics[3], AbiEvent.EncodeTopic(AbiType.Parse("(string,int8)"), meta));

        AbiDecodedLog log = ev.DecodeLog(topics, data);
        Assert.Equal(topics[1], log["name"]);
        Assert.Equal(topics[2], log["ids"]);
        Assert.Equal(new byte[] { 1, 2, 3 }, log["note"]);
    }

    [Fact]
    public void EncodeTopic_ValueTypesArePaddedWords()
    {
        Assert.Equal(Hash256.Parse("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff85"),
            AbiCodec.EncodeTopic(AbiType.Int(8), new BigInteger(-123)));
        Assert.Equal(Hash256.Parse("0xabcd000000000000000000000000000000000000000000000000000000000000"),
            AbiCodec.EncodeTopic(AbiType.FixedBytes(2), new byte[] { 0xab, 0xcd }));
        Assert.Contains("not indexed", Assert.Throws<AbiException>(() => Transfer.EncodeTopic("value", 1)).Message);
    }

    [Fact]
    public void AnonymousEvents_HaveNoTopic0_AndAllowFourIndexed()
    {
        var ev = AbiEvent.Parse("event Ping(uint8 indexed a, uint8 indexed b, uint8 indexed c, uint8 indexed d) anonymous");
        Assert.True(ev.Anonymous);
        var (topics, data) = ev.EncodeLog(1, 2, 3, 4);
        Assert.Equal(4, topics.Length);
        Assert.Empty(data);
        Assert.Equal(new UInt256(4), ev.DecodeLog(topics, data)["d"]);
        Assert.Contains("at most 3",
            Assert.Throws<AbiException>(() => AbiEvent.Parse("event Ping(uint8 indexed a, uint8 indexed b, uint8 indexed c, uint8 indexed d)")).Message);
    }

    [Fact]
    public void EmptyStringTopicIsKeccakOfNothing()
    {
        Assert.Equal(Hash256.EmptyKeccak, AbiCodec.EncodeTopic(AbiType.String, ""));
        Assert.Equal("0x" + new string('0', 64), AbiCodec.EncodeTopic(AbiType.Bool, false).ToString());
        Assert.Equal(Hex.Encode(Word(1)), AbiCodec.EncodeTopic(AbiType.Bool, true).ToString());
    }
}
