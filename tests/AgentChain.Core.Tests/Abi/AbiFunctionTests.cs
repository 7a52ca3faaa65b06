using System.Numerics;
using AgentChain.Core.Abi;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Abi;

public class AbiFunctionTests
{
    private static readonly Address Alice = Address.Parse("0x1111111111111111111111111111111111111111");

    [Theory]
    [InlineData("transfer(address,uint256)", "0xa9059cbb")]
    [InlineData("balanceOf(address)", "0x70a08231")]
    [InlineData("approve(address,uint256)", "0x095ea7b3")]
    [InlineData("transferFrom(address,address,uint256)", "0x23b872dd")]
    [InlineData("totalSupply()", "0x18160ddd")]
    [InlineData("allowance(address,address)", "0xdd62ed3e")]
    [InlineData("baz(uint32,bool)", "0xcdcd77c0")]
    [InlineData("bar(bytes3[2])", "0xfce353f6")]
    [InlineData("sam(bytes,bool,uint[])", "0xa5643bf2")]
    [InlineData("f(uint,uint32[],bytes10,bytes)", "0x8be65246")]
    [InlineData("g(uint[][],string[])", "0x2289b18c")]
    public void SelectorsOfWellKnownAndSpecFunctions(string signature, string selector)
    {
        Assert.Equal(selector, AbiFunction.Parse(signature).Selector.ToString());
    }

    [Fact]
    public void EncodeCall_SpecBazExample_AndDecodeInputBack()
    {
        var baz = AbiFunction.Parse("function baz(uint32 x, bool y) public pure returns (bool r)");
        Assert.Equal("baz(uint32,bool)", baz.Signature);
        Assert.Equal(StateMutability.Pure, baz.StateMutability);
        byte[] calldata = baz.EncodeCall(69u, true);
        Assert.Equal("0xcdcd77c0"
            + "0000000000000000000000000000000000000000000000000000000000000045"
            + "0000000000000000000000000000000000000000000000000000000000000001", Hex.Encode(calldata));
        object?[] args = baz.DecodeInput(calldata);
        Assert.Equal(new UInt256(69), args[0]);
        Assert.Equal(true, args[1]);
        Assert.Equal(false, baz.DecodeOutput(new byte[32])[0]);
    }

    [Fact]
    public void EncodeCall_SpecSamExample()
    {
        var sam = AbiFunction.Parse("sam(bytes,bool,uint256[])");
        byte[] calldata = sam.EncodeCall("dave"u8.ToArray(), true, new UInt256[] { 1, 2, 3 });
        Assert.Equal("0xa5643bf20000000000000000000000000000000000000000000000000000000000000060000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000a0000000000000000000000000000000000000000000000000000000000000000464617665000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000003",
            Hex.Encode(calldata));
    }

    [Fact]
    public void Transfer_RoundTrip_WithOutputsFromSignature()
    {
        var transfer = AbiFunction.Parse("transfer(address to, uint256 amount) returns (bool)");
        Assert.Equal(["to", "amount"], transfer.Inputs.Select(p => p.Name));
        byte[] calldata = transfer.EncodeCall(Alice, new UInt256(1_000_000));
        Assert.Equal("0xa9059cbb", Hex.Encode(calldata.AsSpan(0, 4)));
        Assert.Equal(4 + 64, calldata.Length);
        object?[] args = transfer.DecodeInput(calldata);
        Assert.Equal(Alice, args[0]);
        Assert.Equal(new UInt256(1_000_000), args[1]);
        Assert.Equal(true, transfer.DecodeOutput(transfer.EncodeOutput(true))[0]);
    }

    [Fact]
    public void BalanceOf_FromTypes_DecodesOutput()
    {
        var balanceOf = AbiFunction.FromTypes("balanceOf", [AbiType.Address], [AbiType.UInt256], StateMutability.View);
        Assert.Equal("0x70a08231", balanceOf.Selector.ToString());
        byte[] ret = Hex.Decode("0x00000000000000000000000000000000000000000000000000000000000003e8");
        Assert.Equal(new UInt256(1000), balanceOf.DecodeOutput(ret)[0]);
        Assert.Equal(balanceOf.Signature, AbiFunction.Parse("function balanceOf(address owner) external view returns (uint256 balance)").Signature);
    }

    [Fact]
    public void DecodeInput_ChecksSelectorAndLength()
    {
        var transfer = AbiFunction.Parse("transfer(address,uint256)");
        var approveCall = AbiFunction.Parse("approve(address,uint256)").EncodeCall(Alice, 5);
        Assert.Contains("expected 0xa9059cbb", Assert.Throws<AbiException>(() => transfer.DecodeInput(approveCall)).Message);
        Assert.Contains("too short", Assert.Throws<AbiException>(() => transfer.DecodeInput(new byte[] { 0xa9, 0x05 })).Message);
        byte[] truncated = transfer.EncodeCall(Alice, 5)[..40];
        Assert.Contains("data too short", Assert.Throws<AbiException>(() => transfer.DecodeInput(truncated)).Message);
    }

    [Fact]
    public void EncodeErrors_NameTheParameterAndType()
    {
        var f = AbiFunction.Parse("setLimits(uint8 perCall, int16[] deltas, (address agent, bytes4 selector)[] allow)");
        var e = Assert.Throws<AbiException>(() => f.EncodeCall(300, Array.Empty<object>(), Array.Empty<object>()));
        Assert.Contains("perCall", e.Message);
        Assert.Contains("uint8", e.Message);
        Assert.Contains("300", e.Message);

        e = Assert.Throws<AbiException>(() => f.EncodeCall(1, new object[] { new BigInteger(5), new BigInteger(-40000) }, Array.Empty<object>()));
        Assert.Equal("setLimits(uint8,int16[],(address,bytes4)[]) deltas[1]", e.Path);
        Assert.Contains("int16", e.Reason);

        e = Assert.Throws<AbiException>(() => f.EncodeCall(1, Array.Empty<object>(), new object[] { new object[] { Alice, new byte[3] } }));
        Assert.Equal("setLimits(uint8,int16[],(address,bytes4)[]) allow[0].1", e.Path);
        Assert.Contains("bytes4 needs exactly 4 bytes, got 3", e.Message);

        e = Assert.Throws<AbiException>(() => f.EncodeCall(1));
        Assert.Contains("takes 3 values, got 1", e.Message);
    }

    [Fact]
    public void HumanSignatures_TupleComponentsKeepNames()
    {
        var f = AbiFunction.Parse("function submit((address target, bytes data, uint256 value)[] calls, bytes32 commitment) payable returns (bool[] ok)");
        Assert.Equal("submit((address,bytes,uint256)[],bytes32)", f.Signature);
        Assert.Equal(StateMutability.Payable, f.StateMutability);
        Assert.Equal(["target", "data", "value"], f.Inputs[0].Components.Select(c => c.Name));
        Assert.Equal("bool[]", f.Outputs[0].Type.CanonicalName);
        Assert.Equal(f.Signature, AbiFunction.Parse("submit(tuple(address,bytes,uint)[] memory calls, bytes32)").Signature);
    }

    [Theory]
    [InlineData("transfer(address,uint256", "unbalanced")]
    [InlineData("(address)", "missing name")]
    [InlineData("1st(address)", "not a valid name")]
    [InlineData("f(address a b)", "unexpected 'b'")]
    [InlineData("f(uint7)", "unknown type")]
    [InlineData("f(address,)", "empty parameter")]
    [InlineData("f(address indexed a)", "unexpected 'indexed'")]
    [InlineData("event E(address)", "expected a function signature")]
    [InlineData("f(address) mutable", "unexpected 'mutable'")]
    public void RejectsMalformedSignatures(string signature, string fragment)
    {
        Assert.Contains(fragment, Assert.Throws<AbiException>(() => AbiFunction.Parse(signature)).Message);
    }
}
