using System.Numerics;
using AgentChain.Core.Abi;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;

namespace AgentChain.Core.Tests.Abi;

/// <summary>Malformed and hostile encodings: every one must be an AbiException with a useful message, never a crash.</summary>
public class AbiStrictDecodingTests
{
    private static byte[] Data(params string[] words) => Hex.Decode(string.Concat(words));

    private static string W(ulong v) => v.ToString("x64");

    private static AbiException Rejects(string types, byte[] data)
    {
        string[] list = types.Length == 0 ? [] : SplitTop(types);
        return Assert.Throws<AbiException>(() => AbiCodec.Decode(list, data));
    }

    private static string[] SplitTop(string types) => AbiType.Parse("(" + types + ")").Components.Select(t => t.CanonicalName).ToArray();

    [Fact]
    public void OffsetPastTheEnd() =>
        Assert.Contains("points past the end", Rejects("bytes", Data(W(0x1000), W(0))).Message);

    [Fact]
    public void HugeOffset() =>
        Assert.Contains("points past the end", Rejects("string", Data("8" + new string('0', 63), W(0))).Message);

    [Fact]
    public void LengthRunningPastTheData()
    {
        var e = Rejects("bytes", Data(W(0x20), W(0xff), W(0)));
        Assert.Contains("length 255", e.Message);
        Assert.Contains("runs past the end", e.Message);
    }

    [Fact]
    public void HugeArrayLength_IsRejectedBeforeAnyAllocation()
    {
        Assert.Contains("runs past the end", Rejects("uint256[]", Data(W(0x20), new string('f', 64))).Message);
        Assert.Contains("runs past the end", Rejects("uint256[]", Data(W(0x20), W(1_000_000_000))).Message);
        Assert.Contains("runs past the end", Rejects("string[]", Data(W(0x20), W(0x7fffffff))).Message);
        Assert.Contains("runs past the end", Rejects("bytes", Data(W(0x20), W(0x7fffffff))).Message);
    }

    [Fact]
    public void ZeroSizedElements_CannotInflateWithoutBound()
    {
        var e = Rejects("()[]", Data(W(0x20), W(0x7fffffff)));
        Assert.Contains("far more values", e.Message);
        Assert.Empty((object?[])AbiCodec.Decode(["()[]"], Data(W(0x20), W(0)))[0]!);
        Assert.Equal(3, ((object?[])AbiCodec.Decode(["()[]"], Data(W(0x20), W(3)))[0]!).Length);
    }

    [Fact]
    public void AliasedOffsets_CannotBlowUpASmallInput()
    {
        // uint256[][] whose 3000 elements all point at one 1000-element array: ~130 KB that would decode to 3M values.
        const int outer = 3000, inner = 1000;
        var words = new List<string> { W(0x20), W(outer) };
        for (int i = 0; i < outer; i++) words.Add(W((ulong)outer * 32));
        words.Add(W(inner));
        for (int i = 0; i < inner; i++) words.Add(W((ulong)i));
        var e = Rejects("uint256[][]", Data([.. words]));
        Assert.Contains("point at the same data", e.Message);
    }

    [Fact]
    public void TruncatedHeadAndStaticArrays()
    {
        Assert.Contains("data too short", Rejects("uint256,uint256", Data(W(1))).Message);
        Assert.Contains("data too short", Rejects("uint256[1000]", Data(W(1), W(2))).Message);
        Assert.Contains("data too short", Rejects("address", Hex.Decode("0x0000")).Message);
        Assert.Contains("data too short", Rejects("bytes", Data(W(0x20))).Message);
    }

    [Theory]
    [InlineData("uint8", "0000000000000000000000000000000000000000000000000000000000000100")]
    [InlineData("uint32", "0000000000000000000000000000000000000000000000000000000100000000")]
    [InlineData("uint248", "0100000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("address", "0000000000000000000000011111111111111111111111111111111111111111")]
    [InlineData("int8", "0000000000000000000000000000000000000000000000000000000000000080")]
    [InlineData("int8", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]
    [InlineData("int16", "00000000000000000000000000000000000000000000000000000000ffff8000")]
    [InlineData("bool", "0000000000000000000000000000000000000000000000000000000000000002")]
    [InlineData("bool", "0100000000000000000000000000000000000000000000000000000000000001")]
    [InlineData("bytes4", "deadbeef00000000000000000000000000000000000000000000000000000001")]
    [InlineData("bytes31", "00000000000000000000000000000000000000000000000000000000000000ff")]
    public void DirtyPaddingAndOutOfRangeWords(string type, string word)
    {
        var e = Assert.Throws<AbiException>(() => AbiCodec.Decode([type], Hex.Decode(word)));
        Assert.Contains(type == "bool" ? "bool" : type, e.Message);
    }

    [Fact]
    public void DirtyPaddingInsideStructuresNamesTheLocation()
    {
        // (uint256,bool)[] whose second element's bool is 2.
        byte[] data = Data(W(0x20), W(2), W(7), W(1), W(8), W(2));
        var e = Assert.Throws<AbiException>(() => AbiCodec.Decode(["(uint256,bool)[]"], data));
        Assert.Equal("arg0[1].1", e.Path);
        Assert.Contains("must be 0 or 1", e.Reason);
    }

    [Fact]
    public void BytesPadding_MustBeZeroAndPresent()
    {
        Assert.Contains("non-zero padding", Rejects("bytes", Data(W(0x20), W(3), "616263" + new string('0', 56) + "01")).Message);
        Assert.Contains("lacks its padding", Rejects("bytes", Hex.Decode(W(0x20) + W(3) + "616263")).Message);
        Assert.Equal("abc", AbiCodec.Decode(["string"], Data(W(0x20), W(3), "616263" + new string('0', 58)))[0]);
    }

    [Fact]
    public void InvalidUtf8String() =>
        Assert.Contains("not valid UTF-8", Rejects("string", Data(W(0x20), W(2), "c328" + new string('0', 60))).Message);

    [Fact]
    public void TrailingBytesAfterTheEncodingAreIgnored()
    {
        byte[] data = [.. AbiCodec.Encode(["uint8"], [7]), 0xde, 0xad];
        Assert.Equal(new UInt256(7), AbiCodec.Decode(["uint8"], data)[0]);
    }

    [Fact]
    public void NegativeIntegers_EncodeSignExtendedAndRoundTrip()
    {
        Assert.Equal("0x" + new string('f', 64), Hex.Encode(AbiCodec.Encode(["int256"], [new BigInteger(-1)])));
        Assert.Equal("0x" + new string('f', 62) + "80", Hex.Encode(AbiCodec.Encode(["int8"], [-128])));
        Assert.Equal("0x" + new string('0', 62) + "7f", Hex.Encode(AbiCodec.Encode(["int8"], [(sbyte)127])));
        BigInteger min256 = -(BigInteger.One << 255);
        BigInteger max256 = (BigInteger.One << 255) - 1;
        foreach (var (type, value) in new (string, BigInteger)[] { ("int8", -128), ("int8", -1), ("int24", -8388608), ("int64", long.MinValue), ("int256", min256), ("int256", max256), ("int256", -42) })
            Assert.Equal(value, AbiCodec.Decode([type], AbiCodec.Encode([type], [value]))[0]);
        Assert.Contains("does not fit in int8", Assert.Throws<AbiException>(() => AbiCodec.Encode(["int8"], [128])).Message);
        Assert.Contains("does not fit in int8", Assert.Throws<AbiException>(() => AbiCodec.Encode(["int8"], [-129])).Message);
        Assert.Throws<AbiException>(() => AbiCodec.Encode(["int256"], [max256 + 1]));
        Assert.Throws<AbiException>(() => AbiCodec.Encode(["int256"], [min256 - 1]));
    }

    [Fact]
    public void EncodeRangeAndShapeChecks()
    {
        Assert.Contains("does not fit in uint8", Assert.Throws<AbiException>(() => AbiCodec.Encode(["uint8"], [256])).Message);
        Assert.Contains("does not fit in uint256", Assert.Throws<AbiException>(() => AbiCodec.Encode(["uint256"], [-1])).Message);
        Assert.Contains("does not fit in uint256", Assert.Throws<AbiException>(() => AbiCodec.Encode(["uint256"], [BigInteger.One << 256])).Message);
        Assert.Equal(UInt256.MaxValue, AbiCodec.Decode(["uint256"], AbiCodec.Encode(["uint256"], [(BigInteger.One << 256) - 1]))[0]);
        Assert.Contains("bytes10 needs exactly 10 bytes, got 11", Assert.Throws<AbiException>(() => AbiCodec.Encode(["bytes10"], [new byte[11]])).Message);
        Assert.Contains("not text", Assert.Throws<AbiException>(() => AbiCodec.Encode(["bytes"], ["0x1234"])).Message);
        Assert.Contains("needs exactly 2 elements", Assert.Throws<AbiException>(() => AbiCodec.Encode(["uint8[2]"], [new[] { 1 }])).Message);
        Assert.Contains("has 2 components", Assert.Throws<AbiException>(() => AbiCodec.Encode(["(uint8,bool)"], [new object[] { 1 }])).Message);
        Assert.Contains("expects bool", Assert.Throws<AbiException>(() => AbiCodec.Encode(["bool"], [1])).Message);
        Assert.Contains("lone surrogate", Assert.Throws<AbiException>(() => AbiCodec.Encode(["string"], ["\ud800"])).Message);
        Assert.Contains("EIP-55", Assert.Throws<AbiException>(() => AbiCodec.Encode(["address"], ["0xAAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"])).Message);
    }

    [Fact]
    public void AcceptedClrShapes()
    {
        var expected = AbiCodec.Encode(["(uint64,string)[]"], [new object[] { new object[] { new UInt256(5), "x" } }]);
        Assert.Equal(expected, AbiCodec.Encode(["(uint64,string)[]"], [new List<(ulong, string)> { (5UL, "x") }.Select(t => (object)t).ToList()]));
        Assert.Equal(expected, AbiCodec.Encode(["(uint64,string)[]"], [new object[] { (5, "x") }]));
        var hash = AgentChain.Core.Types.Hash256.EmptyKeccak;
        Assert.Equal(hash.ToArray(), AbiCodec.Encode(["bytes32"], [hash]));
    }
}
