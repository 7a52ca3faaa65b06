using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Transactions;

public class TransactionTests
{
    private static readonly byte[] Key = Hex.Decode("0x4646464646464646464646464646464646464646464646464646464646464646");
    private static readonly Address KeyAddress = Address.Parse("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F");
    private static readonly Address Recipient = Address.Parse("0x3535353535353535353535353535353535353535");

    private static Transaction Eip155Example() => new()
    {
        Type = TransactionType.Legacy, ChainId = 1, Nonce = 9, GasPrice = 20_000_000_000UL, GasLimit = 21_000,
        To = Recipient, Value = 1_000_000_000_000_000_000UL,
    };

    [Fact]
    public void Eip155ExampleSigningPayloadHashAndSignature()
    {
        Transaction unsigned = Eip155Example();
        Assert.Equal("0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080",
            Hex.Encode(TransactionEncoder.EncodeForSigning(unsigned)));
        Assert.Equal(Hash256.Parse("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"), unsigned.SigningHash());

        Transaction signed = unsigned.Sign(Key);
        Assert.Equal((UInt256)37UL, signed.V);
        Assert.Equal(UInt256.Parse("18515461264373351373200002665853028612451056578545711640558177340181847433846"), signed.Signature!.Value.R);
        Assert.Equal(UInt256.Parse("46948507304638947509940763649030358759909902576025900602547168820602576006531"), signed.Signature!.Value.S);
        Assert.Equal(KeyAddress, signed.RecoverSender());

        Transaction decoded = TransactionDecoder.Decode(signed.Encode());
        Assert.Equal(1UL, decoded.ChainId);
        Assert.Equal(signed.Hash, decoded.Hash);
        Assert.Equal(KeyAddress, TransactionValidator.ValidateAndRecoverSender(decoded, 1));
    }

    public static TheoryData<string> Kinds => new() { "legacy", "eip155", "eip2930", "eip1559", "eip4844", "create" };

    private static Transaction Build(string kind)
    {
        var accessList = new List<AccessListItem>
        {
            new(Recipient, [Hash256.Zero, Keccak256.Hash("slot"u8)]),
            new(Address.Parse("0x00000000000000000000000000000000000000ff"), []),
        };
        byte[] data = [0, 0, 1, 2, 0, 0xff];
        return kind switch
        {
            "legacy" => new Transaction { Type = TransactionType.Legacy, Nonce = 1, GasPrice = 7UL, GasLimit = 50_000, To = Recipient, Value = 3UL, Data = data },
            "eip155" => new Transaction { Type = TransactionType.Legacy, ChainId = 1, Nonce = 2, GasPrice = 7UL, GasLimit = 50_000, To = Recipient, Data = data },
            "eip2930" => new Transaction
            {
                Type = TransactionType.AccessList, ChainId = 1, Nonce = 3, GasPrice = 9UL, GasLimit = 60_000, To = Recipient,
                Value = UInt256.MaxValue, Data = data, AccessList = accessList,
            },
            "eip1559" => new Transaction
            {
                Type = TransactionType.DynamicFee, ChainId = 1, Nonce = 4, MaxPriorityFeePerGas = 2UL, MaxFeePerGas = 100UL, GasLimit = 60_000,
                To = Recipient, Value = 5UL, Data = data, AccessList = accessList,
            },
            "eip4844" => new Transaction
            {
                Type = TransactionType.Blob, ChainId = 1, Nonce = 5, MaxPriorityFeePerGas = 2UL, MaxFeePerGas = 100UL, GasLimit = 60_000,
                To = Recipient, Data = data, AccessList = accessList, MaxFeePerBlobGas = 10UL,
                BlobVersionedHashes = [VersionedHash(0x01, 1), VersionedHash(0x01, 2)],
            },
            "create" => new Transaction
            {
                Type = TransactionType.DynamicFee, ChainId = 1, Nonce = 0, MaxFeePerGas = 100UL, GasLimit = 100_000, To = null,
                Data = new byte[100],
            },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static Hash256 VersionedHash(byte version, byte tag)
    {
        var bytes = new byte[32];
        bytes[0] = version;
        bytes[31] = tag;
        return new Hash256(bytes);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SignEncodeDecodeRecoverRoundTrips(string kind)
    {
        Transaction signed = Build(kind).Sign(Key);
        byte[] encoded = signed.Encode();
        if (signed.Type != TransactionType.Legacy) Assert.Equal((byte)signed.Type, encoded[0]);
        else Assert.True(encoded[0] >= 0xC0);

        Transaction decoded = TransactionDecoder.Decode(encoded);
        Assert.Equal(encoded, decoded.Encode());
        Assert.Equal(Keccak256.Hash(encoded), decoded.Hash);
        Assert.Equal(signed.Hash, decoded.Hash);
        Assert.Equal(signed.SigningHash(), decoded.SigningHash());
        Assert.Equal(signed.Type, decoded.Type);
        Assert.Equal(signed.ChainId, decoded.ChainId);
        Assert.Equal(signed.To, decoded.To);
        Assert.Equal(signed.Value, decoded.Value);
        Assert.Equal(signed.AccessList.Count, decoded.AccessList.Count);
        Assert.Equal(signed.BlobVersionedHashes, decoded.BlobVersionedHashes);
        Assert.Equal(KeyAddress, TransactionValidator.ValidateAndRecoverSender(decoded, 1));
    }

    [Fact]
    public void PreEip155LegacyHasV27Or28AndNoChainId()
    {
        Transaction signed = Build("legacy").Sign(Key);
        Assert.Null(signed.ChainId);
        Assert.True(signed.V == 27UL || signed.V == 28UL);
        Assert.Null(TransactionDecoder.Decode(signed.Encode()).ChainId);
    }

    [Fact]
    public void IntrinsicGasFollowsCancunRules()
    {
        // 21000 + 2·4 zero + 4·16 non-zero... data [0,0,1,2,0,0xff]: 3 zeros, 3 non-zero.
        Assert.Equal(21_000UL + 3 * 4 + 3 * 16, IntrinsicGas.Calculate(Build("legacy")));
        // Access list: 2 addresses, 2 keys.
        Assert.Equal(21_000UL + 3 * 4 + 3 * 16 + 2 * 2_400 + 2 * 1_900, IntrinsicGas.Calculate(Build("eip1559")));
        // Creation: +32000, 100 zero bytes, EIP-3860 2 gas × 4 words.
        Assert.Equal(21_000UL + 32_000 + 100 * 4 + 2 * 4, IntrinsicGas.Calculate(Build("create")));
    }

    private static InvalidTransactionException Invalid(Transaction tx, ulong chainId = 1) =>
        Assert.Throws<InvalidTransactionException>(() => TransactionValidator.Validate(tx, chainId));

    private static Transaction With(Transaction tx, Func<Transaction, Transaction> change) => change(tx);

    [Fact]
    public void ChainIdMismatchIsRejected()
    {
        Assert.Contains("chain id mismatch", Invalid(Build("eip1559").Sign(Key), chainId: 5).Message);
        Assert.Contains("chain id mismatch", Invalid(Build("eip155").Sign(Key), chainId: 5).Message);
        TransactionValidator.Validate(Build("legacy").Sign(Key), 5); // pre-EIP-155 is valid on any chain
    }

    [Fact]
    public void HighSAndOutOfRangeRAndSAreRejected()
    {
        Transaction signed = Build("eip1559").Sign(Key);
        Secp256k1Signature sig = signed.Signature!.Value;
        UInt256 highS = Crypto.Secp256k1Tests.Subtract(Secp256k1Signature.CurveOrder, sig.S);
        Assert.Contains("EIP-2", Invalid(signed.WithSignature(new Secp256k1Signature(sig.R, highS, sig.RecoveryId ^ 1))).Message);
        Assert.Contains("r must be", Invalid(signed.WithSignature(new Secp256k1Signature(UInt256.Zero, sig.S, 0))).Message);
        Assert.Contains("r must be", Invalid(signed.WithSignature(new Secp256k1Signature(Secp256k1Signature.CurveOrder, sig.S, 0))).Message);
        Assert.Contains("s must be", Invalid(signed.WithSignature(new Secp256k1Signature(sig.R, UInt256.Zero, 0))).Message);
        Assert.Throws<SignatureException>(() => signed.WithSignature(new Secp256k1Signature(sig.R, sig.S, 2)));
    }

    [Fact]
    public void FeeNonceAndGasRulesAreEnforced()
    {
        Transaction tx = Build("eip1559");
        Assert.Contains("priority fee", Invalid(new Transaction
        {
            Type = tx.Type, ChainId = 1, MaxPriorityFeePerGas = 101UL, MaxFeePerGas = 100UL, GasLimit = 60_000, To = Recipient,
        }.Sign(Key)).Message);
        Assert.Contains("EIP-2681", Invalid(new Transaction
        {
            Type = tx.Type, ChainId = 1, Nonce = ulong.MaxValue, MaxFeePerGas = 1UL, GasLimit = 60_000, To = Recipient,
        }.Sign(Key)).Message);
        Assert.Contains("intrinsic gas", Invalid(new Transaction
        {
            Type = tx.Type, ChainId = 1, MaxFeePerGas = 1UL, GasLimit = 20_999, To = Recipient,
        }.Sign(Key)).Message);
        Assert.Contains("exceeds 2^256", Invalid(new Transaction
        {
            Type = TransactionType.Legacy, ChainId = 1, GasPrice = UInt256.MaxValue, GasLimit = 21_000, To = Recipient,
        }.Sign(Key)).Message);
        Assert.Contains("EIP-3860", Invalid(new Transaction
        {
            Type = tx.Type, ChainId = 1, MaxFeePerGas = 1UL, GasLimit = 30_000_000, To = null, Data = new byte[IntrinsicGas.MaxInitCodeSize + 1],
        }.Sign(Key)).Message);
        Assert.Contains("not signed", Invalid(tx).Message);
    }

    [Fact]
    public void BlobRulesAreEnforced()
    {
        Transaction blob = Build("eip4844");
        Transaction Variant(IReadOnlyList<Hash256> hashes, Address? to) => new Transaction
        {
            Type = TransactionType.Blob, ChainId = 1, MaxFeePerGas = 100UL, GasLimit = 60_000, To = to, MaxFeePerBlobGas = 1UL,
            BlobVersionedHashes = hashes,
        }.Sign(Key);
        Assert.Contains("at least one", Invalid(Variant([], Recipient)).Message);
        Assert.Contains("0x01", Invalid(Variant([VersionedHash(0x02, 1)], Recipient)).Message);
        Assert.Contains("cannot create", Invalid(Variant([VersionedHash(0x01, 1)], null)).Message);
        Assert.Contains("blobs exceed", Invalid(Variant(Enumerable.Range(0, 7).Select(i => VersionedHash(0x01, (byte)i)).ToList(), Recipient)).Message);
        TransactionValidator.Validate(blob.Sign(Key), 1);
    }

    [Fact]
    public void BlobCreationIsRejectedWhenDecoding()
    {
        // Hand-encode a type-3 payload with an empty 'to': the encoder itself refuses nothing, the decoder must.
        var writer = new RlpWriter();
        writer.WriteEncoded([0x03]);
        int list = writer.BeginList();
        writer.WriteUInt64(1); writer.WriteUInt64(0); writer.WriteUInt64(1); writer.WriteUInt64(1); writer.WriteUInt64(21_000);
        writer.WriteBytes([]); writer.WriteUInt64(0); writer.WriteBytes([]);
        writer.EndList(writer.BeginList());
        writer.WriteUInt64(1);
        int hashes = writer.BeginList(); writer.WriteHash(VersionedHash(1, 1)); writer.EndList(hashes);
        writer.WriteUInt64(0); writer.WriteUInt64(1); writer.WriteUInt64(1);
        writer.EndList(list);
        var e = Assert.Throws<InvalidTransactionException>(() => TransactionDecoder.Decode(writer.ToArray()));
        Assert.Contains("cannot create", e.Message);
    }

    [Theory]
    [InlineData("0x", "empty")]
    [InlineData("0x04c0", "not supported")]
    [InlineData("0x7f", "not supported")]
    [InlineData("0x80", "byte string")]
    [InlineData("0x02", "no payload")]
    [InlineData("0x0280", "must be an RLP list")]
    [InlineData("0xc0", "too few fields")]
    public void MalformedEnvelopesAreRejectedWithTypedExceptions(string hex, string expected)
    {
        var e = Assert.ThrowsAny<Exception>(() => TransactionDecoder.Decode(Hex.Decode(hex)));
        Assert.True(e is InvalidTransactionException or RlpException, e.GetType().Name);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TypedYParityAboveOneIsRejected()
    {
        byte[] encoded = Build("eip1559").Sign(Key).Encode();
        // The y parity sits just before the two 33-byte r and s items; make it 2.
        int yIndex = encoded.Length - 2 * 33 - 1;
        Assert.True(encoded[yIndex] is 0x80 or 0x01);
        encoded[yIndex] = 0x02;
        Assert.Contains("y parity", Assert.Throws<InvalidTransactionException>(() => TransactionDecoder.Decode(encoded)).Message);
    }
}
