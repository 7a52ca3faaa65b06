using System.Numerics;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Transactions;
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
        yield return Run("secp256k1", () =>
        {
            byte[] key = Hex.Decode("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
            Hash256 message = Keccak256.Hash("agentchain selfcheck"u8);
            Address signer = Secp256k1.AddressFromPrivateKey(key);
            Expect(signer.ToString() == "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", "address of a known key");
            Secp256k1Signature signature = Secp256k1.Sign(key, message);
            Expect(Secp256k1.RecoverAddress(message, signature) == signer, "sign then recover");
            if (Secp256k1.Native is { } native)
            {
                Secp256k1Signature managed = Secp256k1.Managed.Sign(key, message.Bytes);
                Expect(managed.R == signature.R && managed.S == signature.S && managed.RecoveryId == signature.RecoveryId, "native and managed signatures agree");
            }
            return $"backend {Secp256k1.Backend.Name}; sign/recover" + (Secp256k1.Native is null ? " (native libsecp256k1 missing)" : ", native = managed");
        });
        yield return Run("transactions", () =>
        {
            byte[] key = Hex.Decode("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
            var transaction = new Transaction
            {
                Type = TransactionType.DynamicFee,
                ChainId = 1,
                Nonce = 7,
                MaxPriorityFeePerGas = 1_000_000_000UL,
                MaxFeePerGas = 30_000_000_000UL,
                GasLimit = 21_000,
                To = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
                Value = 1_000_000_000_000_000_000UL,
            }.Sign(key);
            Transaction decoded = TransactionDecoder.Decode(transaction.Encode());
            Expect(decoded.Hash == transaction.Hash, "EIP-1559 encode/decode keeps the hash");
            Expect(decoded.RecoverSender() == Secp256k1.AddressFromPrivateKey(key), "sender recovery");
            return "EIP-1559 sign, encode, decode, recover";
        });
        yield return Run("solidity abi", () =>
        {
            AbiFunction transfer = AbiFunction.Parse("transfer(address,uint256)");
            Expect(Hex.Encode(transfer.Selector.ToArray()) == "0xa9059cbb", "transfer selector");
            byte[] call = transfer.EncodeCall(Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), new UInt256(5));
            object?[] args = transfer.DecodeInput(call);
            Expect(args.Length == 2 && (UInt256)args[1]! == new UInt256(5), "call round trip");
            return "selector and call round trip";
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
