using AgentChain.Core.Abi;

namespace AgentChain.Core.Tests.Abi;

public class AbiTypeTests
{
    [Theory]
    [InlineData("uint", "uint256", false, 32)]
    [InlineData("int", "int256", false, 32)]
    [InlineData("uint8", "uint8", false, 32)]
    [InlineData("int136", "int136", false, 32)]
    [InlineData("address", "address", false, 32)]
    [InlineData("bool", "bool", false, 32)]
    [InlineData("bytes1", "bytes1", false, 32)]
    [InlineData("bytes32", "bytes32", false, 32)]
    [InlineData("function", "function", false, 32)]
    [InlineData("bytes", "bytes", true, 32)]
    [InlineData("string", "string", true, 32)]
    [InlineData("uint[3]", "uint256[3]", false, 96)]
    [InlineData("uint[]", "uint256[]", true, 32)]
    [InlineData("bytes3[2][4]", "bytes3[2][4]", false, 256)]
    [InlineData("string[2]", "string[2]", true, 32)]
    [InlineData("(uint,address)", "(uint256,address)", false, 64)]
    [InlineData("tuple(uint, bool[2])", "(uint256,bool[2])", false, 96)]
    [InlineData("((uint8,bytes),int)[]", "((uint8,bytes),int256)[]", true, 32)]
    [InlineData("((uint8,bytes32),int)[2]", "((uint8,bytes32),int256)[2]", false, 192)]
    [InlineData("()", "()", false, 0)]
    [InlineData("uint8[0]", "uint8[0]", false, 0)]
    public void ParsesToCanonicalForm(string text, string canonical, bool dynamic, int headSize)
    {
        AbiType type = AbiType.Parse(text);
        Assert.Equal(canonical, type.CanonicalName);
        Assert.Equal(dynamic, type.IsDynamic);
        Assert.Equal(headSize, type.HeadSize);
        Assert.Equal(type, AbiType.Parse(canonical));
    }

    [Theory]
    [InlineData("uint7", "unknown type")]
    [InlineData("uint264", "unknown type")]
    [InlineData("uint08", "unknown type")]
    [InlineData("int0", "unknown type")]
    [InlineData("bytes0", "unknown type")]
    [InlineData("bytes33", "unknown type")]
    [InlineData("fixed128x18", "fixed-point")]
    [InlineData("ufixed", "fixed-point")]
    [InlineData("address payable", "unexpected text")]
    [InlineData("uint256[", "matching")]
    [InlineData("uint256[x]", "not a decimal")]
    [InlineData("uint256[01]", "leading zero")]
    [InlineData("uint256[99999999999]", "too large")]
    [InlineData("(uint256,address", "closing")]
    [InlineData("(uint256;address)", "expected ','")]
    [InlineData("", "expected a type name")]
    [InlineData("Uint256", "unknown type")]
    public void RejectsInvalidTypesWithAClearMessage(string text, string fragment)
    {
        var e = Assert.Throws<AbiException>(() => AbiType.Parse(text));
        Assert.Contains(fragment, e.Message);
        Assert.False(AbiType.TryParse(text, out _));
    }

    [Fact]
    public void RejectsAbsurdStaticSizesAndNesting()
    {
        Assert.Contains("bytes of head", Assert.Throws<AbiException>(() => AbiType.Parse("uint256[100000000]")).Message);
        Assert.Contains("bytes of head", Assert.Throws<AbiException>(() => AbiType.Parse("uint256[4096][4096]")).Message);
        string deep = "uint8" + string.Concat(Enumerable.Repeat("[]", AbiType.MaxNestingDepth + 1));
        Assert.Contains("nesting", Assert.Throws<AbiException>(() => AbiType.Parse(deep)).Message);
        string ok = "uint8" + string.Concat(Enumerable.Repeat("[]", AbiType.MaxNestingDepth));
        Assert.Equal(AbiType.MaxNestingDepth, AbiType.Parse(ok).Depth);
    }

    [Fact]
    public void FactoriesMatchParsing()
    {
        Assert.Equal(AbiType.Parse("uint64"), AbiType.UInt(64));
        Assert.Equal(AbiType.Parse("int8"), AbiType.Int(8));
        Assert.Equal(AbiType.Parse("bytes20"), AbiType.FixedBytes(20));
        Assert.Equal(AbiType.Parse("(address,string[])[3]"),
            AbiType.FixedArray(AbiType.Tuple(AbiType.Address, AbiType.Array(AbiType.String)), 3));
        Assert.Throws<AbiException>(() => AbiType.UInt(12));
        Assert.Throws<AbiException>(() => AbiType.Int(264));
        Assert.Throws<AbiException>(() => AbiType.FixedBytes(0));
    }
}
