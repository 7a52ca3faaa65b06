using AgentChain.Core.Types;
using AgentChain.Evm.Precompiles;

namespace AgentChain.Evm.Tests.Precompiles;

public class PrecompileSetTests
{
    [Theory]
    [InlineData("0x0000000000000000000000000000000000000001", true)]
    [InlineData("0x000000000000000000000000000000000000000a", true)]
    [InlineData("0x0000000000000000000000000000000000000100", true)]
    [InlineData("0x000000000000000000000000000000000000000b", false)]
    [InlineData("0x0000000000000000000000000000000000010001", false)]
    [InlineData("0x0100000000000000000000000000000000000001", false)]
    [InlineData("0x0000000000000000000000000000000100000001", false)]
    public void AgentChainSetKnowsItsAddresses(string address, bool expected)
    {
        Address a = Address.Parse(address);
        Assert.Equal(expected, PrecompileSet.AgentChain.Contains(a));
        Assert.Equal(expected, PrecompileSet.AgentChain.TryGet(a, out _));
    }

    [Fact]
    public void ASetWithAnAddressOutsideTheLowRangeFindsIt()
    {
        // The quick rejection of addresses with a non-zero high byte applies only while every member is 0x00..00XXXX.
        Address high = Address.Parse("0x1000000000000000000000000000000000000001");
        var set = new PrecompileSet([new Fixed(high), new Fixed(Address.Parse("0x0000000000000000000000000000000000000001"))]);
        Assert.True(set.Contains(high));
        Assert.True(set.TryGet(high, out IPrecompile found));
        Assert.Equal(high, found.Address);
        Assert.False(set.Contains(Address.Parse("0x1000000000000000000000000000000000000002")));
    }

    private sealed class Fixed(Address address) : IPrecompile
    {
        public Address Address { get; } = address;
        public long GasCost(ReadOnlySpan<byte> input) => 0;
        public PrecompileResult Run(ReadOnlySpan<byte> input) => new(true, []);
    }
}
