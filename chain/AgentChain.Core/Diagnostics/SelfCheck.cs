using System.Numerics;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Trie;
using AgentChain.Core.Types;

namespace AgentChain.Core.Diagnostics;

/// <summary>
/// Known-answer checks of every primitive, cheap enough to run at start-up or from the CLI. They catch a
/// broken native library or a mis-built binary on the machine it runs on; the full proofs live in the tests.
/// </summary>
public static class SelfCheck
{
    public sealed record Result(string Name, bool Passed, string Detail);

    public static IEnumerable<Result> RunAll()
    {
        yield return Run("keccak256", () =>
        {
            string empty = Keccak256.Hash([]).ToString();
            string abc = Keccak256.Hash("abc"u8).ToString();
            Expect(empty == "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", "keccak('')");
            Expect(abc == "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45", "keccak('abc')");
            return "known vectors match";
        });
        yield return Run("address (EIP-55)", () =>
        {
            const string text = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
            Expect(Address.Parse(text).ToString() == text, "checksum round trip");
            return "checksum round trip";
        });
        yield return Run("rlp", () =>
        {
            byte[] encoded = RlpItem.List(RlpItem.String("cat"u8.ToArray()), RlpItem.String("dog"u8.ToArray())).Encode();
            Expect(Hex.Encode(encoded) == "0xc88363617483646f67", "RLP of [cat, dog]");
            bool rejected = false;
            try { RlpItem.Decode([0x81, 0x00]); }
            catch (RlpException) { rejected = true; }
            Expect(rejected, "non-canonical 0x8100 rejected");
            return "encode, decode, strictness";
        });
        yield return Run("merkle-patricia trie", () =>
        {
            var trie = new PatriciaTrie();
            trie.Set("doe"u8, "reindeer"u8);
            trie.Set("dog"u8, "puppy"u8);
            trie.Set("dogglesworth"u8, "cat"u8);
            Expect(trie.RootHash.ToString() == "0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3", "root of the 'dogs' vector");
            return "root of a known vector";
        });
        yield return Run("uint256", () =>
        {
            var random = new Random(1);
            Span<byte> bytes = stackalloc byte[32];
            for (int i = 0; i < 1000; i++)
            {
                random.NextBytes(bytes);
                UInt256 a = UInt256.FromBigEndian(bytes);
                random.NextBytes(bytes);
                UInt256 b = UInt256.FromBigEndian(bytes);
                Expect(a.CompareTo(b) == a.ToBigInteger().CompareTo(b.ToBigInteger()), "comparison");
                Expect(UInt256.FromBigInteger(a.ToBigInteger()) == a, "BigInteger round trip");
            }
            Expect(UInt256.MaxValue.ToBigInteger() == BigInteger.Pow(2, 256) - 1, "max value");
            return "1,000 random conversions and comparisons";
        });
    }

    private static Result Run(string name, Func<string> check)
    {
        try
        {
            return new Result(name, true, check());
        }
        catch (Exception e)
        {
            return new Result(name, false, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException($"{what}: wrong answer");
    }
}
