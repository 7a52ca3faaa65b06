using AgentChain.Core.Abi;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Abi;

public class RevertReasonTests
{
    [Fact]
    public void BuiltInErrorSelectors()
    {
        Assert.Equal("0x08c379a0", AbiError.ErrorString.Selector.ToString());
        Assert.Equal("0x4e487b71", AbiError.Panic.Selector.ToString());
    }

    [Fact]
    public void ErrorString_DecodedFromCompilerOutput()
    {
        // revert("Not enough Ether provided.") as solc emits it: selector, offset 0x20, length 26, padded text.
        byte[] data = Hex.Decode("0x08c379a0"
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "000000000000000000000000000000000000000000000000000000000000001a"
            + "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000");
        RevertReason reason = RevertReason.Decode(data);
        Assert.Equal(RevertKind.ErrorString, reason.Kind);
        Assert.Equal("Not enough Ether provided.", reason.Message);
        Assert.Equal(data, AbiError.ErrorString.Encode("Not enough Ether provided."));
    }

    [Theory]
    [InlineData(0x01, "assertion failed")]
    [InlineData(0x11, "overflow")]
    [InlineData(0x12, "division or modulo by zero")]
    [InlineData(0x21, "enum")]
    [InlineData(0x22, "storage byte array")]
    [InlineData(0x31, "pop()")]
    [InlineData(0x32, "out of bounds")]
    [InlineData(0x41, "too much memory")]
    [InlineData(0x51, "zero-initialized internal function")]
    [InlineData(0x00, "generic")]
    [InlineData(0x99, "unknown panic code 0x99")]
    public void Panic_CodesHaveMeanings(int code, string fragment)
    {
        byte[] data = Hex.Decode("0x4e487b71" + code.ToString("x64"));
        RevertReason reason = RevertReason.Decode(data);
        Assert.Equal(RevertKind.Panic, reason.Kind);
        Assert.Equal(new UInt256((ulong)code), reason.PanicCode);
        Assert.Contains(fragment, reason.Message);
        Assert.StartsWith($"panic 0x{code:x2}", reason.Message);
    }

    [Fact]
    public void CustomErrors_BySelector()
    {
        var insufficient = AbiError.Parse("error InsufficientBalance(uint256 available, uint256 required)");
        var unauthorized = AbiError.Parse("Unauthorized(address caller)");
        Assert.Equal("InsufficientBalance(uint256,uint256)", insufficient.Signature);
        byte[] data = insufficient.Encode(new UInt256(5), new UInt256(7));
        Assert.Equal(insufficient.Selector, FunctionSelector.Read(data));

        RevertReason reason = RevertReason.Decode(data, [unauthorized, insufficient]);
        Assert.Equal(RevertKind.CustomError, reason.Kind);
        Assert.Same(insufficient, reason.Error);
        Assert.Equal("InsufficientBalance(available=5, required=7)", reason.Message);
        Assert.Equal(new UInt256(7), reason.Arguments[1]);

        var caller = Address.Parse("0x3333333333333333333333333333333333333333");
        Assert.Contains(caller.ToChecksumString(), RevertReason.Decode(unauthorized.Encode(caller), [unauthorized]).Message);
    }

    [Fact]
    public void EmptyUnknownAndMalformedRevertData()
    {
        Assert.Equal(RevertKind.Empty, RevertReason.Decode([]).Kind);
        RevertReason unknown = RevertReason.Decode(Hex.Decode("0xdeadbeef00"));
        Assert.Equal(RevertKind.Unrecognized, unknown.Kind);
        Assert.Contains("0xdeadbeef", unknown.Message);
        Assert.Equal(RevertKind.Unrecognized, RevertReason.Decode(new byte[] { 1, 2 }).Kind);
        // Claims to be Error(string) but the length runs past the data: an error, not a silent guess.
        byte[] bad = Hex.Decode("0x08c379a0"
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "00000000000000000000000000000000000000000000000000000000000000ff");
        Assert.Throws<AbiException>(() => RevertReason.Decode(bad));
        Assert.Contains("not 0x08c379a0", Assert.Throws<AbiException>(() => AbiError.ErrorString.Decode(Hex.Decode("0x4e487b71"))).Message);
    }
}
