using AgentChain.Agents.NodeRunner;
using AgentChain.Core.Numerics;

namespace AgentChain.Agents.Tests;

public class EtherAmountTests
{
    [Theory]
    [InlineData("2", "2000000000000000000")]
    [InlineData("0.5", "500000000000000000")]
    [InlineData(".25", "250000000000000000")]
    [InlineData("1.000000000000000001", "1000000000000000001")]
    public void Decimal_ether_parses_to_exact_wei_and_formats_back(string text, string wei)
    {
        Assert.True(EtherAmount.TryParse(text, out UInt256 value, out string error), error);
        Assert.Equal(UInt256.Parse(wei), value);
        Assert.Equal(text.StartsWith('.') ? "0" + text : text, EtherAmount.Format(value));
    }

    [Theory]
    [InlineData("", "is not an ether amount")]
    [InlineData("-1", "is not an ether amount")]
    [InlineData("1e18", "is not an ether amount")]
    [InlineData("1.2.3", "is not an ether amount")]
    [InlineData("0.0000000000000000001", "more than 18 decimals")]
    [InlineData("999999999999999999999999999999999999999999999999999999999999999999999999999999", "does not fit in 256 bits")]
    public void Anything_else_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(EtherAmount.TryParse(text, out _, out string error));
        Assert.Contains(reason, error);
    }
}
