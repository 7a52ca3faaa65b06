using System.Numerics;
using AgentChain.Core.Encoding;
using AgentChain.Evm.Precompiles;
using AgentChain.Evm.Precompiles.Bn254;

namespace AgentChain.Evm.Tests.Precompiles;

/// <summary>
/// EIP-196/197 vectors from go-ethereum core/vm/testdata/precompiles/bn256Add.json, bn256ScalarMul.json and
/// bn256Pairing.json (EIP-1108 gas), plus invalid-input cases.
/// </summary>
public class Bn254PrecompileTests
{
    private static readonly Bn254AddPrecompile Add = new();
    private static readonly Bn254MulPrecompile Mul = new();
    private static readonly Bn254PairingPrecompile Pairing = new();

    private const string Zero64 = "0000000000000000000000000000000000000000000000000000000000000000";
    private const string G1 = "0000000000000000000000000000000000000000000000000000000000000001" + "0000000000000000000000000000000000000000000000000000000000000002";
    private const string G2 =
        "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed" +
        "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
    private const string MinusG2 =
        "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed" +
        "275dc4a288d1afb3cbb1ac09187524c7db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d";
    private const string FieldModulus = "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";
    private const string True32 = "0000000000000000000000000000000000000000000000000000000000000001";
    private const string False32 = "0000000000000000000000000000000000000000000000000000000000000000";

    public static TheoryData<string, string, string> AddVectors => new()
    {
        { "chfast1", "18b18acfb4c2c30276db5411368e7185b311dd124691610c5d3b74034e093dc9063c909c4720840cb5134cb9f59fa749755796819658d32efc0d288198f3726607c2b7f58a84bd6145f00c9c2bc0bb1a187f20ff2c92963a88019e7c6a014eed06614e20c147e940f2d70da3f74c9a17df361706a4485c742bd6788478fa17d7",
            "2243525c5efd4b9c3d3c45ac0ca3fe4dd85e830a4ce6b65fa1eeaee202839703301d1d33be6da8e509df21cc35964723180eed7532537db9ae5e7d48f195c915" },
        { "chfast2", "2243525c5efd4b9c3d3c45ac0ca3fe4dd85e830a4ce6b65fa1eeaee202839703301d1d33be6da8e509df21cc35964723180eed7532537db9ae5e7d48f195c91518b18acfb4c2c30276db5411368e7185b311dd124691610c5d3b74034e093dc9063c909c4720840cb5134cb9f59fa749755796819658d32efc0d288198f37266",
            "2bd3e6d0f3b142924f5ca7b49ce5b9d54c4703d7ae5648e61d02268b1a0a9fb721611ce0a6af85915e2f1d70300909ce2e49dfad4a4619c8390cae66cefdb204" },
        { "cdetrio1", Zero64 + Zero64 + Zero64 + Zero64 + Zero64 + Zero64, Zero64 + Zero64 },
        { "cdetrio4", "", Zero64 + Zero64 },
        { "cdetrio6", Zero64 + Zero64 + G1, G1 },
        { "cdetrio8", G1, G1 },
        { "cdetrio11", G1 + G1, "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd315ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4" },
        { "cdetrio13", "17c139df0efee0f766bc0204762b774362e4ded88953a39ce849a8a7fa163fa901e0559bacb160664764a357af8a9fe70baa9258e0b959273ffc5718c6d4cc7c039730ea8dff1254c0fee9c0ea777d29a9c710b7e616683f194f18c43b43b869073a5ffcc6fc7a28c30723d6e58ce577356982d65b833a5a5c15bf9024b43d98",
            "15bf2bb17880144b5d1cd2b1f46eff9d617bffd1ca57c37fb5a49bd84e53cf66049c797f9ce0d17083deb32b5e36f2ea2a212ee036598dd7624c168993d1355f" },
        { "cdetrio14", "17c139df0efee0f766bc0204762b774362e4ded88953a39ce849a8a7fa163fa901e0559bacb160664764a357af8a9fe70baa9258e0b959273ffc5718c6d4cc7c17c139df0efee0f766bc0204762b774362e4ded88953a39ce849a8a7fa163fa92e83f8d734803fc370eba25ed1f6b8768bd6d83887b87165fc2434fe11a830cb" + Zero64 + Zero64,
            Zero64 + Zero64 },
    };

    [Theory]
    [MemberData(nameof(AddVectors))]
    public void AddKnownAnswers(string name, string input, string expected)
    {
        Assert.NotEmpty(name);
        PrecompileAssert.Succeeds(Add, input, expected, 150);
    }

    public static TheoryData<string, string, string> MulVectors => new()
    {
        { "chfast1", "2bd3e6d0f3b142924f5ca7b49ce5b9d54c4703d7ae5648e61d02268b1a0a9fb721611ce0a6af85915e2f1d70300909ce2e49dfad4a4619c8390cae66cefdb20400000000000000000000000000000000000000000000000011138ce750fa15c2",
            "070a8d6a982153cae4be29d434e8faef8a47b274a053f5a4ee2a6c9c13c31e5c031b8ce914eba3a9ffb989f9cdd5b0f01943074bf4f0f315690ec3cec6981afc" },
        { "chfast2", "070a8d6a982153cae4be29d434e8faef8a47b274a053f5a4ee2a6c9c13c31e5c031b8ce914eba3a9ffb989f9cdd5b0f01943074bf4f0f315690ec3cec6981afc30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd46",
            "025a6f4181d2b4ea8b724290ffb40156eb0adb514c688556eb79cdea0752c2bb2eff3f31dea215f1eb86023a133a996eb6300b44da664d64251d05381bb8a02e" },
        { "chfast3", "025a6f4181d2b4ea8b724290ffb40156eb0adb514c688556eb79cdea0752c2bb2eff3f31dea215f1eb86023a133a996eb6300b44da664d64251d05381bb8a02e183227397098d014dc2822db40c0ac2ecbc0b548b438e5469e10460b6c3e7ea3",
            "14789d0d4a730b354403b5fac948113739e276c23e0258d8596ee72f9cd9d3230af18a63153e0ec25ff9f2951dd3fa90ed0197bfef6e2a1a62b5095b9d2b4a27" },
        { "cdetrio1", "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "2cde5879ba6f13c0b5aa4ef627f159a3347df9722efce88a9afbb20b763b4c411aa7e43076f6aee272755a7f9b84832e71559ba0d2e0b17d5f9f01755e5b0d11" },
        { "cdetrio2", "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f630644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000",
            "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe3163511ddc1c3f25d396745388200081287b3fd1472d8339d5fecb2eae0830451" },
        { "cdetrio3", "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f60000000000000000000000000000000100000000000000000000000000000000",
            "1051acb0700ec6d42a88215852d582efbaef31529b6fcbc3277b5c1b300f5cf0135b2394bb45ab04b8bd7611bd2dfe1de6a4e6e2ccea1ea1955f577cd66af85b" },
        { "cdetrio4", "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f60000000000000000000000000000000000000000000000000000000000000009",
            "1dbad7d39dbc56379f78fac1bca147dc8e66de1b9d183c7b167351bfe0aeab742cd757d51289cd8dbd0acf9e673ad67d0f0a89f912af47ed1be53664f5692575" },
        { "cdetrio6", "17c139df0efee0f766bc0204762b774362e4ded88953a39ce849a8a7fa163fa901e0559bacb160664764a357af8a9fe70baa9258e0b959273ffc5718c6d4cc7cffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "29e587aadd7c06722aabba753017c093f70ba7eb1f1c0104ec0564e7e3e21f6022b1143f6a41008e7755c71c3d00b6b915d386de21783ef590486d8afa8453b1" },
        { "cdetrio11", "039730ea8dff1254c0fee9c0ea777d29a9c710b7e616683f194f18c43b43b869073a5ffcc6fc7a28c30723d6e58ce577356982d65b833a5a5c15bf9024b43d98ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "00a1a234d08efaa2616607e31eca1980128b00b415c845ff25bba3afcb81dc00242077290ed33906aeb8e42fd98c41bcb9057ba03421af3f2d08cfc441186024" },
        { "cdetrio15", "039730ea8dff1254c0fee9c0ea777d29a9c710b7e616683f194f18c43b43b869073a5ffcc6fc7a28c30723d6e58ce577356982d65b833a5a5c15bf9024b43d980000000000000000000000000000000000000000000000000000000000000001",
            "039730ea8dff1254c0fee9c0ea777d29a9c710b7e616683f194f18c43b43b869073a5ffcc6fc7a28c30723d6e58ce577356982d65b833a5a5c15bf9024b43d98" },
        { "zero scalar", G1 + Zero64, Zero64 + Zero64 },
        { "infinity times scalar", Zero64 + Zero64 + "0000000000000000000000000000000000000000000000000000000000000009", Zero64 + Zero64 },
        { "group order", G1 + "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", Zero64 + Zero64 },
        { "short input: scalar missing reads as zero", G1, Zero64 + Zero64 },
    };

    [Theory]
    [MemberData(nameof(MulVectors))]
    public void MulKnownAnswers(string name, string input, string expected)
    {
        Assert.NotEmpty(name);
        PrecompileAssert.Succeeds(Mul, input, expected, 6000);
    }

    public static TheoryData<string, string, string, long> PairingVectors => new()
    {
        { "jeff1", "1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c2032c61a830e3c17286de9462bf242fca2883585b93870a73853face6a6bf411" + G2,
            True32, 113000 },
        { "jeff2", "2eca0c7238bf16e83e7a1e6c5d49540685ff51380f309842a98561558019fc0203d3260361bb8451de5ff5ecd17f010ff22f5c31cdf184e9020b06fa5997db841213d2149b006137fcfb23036606f848d638d576a120ca981b5b1a5f9300b3ee2276cf730cf493cd95d64677bbb75fc42db72513a4c1e387b476d056f80aa75f21ee6226d31426322afcda621464d0611d226783262e21bb3bc86b537e986237096df1f82dff337dd5972e32a8ad43e28a78a96a823ef1cd4debe12b6552ea5f06967a1237ebfeca9aaae0d6d0bab8e28c198c5a339ef8a2407e31cdac516db922160fa257a5fd5b280642ff47b65eca77e626cb685c84fa6d3b6882a283ddd1" + G2,
            True32, 113000 },
        { "jeff6", "1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c103188585e2364128fe25c70558f1560f4f9350baf3959e603cc91486e110936" + G2,
            False32, 113000 },
        { "empty_data", "", True32, 45000 },
        { "one_point", G1 + G2, False32, 79000 },
        { "two_point_match_2", G1 + G2 + G1 + MinusG2, True32, 113000 },
        { "two_point_match_3", G1 + "203e205db4f19b37b60121b83a7333706db86431c6d835849957ed8c3928ad7927dc7234fd11d3e8c36c59277c3e6f149d5cd3cfa9a62aee49f8130962b4b3b9195e8aa5b7827463722b8c153931579d3505566b4edf48d498e185f0509de15204bb53b8977e5f92a0bc372742c4830944a59b4fe6b1c0466e2a6dad122b5d2e030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd31a76dae6d3272396d0cbe61fced2bc532edac647851e3ac53ce1cc9c7e645a83" + G2,
            True32, 113000 },
        { "two_point_match_4", "105456a333e6d636854f987ea7bb713dfd0ae8371a72aea313ae0c32c0bf10160cf031d41b41557f3e7e3ba0c51bebe5da8e6ecd855ec50fc87efcdeac168bcc0476be093a6d2b4bbf907172049874af11e1b6267606e00804d3ff0037ec57fd3010c68cb50161b7d1d96bb71edfec9880171954e56871abf3d93cc94d745fa114c059d74e5b6c4ec14ae5864ebe23a71781d86c29fb8fb6cce94f70d3de7a2101b33461f39d9e887dbb100f170a2345dde3c07e256d1dfa2b657ba5cd030427" + G1 + "1a2c3013d2ea92e13c800cde68ef56a294b883f6ac35d25f587c09b1b3c635f7290158a80cd3d66530f74dc94c94adb88f5cdb481acca997b6e60071f08a115f2f997f3dbd66a7afe07fe7862ce239edba9e05c5afff7f8a1259c9733b2dfbb929d1691530ca701b4a106054688728c9972c8512e9789e9567aae23e302ccd75",
            True32, 113000 },
        { "infinity pairs contribute one", Zero64 + Zero64 + G2 + G1 + new string('0', 256), True32, 113000 },
    };

    // Gas is EIP-1108's 45000 + 34000·k; the published vectors carry it (113000 for two pairs).
    [Theory]
    [MemberData(nameof(PairingVectors))]
    public void PairingKnownAnswers(string name, string input, string expected, long gas)
    {
        Assert.NotEmpty(name);
        var pairs = Hex.Decode(input).Length / 192;
        Assert.Equal(45000 + 34000 * pairs, gas);
        PrecompileAssert.Succeeds(Pairing, input, expected, gas);
    }

    [Fact]
    public void BilinearityOnGeneratedPoints()
    {
        // e(a·G1, b·G2) · e(−ab·G1, G2) = 1 for scalars a, b.
        var g1 = Decode1(G1);
        var g2 = Decode2(G2);
        var a = new BigInteger(123456789);
        var b = BigInteger.Parse("987654321987654321");
        var pairs = new List<(JacobianPoint<Fp>, JacobianPoint<Fp2>)>
        {
            (g1.Multiply(a), g2.Multiply(b)),
            (g1.Multiply(Bn254Curve.Order - a * b % Bn254Curve.Order), g2),
        };
        Assert.True(Bn254Pairing.ProductIsOne(pairs));
        pairs[1] = (g1.Multiply(Bn254Curve.Order - a * b % Bn254Curve.Order + 1), g2);
        Assert.False(Bn254Pairing.ProductIsOne(pairs));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001" + "0000000000000000000000000000000000000000000000000000000000000003", "not on the curve")]
    [InlineData(FieldModulus + "0000000000000000000000000000000000000000000000000000000000000002", "not below the field modulus")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001" + FieldModulus, "not below the field modulus")]
    public void InvalidG1PointsFailAddMulAndPairing(string point, string error)
    {
        PrecompileAssert.Fails(Add, point + G1, error);
        PrecompileAssert.Fails(Add, G1 + point, error);
        PrecompileAssert.Fails(Mul, point + "0000000000000000000000000000000000000000000000000000000000000002", error);
        PrecompileAssert.Fails(Pairing, point + G2, error);
    }

    [Fact]
    public void G1PointWithCoordinatePPlusOneFailsEvenThoughItReducesOntoTheGenerator() =>
        PrecompileAssert.Fails(Add, "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd48" + "0000000000000000000000000000000000000000000000000000000000000002", "not below the field modulus");

    [Fact]
    public void InvalidG2PointsFailThePairing()
    {
        // Off the twist: G2 with the last byte of y changed.
        PrecompileAssert.Fails(Pairing, G1 + G2[..^2] + "ab", "not on the twist curve");
        // Coordinate ≥ p: imaginary part of x replaced by p.
        PrecompileAssert.Fails(Pairing, G1 + FieldModulus + G2[64..], "not below the field modulus");
        // On the twist but outside the order-r subgroup.
        PrecompileAssert.Fails(Pairing, G1 + EncodeG2(TwistPointOutsideSubgroup()), "not in the order-r subgroup");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(191)]
    [InlineData(193)]
    [InlineData(383)]
    public void PairingInputNotAMultipleOf192Fails(int length)
    {
        var input = new byte[length];
        Assert.False(Pairing.Run(input).Success);
        Assert.Contains("multiple of 192", Pairing.Run(input).Error);
    }

    [Fact]
    public void AllInTheCancunSet()
    {
        foreach (var index in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })
        {
            Assert.True(PrecompileSet.Cancun.TryGet(PrecompileSet.AddressOf(index), out var precompile));
            Assert.Equal(PrecompileSet.AddressOf(index), precompile.Address);
        }
        Assert.Equal(10, PrecompileSet.Cancun.Addresses.Count);
        Assert.Equal(11, PrecompileSet.AgentChain.Addresses.Count);
    }

    private static JacobianPoint<Fp> Decode1(string hex)
    {
        Assert.True(Bn254Curve.TryDecodeG1(Hex.Decode(hex), out var point, out _));
        return point;
    }

    private static JacobianPoint<Fp2> Decode2(string hex)
    {
        Assert.True(Bn254Curve.TryDecodeG2(Hex.Decode(hex), out var point, out _));
        return point;
    }

    /// <summary>The first x = k (k = 1, 2, …) whose x³ + 3/ξ is a square in Fp2; the cofactor makes it non-subgroup.</summary>
    private static (Fp2 X, Fp2 Y) TwistPointOutsideSubgroup()
    {
        for (var k = 1; ; k++)
        {
            var x = new Fp2(Fp.FromSmall(k), Fp.Zero);
            var rhs = x.Square() * x + Bn254Curve.TwistB;
            if (TrySqrt(rhs, out var y))
            {
                Assert.Equal(rhs, y.Square());
                Assert.False(JacobianPoint<Fp2>.FromAffine(x, y).Multiply(Bn254Curve.Order).IsInfinity);
                return (x, y);
            }
        }
    }

    // Square root in Fp2 (p ≡ 3 mod 4): with norm n = a² + b² and s = √n, x₀² = (a ± s)/2 and x₁ = b/(2x₀).
    private static bool TrySqrt(Fp2 value, out Fp2 root)
    {
        root = default;
        if (!TrySqrt(value.A.Square() + value.B.Square(), out var s)) return false;
        var half = Fp.FromSmall(2).Inverse();
        foreach (var candidate in new[] { (value.A + s) * half, (value.A - s) * half })
        {
            if (!TrySqrt(candidate, out var x0) || x0.IsZero) continue;
            root = new Fp2(x0, value.B * (x0 + x0).Inverse());
            if (root.Square() == value) return true;
        }
        return false;
    }

    private static bool TrySqrt(Fp value, out Fp root)
    {
        root = Fp.FromCanonical(BigInteger.ModPow(value.Value, (Fp.Modulus + 1) / 4, Fp.Modulus));
        return root.Square() == value;
    }

    private static string EncodeG2((Fp2 X, Fp2 Y) point) =>
        Word(point.X.B) + Word(point.X.A) + Word(point.Y.B) + Word(point.Y.A);

    private static string Word(Fp value) => value.Value.ToString("x").TrimStart('0').PadLeft(64, '0');
}
