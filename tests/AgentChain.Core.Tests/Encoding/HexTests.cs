using AgentChain.Core.Encoding;

namespace AgentChain.Core.Tests.Encoding;

public class HexTests
{
    [Theory]
    [InlineData("0x", new byte[0])]
    [InlineData("", new byte[0])]
    [InlineData("0x00ff10", new byte[] { 0, 255, 16 })]
    [InlineData("00FF10", new byte[] { 0, 255, 16 })]
    public void Decodes(string text, byte[] expected) => Assert.Equal(expected, Hex.Decode(text));

    [Theory]
    [InlineData("0x123", "odd number of digits")]
    [InlineData("0x12g4", "invalid hex character 'g' at position 4")]
    [InlineData("zz", "invalid hex character 'z' at position 0")]
    public void RejectsMalformed(string text, string message)
    {
        var e = Assert.Throws<HexFormatException>(() => Hex.Decode(text));
        Assert.Contains(message, e.Message);
        Assert.False(Hex.TryDecode(text, out _));
    }

    [Fact]
    public void EncodesLowerCaseWithPrefix()
    {
        Assert.Equal("0x00ff10", Hex.Encode(new byte[] { 0, 255, 16 }));
        Assert.Equal("00ff10", Hex.Encode(new byte[] { 0, 255, 16 }, prefix: false));
        var big = new byte[5000];
        new Random(3).NextBytes(big);
        Assert.Equal(big, Hex.Decode(Hex.Encode(big)));
    }
}
