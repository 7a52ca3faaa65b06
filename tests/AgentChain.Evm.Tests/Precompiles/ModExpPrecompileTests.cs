using AgentChain.Core.Encoding;
using AgentChain.Evm.Precompiles;

namespace AgentChain.Evm.Tests.Precompiles;

/// <summary>Vectors from go-ethereum core/vm/testdata/precompiles/modexp_eip2565.json (EIP-198/EIP-2565 examples).</summary>
public class ModExpPrecompileTests
{
    private static readonly ModExpPrecompile ModExp = new();

    public static TheoryData<string, string, string, long> Vectors => new()
    {
        {
            "eip_example1",
            "00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000002003fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2efffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
            "0000000000000000000000000000000000000000000000000000000000000001", 1360
        },
        {
            "eip_example2",
            "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000020fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2efffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
            "0000000000000000000000000000000000000000000000000000000000000000", 1360
        },
        {
            "nagydani-1-square",
            "000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000040e09ad9675465c53a109fac66a445c91b292d2bb2c5268addb30cd82f80fcb0033ff97c80a5fc6f39193ae969c6ede6710a6b7ac27078a06d90ef1c72e5c85fb502fc9e1f6beb81516545975218075ec2af118cd8798df6e08a147c60fd6095ac2bb02c2908cf4dd7c81f11c289e4bce98f3553768f392a80ce22bf5c4f4a248c6b",
            "60008f1614cc01dcfb6bfb09c625cf90b47d4468db81b5f8b7a39d42f332eab9b2da8f2d95311648a8f243f4bb13cfb3d8f7f2a3c014122ebb3ed41b02783adc", 200
        },
        {
            "nagydani-1-qube",
            "000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000040e09ad9675465c53a109fac66a445c91b292d2bb2c5268addb30cd82f80fcb0033ff97c80a5fc6f39193ae969c6ede6710a6b7ac27078a06d90ef1c72e5c85fb503fc9e1f6beb81516545975218075ec2af118cd8798df6e08a147c60fd6095ac2bb02c2908cf4dd7c81f11c289e4bce98f3553768f392a80ce22bf5c4f4a248c6b",
            "4834a46ba565db27903b1c720c9d593e84e4cbd6ad2e64b31885d944f68cd801f92225a8961c952ddf2797fa4701b330c85c4b363798100b921a1a22a46a7fec", 200
        },
        {
            "nagydani-1-pow0x10001",
            "000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000030000000000000000000000000000000000000000000000000000000000000040e09ad9675465c53a109fac66a445c91b292d2bb2c5268addb30cd82f80fcb0033ff97c80a5fc6f39193ae969c6ede6710a6b7ac27078a06d90ef1c72e5c85fb5010001fc9e1f6beb81516545975218075ec2af118cd8798df6e08a147c60fd6095ac2bb02c2908cf4dd7c81f11c289e4bce98f3553768f392a80ce22bf5c4f4a248c6b",
            "c36d804180c35d4426b57b50c5bfcca5c01856d104564cd513b461d3c8b8409128a5573e416d0ebe38f5f736766d9dc27143e4da981dfa4d67f7dc474cbee6d2", 341
        },
        {
            "nagydani-2-pow0x10001",
            "000000000000000000000000000000000000000000000000000000000000008000000000000000000000000000000000000000000000000000000000000000030000000000000000000000000000000000000000000000000000000000000080cad7d991a00047dd54d3399b6b0b937c718abddef7917c75b6681f40cc15e2be0003657d8d4c34167b2f0bbbca0ccaa407c2a6a07d50f1517a8f22979ce12a81dcaf707cc0cebfc0ce2ee84ee7f77c38b9281b9822a8d3de62784c089c9b18dcb9a2a5eecbede90ea788a862a9ddd9d609c2c52972d63e289e28f6a590ffbf51010001e6d893b80aeed5e6e9ce9afa8a5d5675c93a32ac05554cb20e9951b2c140e3ef4e433068cf0fb73bc9f33af1853f64aa27a0028cbf570d7ac9048eae5dc7b28c87c31e5810f1e7fa2cda6adf9f1076dbc1ec1238560071e7efc4e9565c49be9e7656951985860a558a754594115830bcdb421f741408346dd5997bb01c287087",
            "ad85e8ef13fd1dd46eae44af8b91ad1ccae5b7a1c92944f92a19f21b0b658139e0cabe9c1f679507c2de354bf2c91ebd965d1e633978a830d517d2f6f8dd5fd58065d58559de7e2334a878f8ec6992d9b9e77430d4764e863d77c0f87beede8f2f7f2ab2e7222f85cc9d98b8467f4bb72e87ef2882423ebdb6daf02dddac6db2", 1365
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void KnownAnswers(string name, string input, string expected, long gas)
    {
        Assert.NotEmpty(name);
        PrecompileAssert.Succeeds(ModExp, input, expected, gas);
    }

    private static string Word(ulong value) => value.ToString("x64");

    [Fact]
    public void ZeroModulusGivesZerosOfModulusLength() =>
        // base 3, exp 5, mod 0 (2 bytes)
        PrecompileAssert.Succeeds(ModExp, Word(1) + Word(1) + Word(2) + "03" + "05" + "0000", "0000", 200);

    [Fact]
    public void ZeroBaseAndModulusLengthsGiveEmptyOutput() =>
        PrecompileAssert.Succeeds(ModExp, Word(0) + Word(0) + Word(0), "", 200);

    [Fact]
    public void ZeroToTheZeroIsOneAndMissingBytesReadAsZero()
    {
        // base and exponent absent from the input (read as zero), modulus 7 → 0^0 mod 7 = 1.
        PrecompileAssert.Succeeds(ModExp, Word(0) + Word(0) + Word(1) + "07", "01", 200);
        // modulus bytes missing entirely → modulus 0 → one zero byte.
        PrecompileAssert.Succeeds(ModExp, Word(1) + Word(1) + Word(1) + "0203", "00", 200);
        // 2^3 mod 5 = 3, with modulus length 3 (left-padded output).
        PrecompileAssert.Succeeds(ModExp, Word(1) + Word(1) + Word(3) + "02" + "03" + "000005", "000003", 200);
    }

    [Fact]
    public void EmptyInputIsAllZeroLengths() => PrecompileAssert.Succeeds(ModExp, "", "", 200);

    [Fact]
    public void HugeDeclaredLengthsArePricedWithoutAllocating()
    {
        var huge = new string('f', 64);
        var inputs = new[]
        {
            huge + Word(1) + Word(1),                 // base length 2^256 - 1
            Word(1) + huge + Word(1) + "02",          // exponent length 2^256 - 1
            Word(1) + Word(1) + huge + "0203",        // modulus length 2^256 - 1
            Word(0) + Word(0x7fff_ffff_ffff) + Word(32),
        };
        foreach (var hex in inputs)
        {
            var input = Hex.Decode(hex);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var gas = ModExp.GasCost(input);
            Assert.True(gas > 30_000_000_000L, $"gas {gas} should be unaffordable");
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
        }

        // And if a caller ran it anyway, the run refuses lengths no gas can pay for instead of allocating them.
        Assert.False(ModExp.Run(Hex.Decode(inputs[2])).Success);
    }

    [Fact]
    public void ExponentLongerThan32BytesCountsEightIterationsPerExtraByte()
    {
        // base/mod length 32 → complexity 16; exponent 33 bytes with head 0x01 → 8·1 + 0 = 8 iterations → 16·8/3 = 42 → 200.
        // exponent 64 bytes with head of 256 bits → 8·32 + 255 = 511 → 16·511/3 = 2725.
        var input = Hex.Decode(Word(32) + Word(64) + Word(32) + Word(0) + new string('f', 64));
        Assert.Equal(2725, ModExp.GasCost(input));
    }
}
