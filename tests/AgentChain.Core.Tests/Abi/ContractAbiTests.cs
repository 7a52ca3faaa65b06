using AgentChain.Core.Abi;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Abi;

public class ContractAbiTests
{
    /// <summary>An ERC-20 as OpenZeppelin 5 compiles it (custom errors, internalType), plus a struct-typed batch function, overloads, fallback and receive.</summary>
    private const string Erc20Json = """
    [
      {"inputs":[{"internalType":"string","name":"name_","type":"string"},{"internalType":"string","name":"symbol_","type":"string"}],"stateMutability":"nonpayable","type":"constructor"},
      {"inputs":[{"internalType":"address","name":"spender","type":"address"},{"internalType":"uint256","name":"allowance","type":"uint256"},{"internalType":"uint256","name":"needed","type":"uint256"}],"name":"ERC20InsufficientAllowance","type":"error"},
      {"inputs":[{"internalType":"address","name":"sender","type":"address"},{"internalType":"uint256","name":"balance","type":"uint256"},{"internalType":"uint256","name":"needed","type":"uint256"}],"name":"ERC20InsufficientBalance","type":"error"},
      {"inputs":[{"internalType":"address","name":"receiver","type":"address"}],"name":"ERC20InvalidReceiver","type":"error"},
      {"anonymous":false,"inputs":[{"indexed":true,"internalType":"address","name":"owner","type":"address"},{"indexed":true,"internalType":"address","name":"spender","type":"address"},{"indexed":false,"internalType":"uint256","name":"value","type":"uint256"}],"name":"Approval","type":"event"},
      {"anonymous":false,"inputs":[{"indexed":true,"internalType":"address","name":"from","type":"address"},{"indexed":true,"internalType":"address","name":"to","type":"address"},{"indexed":false,"internalType":"uint256","name":"value","type":"uint256"}],"name":"Transfer","type":"event"},
      {"inputs":[{"internalType":"address","name":"owner","type":"address"},{"internalType":"address","name":"spender","type":"address"}],"name":"allowance","outputs":[{"internalType":"uint256","name":"","type":"uint256"}],"stateMutability":"view","type":"function"},
      {"inputs":[{"internalType":"address","name":"spender","type":"address"},{"internalType":"uint256","name":"value","type":"uint256"}],"name":"approve","outputs":[{"internalType":"bool","name":"","type":"bool"}],"stateMutability":"nonpayable","type":"function"},
      {"inputs":[{"internalType":"address","name":"account","type":"address"}],"name":"balanceOf","outputs":[{"internalType":"uint256","name":"","type":"uint256"}],"stateMutability":"view","type":"function"},
      {"inputs":[],"name":"decimals","outputs":[{"internalType":"uint8","name":"","type":"uint8"}],"stateMutability":"view","type":"function"},
      {"inputs":[],"name":"name","outputs":[{"internalType":"string","name":"","type":"string"}],"stateMutability":"view","type":"function"},
      {"inputs":[],"name":"symbol","outputs":[{"internalType":"string","name":"","type":"string"}],"stateMutability":"view","type":"function"},
      {"inputs":[],"name":"totalSupply","outputs":[{"internalType":"uint256","name":"","type":"uint256"}],"stateMutability":"view","type":"function"},
      {"inputs":[{"internalType":"address","name":"to","type":"address"},{"internalType":"uint256","name":"value","type":"uint256"}],"name":"transfer","outputs":[{"internalType":"bool","name":"","type":"bool"}],"stateMutability":"nonpayable","type":"function"},
      {"inputs":[{"internalType":"address","name":"from","type":"address"},{"internalType":"address","name":"to","type":"address"},{"internalType":"uint256","name":"value","type":"uint256"}],"name":"transferFrom","outputs":[{"internalType":"bool","name":"","type":"bool"}],"stateMutability":"nonpayable","type":"function"},
      {"inputs":[{"internalType":"address","name":"to","type":"address"},{"internalType":"uint256","name":"amount","type":"uint256"}],"name":"mint","outputs":[],"stateMutability":"nonpayable","type":"function"},
      {"inputs":[{"internalType":"address","name":"to","type":"address"}],"name":"mint","outputs":[],"stateMutability":"payable","type":"function"},
      {"inputs":[
         {"components":[{"internalType":"address","name":"to","type":"address"},{"internalType":"uint256","name":"value","type":"uint256"},{"internalType":"bytes","name":"memo","type":"bytes"}],"internalType":"struct Token.Payment[]","name":"payments","type":"tuple[]"},
         {"components":[{"internalType":"uint64","name":"deadline","type":"uint64"},{"components":[{"internalType":"uint8","name":"v","type":"uint8"},{"internalType":"bytes32","name":"r","type":"bytes32"},{"internalType":"bytes32","name":"s","type":"bytes32"}],"internalType":"struct Token.Sig[2]","name":"sigs","type":"tuple[2]"}],"internalType":"struct Token.Auth","name":"auth","type":"tuple"}
       ],
       "name":"batchTransfer","outputs":[{"internalType":"bool[]","name":"ok","type":"bool[]"}],"stateMutability":"nonpayable","type":"function"},
      {"stateMutability":"payable","type":"fallback"},
      {"stateMutability":"payable","type":"receive"}
    ]
    """;

    private static readonly Address Alice = Address.Parse("0x1111111111111111111111111111111111111111");
    private static readonly Address Bob = Address.Parse("0x2222222222222222222222222222222222222222");

    [Fact]
    public void ParsesEverySection()
    {
        var abi = ContractAbi.Parse(Erc20Json);
        Assert.Equal(12, abi.Functions.Count);
        Assert.Equal(2, abi.Events.Count);
        Assert.Equal(3, abi.Errors.Count);
        Assert.NotNull(abi.Constructor);
        Assert.Equal(["name_", "symbol_"], abi.Constructor!.Inputs.Select(p => p.Name));
        Assert.Equal(StateMutability.Payable, abi.Fallback);
        Assert.True(abi.HasReceive);
        Assert.Equal(StateMutability.View, abi.GetFunction("balanceOf").StateMutability);
        Assert.Equal("struct Token.Payment[]", abi.GetFunction("batchTransfer").Inputs[0].InternalType);
    }

    [Fact]
    public void LooksUpBySelectorTopicAndName()
    {
        var abi = ContractAbi.Parse(Erc20Json);
        Assert.Equal("transfer(address,uint256)", abi.FindFunction(FunctionSelector.Parse("0xa9059cbb"))!.Signature);
        Assert.Equal("balanceOf", abi.FindFunction(FunctionSelector.Parse("0x70a08231"))!.Name);
        Assert.Null(abi.FindFunction(FunctionSelector.Parse("0x00000000")));
        Assert.Equal("Transfer", abi.FindEvent(Hash256.Parse("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"))!.Name);
        Assert.Equal("0xe450d38c", abi.GetError("ERC20InsufficientBalance").Selector.ToString());
        Assert.Equal("0xec442f05", abi.GetError("ERC20InvalidReceiver(address)").Selector.ToString());
        Assert.Same(abi.GetError("ERC20InvalidReceiver"), abi.FindError(FunctionSelector.Parse("0xec442f05")));
        Assert.Equal("Approval(address,address,uint256)", abi.GetEvent("Approval").Signature);
    }

    [Fact]
    public void OverloadsNeedASignature()
    {
        var abi = ContractAbi.Parse(Erc20Json);
        var e = Assert.Throws<AbiException>(() => abi.GetFunction("mint"));
        Assert.Contains("overloaded", e.Message);
        Assert.Contains("mint(address,uint256)", e.Message);
        Assert.Contains("mint(address)", e.Message);
        Assert.Equal(StateMutability.Payable, abi.GetFunction("mint(address)").StateMutability);
        Assert.Equal("mint(address,uint256)", abi.GetFunction("mint(address to, uint amount)").Signature);
        Assert.Contains("no function named 'burn'", Assert.Throws<AbiException>(() => abi.GetFunction("burn")).Message);
    }

    [Fact]
    public void TupleTypedFunction_CanonicalSignatureAndRoundTrip()
    {
        var abi = ContractAbi.Parse(Erc20Json);
        AbiFunction batch = abi.GetFunction("batchTransfer");
        Assert.Equal("batchTransfer((address,uint256,bytes)[],(uint64,(uint8,bytes32,bytes32)[2]))", batch.Signature);
        Assert.Equal(FunctionSelector.FromSignature(batch.Signature), batch.Selector);
        Assert.Equal(["to", "value", "memo"], batch.Inputs[0].Components.Select(c => c.Name));
        Assert.Equal(["deadline", "sigs"], batch.Inputs[1].Components.Select(c => c.Name));
        Assert.Equal(["v", "r", "s"], batch.Inputs[1].Components[1].Components.Select(c => c.Name));
        Assert.False(batch.Inputs[1].Type.Components[1].IsDynamic);

        object[] payments = [new object[] { Alice, new UInt256(10), new byte[] { 1 } }, new object[] { Bob, new UInt256(20), Array.Empty<byte>() }];
        object[] sig = [new UInt256(27), new byte[32], Enumerable.Repeat((byte)7, 32).ToArray()];
        object[] auth = [new UInt256(1_700_000_000), new object[] { sig, sig }];
        byte[] calldata = batch.EncodeCall(payments, auth);

        var (function, args) = abi.DecodeCall(calldata)!.Value;
        Assert.Same(batch, function);
        var decodedPayments = (object?[])args[0]!;
        Assert.Equal(Bob, ((object?[])decodedPayments[1]!)[0]);
        Assert.Equal(new byte[] { 1 }, ((object?[])decodedPayments[0]!)[2]);
        var decodedAuth = (object?[])args[1]!;
        Assert.Equal(new UInt256(1_700_000_000), decodedAuth[0]);
        Assert.Equal(Enumerable.Repeat((byte)7, 32).ToArray(), ((object?[])((object?[])decodedAuth[1]!)[1]!)[2]);
        Assert.Equal(new object[] { true, false }, (object?[])batch.DecodeOutput(batch.EncodeOutput(new[] { true, false }))[0]!);
    }

    [Fact]
    public void DecodesLogsAndRevertsThroughTheAbi()
    {
        var abi = ContractAbi.Parse(Erc20Json);
        var (topics, data) = abi.GetEvent("Transfer").EncodeLog(Alice, Bob, new UInt256(5));
        AbiDecodedLog log = abi.DecodeLog(topics, data)!;
        Assert.Equal("Transfer", log.Event.Name);
        Assert.Equal(Bob, log["to"]);
        Assert.Null(abi.DecodeLog([Hash256.Zero], []));

        byte[] revert = abi.GetError("ERC20InsufficientBalance").Encode(Alice, new UInt256(1), new UInt256(2));
        RevertReason reason = abi.DecodeRevert(revert);
        Assert.Equal(RevertKind.CustomError, reason.Kind);
        Assert.Equal($"ERC20InsufficientBalance(sender={Alice.ToChecksumString()}, balance=1, needed=2)", reason.Message);
        Assert.Equal(RevertKind.ErrorString, abi.DecodeRevert(AbiError.ErrorString.Encode("nope")).Kind);
    }

    [Fact]
    public void ConstructorEncodesDeploymentData()
    {
        var abi = ContractAbi.Parse(Erc20Json);
        byte[] bytecode = [0x60, 0x80, 0x60, 0x40];
        byte[] deployment = abi.Constructor!.EncodeDeployment(bytecode, "Agent Token", "AGT");
        Assert.Equal(bytecode, deployment[..4]);
        Assert.Equal(new object[] { "Agent Token", "AGT" }, abi.Constructor.DecodeArguments(deployment.AsSpan(4)));
        Assert.Equal(deployment[4..], abi.Constructor.EncodeArguments("Agent Token", "AGT"));
    }

    [Fact]
    public void AcceptsArtifactsAndLegacyMutability()
    {
        var abi = ContractAbi.Parse("""
            {"contractName":"Old","abi":[
              {"constant":true,"inputs":[],"name":"owner","outputs":[{"name":"","type":"address"}],"payable":false,"type":"function"},
              {"constant":false,"inputs":[],"name":"deposit","outputs":[],"payable":true,"type":"function"},
              {"inputs":[{"name":"x","type":"uint"}],"name":"set"}
            ]}
            """);
        Assert.Equal(StateMutability.View, abi.GetFunction("owner").StateMutability);
        Assert.Equal(StateMutability.Payable, abi.GetFunction("deposit").StateMutability);
        Assert.Equal("set(uint256)", abi.GetFunction("set").Signature);
        Assert.Null(abi.Constructor);
        Assert.Null(abi.Fallback);
    }

    [Theory]
    [InlineData("{}", "array of entries")]
    [InlineData("[1]", "not an object")]
    [InlineData("[{\"type\":\"function\",\"inputs\":[]}]", "missing string property \"name\"")]
    [InlineData("[{\"type\":\"function\",\"name\":\"f\",\"inputs\":[{\"name\":\"a\",\"type\":\"uint7\"}]}]", "inputs[0]")]
    [InlineData("[{\"type\":\"function\",\"name\":\"f\",\"inputs\":[{\"name\":\"a\",\"type\":\"uint8\",\"indexed\":true}]}]", "indexed outside an event")]
    [InlineData("[{\"type\":\"function\",\"name\":\"f\",\"stateMutability\":\"cheap\"}]", "unknown stateMutability")]
    [InlineData("[{\"type\":\"modifier\",\"name\":\"m\"}]", "unknown entry type 'modifier'")]
    [InlineData("[{\"type\":\"function\",\"name\":\"f\",\"inputs\":[{\"name\":\"a\",\"type\":\"tuplex\",\"components\":[]}]}]", "not a tuple type")]
    [InlineData("[", "not valid JSON")]
    public void MalformedJsonAbiIsReportedWithTheEntry(string json, string fragment)
    {
        var e = Assert.Throws<AbiException>(() => ContractAbi.Parse(json));
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void SpecJsonExample_TupleComponents()
    {
        var abi = ContractAbi.Parse("""
            [{"name":"f","type":"function","inputs":[
              {"name":"s","type":"tuple","components":[{"name":"a","type":"uint256"},{"name":"b","type":"uint256[]"},
                {"name":"c","type":"tuple[]","components":[{"name":"x","type":"uint256"},{"name":"y","type":"uint256"}]}]},
              {"name":"t","type":"tuple","components":[{"name":"x","type":"uint256"},{"name":"y","type":"uint256"}]},
              {"name":"a","type":"uint256"}],"outputs":[]}]
            """);
        Assert.Equal("f((uint256,uint256[],(uint256,uint256)[]),(uint256,uint256),uint256)", abi.Functions[0].Signature);
        Assert.Equal(Hex.Encode(AgentChain.Core.Crypto.Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(abi.Functions[0].Signature)).Bytes[..4]),
            abi.Functions[0].Selector.ToString());
    }
}
