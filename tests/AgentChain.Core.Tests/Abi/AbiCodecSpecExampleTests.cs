using System.Numerics;
using AgentChain.Core.Abi;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;

namespace AgentChain.Core.Tests.Abi;

/// <summary>The worked examples of the Solidity "Contract ABI Specification", byte for byte (arguments only; selectors are in AbiFunctionTests).</summary>
public class AbiCodecSpecExampleTests
{
    private static string Words(params string[] words) => "0x" + string.Concat(words);

    [Fact]
    public void Baz_Uint32_Bool()
    {
        byte[] encoded = AbiCodec.Encode(["uint32", "bool"], [new UInt256(69), true]);
        Assert.Equal(Words(
            "0000000000000000000000000000000000000000000000000000000000000045",
            "0000000000000000000000000000000000000000000000000000000000000001"), Hex.Encode(encoded));
        object?[] decoded = AbiCodec.Decode(["uint32", "bool"], encoded);
        Assert.Equal(new UInt256(69), decoded[0]);
        Assert.Equal(true, decoded[1]);
    }

    [Fact]
    public void Bar_Bytes3FixedArray()
    {
        object[] value = ["abc"u8.ToArray(), "def"u8.ToArray()];
        byte[] encoded = AbiCodec.Encode(["bytes3[2]"], [value]);
        Assert.Equal(Words(
            "6162630000000000000000000000000000000000000000000000000000000000",
            "6465660000000000000000000000000000000000000000000000000000000000"), Hex.Encode(encoded));
        var decoded = (object?[])AbiCodec.Decode(["bytes3[2]"], encoded)[0]!;
        Assert.Equal("abc"u8.ToArray(), decoded[0]);
        Assert.Equal("def"u8.ToArray(), decoded[1]);
    }

    [Fact]
    public void Sam_Bytes_Bool_UintArray()
    {
        object?[] values = ["dave"u8.ToArray(), true, new object[] { new UInt256(1), new UInt256(2), new UInt256(3) }];
        byte[] encoded = AbiCodec.Encode(["bytes", "bool", "uint[]"], values);
        Assert.Equal(Words(
            "0000000000000000000000000000000000000000000000000000000000000060",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "00000000000000000000000000000000000000000000000000000000000000a0",
            "0000000000000000000000000000000000000000000000000000000000000004",
            "6461766500000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000003",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000003"), Hex.Encode(encoded));
        object?[] decoded = AbiCodec.Decode(["bytes", "bool", "uint256[]"], encoded);
        Assert.Equal("dave"u8.ToArray(), decoded[0]);
        Assert.Equal(true, decoded[1]);
        Assert.Equal(new object[] { new UInt256(1), new UInt256(2), new UInt256(3) }, (object?[])decoded[2]!);
    }

    [Fact]
    public void F_Uint_Uint32Array_Bytes10_Bytes()
    {
        object?[] values =
        [
            new UInt256(0x123),
            new[] { new UInt256(0x456), new UInt256(0x789) },
            "1234567890"u8.ToArray(),
            "Hello, world!"u8.ToArray(),
        ];
        byte[] encoded = AbiCodec.Encode(["uint", "uint32[]", "bytes10", "bytes"], values);
        Assert.Equal(Words(
            "0000000000000000000000000000000000000000000000000000000000000123",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "3132333435363738393000000000000000000000000000000000000000000000",
            "00000000000000000000000000000000000000000000000000000000000000e0",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000456",
            "0000000000000000000000000000000000000000000000000000000000000789",
            "000000000000000000000000000000000000000000000000000000000000000d",
            "48656c6c6f2c20776f726c642100000000000000000000000000000000000000"), Hex.Encode(encoded));
        object?[] decoded = AbiCodec.Decode(["uint256", "uint32[]", "bytes10", "bytes"], encoded);
        Assert.Equal(new UInt256(0x123), decoded[0]);
        Assert.Equal(new object[] { new UInt256(0x456), new UInt256(0x789) }, (object?[])decoded[1]!);
        Assert.Equal("1234567890"u8.ToArray(), decoded[2]);
        Assert.Equal("Hello, world!", System.Text.Encoding.UTF8.GetString((byte[])decoded[3]!));
    }

    [Fact]
    public void G_NestedUintArrays_StringArray()
    {
        object?[] values =
        [
            new object[] { new object[] { 1, 2 }, new object[] { 3 } },
            new[] { "one", "two", "three" },
        ];
        byte[] encoded = AbiCodec.Encode(["uint[][]", "string[]"], values);
        Assert.Equal(Words(
            "0000000000000000000000000000000000000000000000000000000000000040",
            "0000000000000000000000000000000000000000000000000000000000000140",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000040",
            "00000000000000000000000000000000000000000000000000000000000000a0",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "0000000000000000000000000000000000000000000000000000000000000003",
            "0000000000000000000000000000000000000000000000000000000000000003",
            "0000000000000000000000000000000000000000000000000000000000000060",
            "00000000000000000000000000000000000000000000000000000000000000a0",
            "00000000000000000000000000000000000000000000000000000000000000e0",
            "0000000000000000000000000000000000000000000000000000000000000003",
            "6f6e650000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000003",
            "74776f0000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000005",
            "7468726565000000000000000000000000000000000000000000000000000000"), Hex.Encode(encoded));
        object?[] decoded = AbiCodec.Decode(["uint256[][]", "string[]"], encoded);
        var outer = (object?[])decoded[0]!;
        Assert.Equal(new object[] { new UInt256(1), new UInt256(2) }, (object?[])outer[0]!);
        Assert.Equal(new object[] { new UInt256(3) }, (object?[])outer[1]!);
        Assert.Equal(new object[] { "one", "two", "three" }, (object?[])decoded[1]!);
    }

    [Fact]
    public void EncodePacked_SpecExample()
    {
        byte[] packed = AbiCodec.EncodePacked(["int16", "bytes1", "uint16", "string"],
            [new BigInteger(-1), new byte[] { 0x42 }, new UInt256(3), "Hello, world!"]);
        Assert.Equal("0xffff42000348656c6c6f2c20776f726c6421", Hex.Encode(packed));
    }

    [Fact]
    public void EncodePacked_ArraysPadElements_AndAddressIsTwentyBytes()
    {
        var address = AgentChain.Core.Types.Address.Parse("0x00000000000000000000000000000000000000aa");
        byte[] packed = AbiCodec.EncodePacked(["address", "uint8[]", "bool"], [address, new object[] { 1, 2 }, true]);
        Assert.Equal("0x" + "00000000000000000000000000000000000000aa"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "01", Hex.Encode(packed));
    }

    [Fact]
    public void EncodePacked_RejectsTuplesAndNestedArrays()
    {
        var e = Assert.Throws<AbiException>(() => AbiCodec.EncodePacked(["(uint256)"], [new object[] { 1 }]));
        Assert.Contains("tuple", e.Message);
        Assert.Throws<AbiException>(() => AbiCodec.EncodePacked(["uint8[][]"], [new object[] { new object[] { 1 } }]));
    }
}
