using AgentChain.Attestation.Commitments;
using AgentChain.Attestation.DevTee;
using AgentChain.Attestation.Evidence;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Attestation.Tests;

public class CommitmentAndSignerTests
{
    private static readonly byte[] AgentKey = Convert.FromHexString("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private static readonly P256SigningKey DevPlatformKey = P256SigningKey.FromSeed("attestation-tests dev platform");

    internal static InferenceCommitment Sample() => new(
        ChainId: new UInt256(31337),
        AgentContract: Address.Parse("0x5fbdb2315678afecb367f032d7d20c7f1b8a8e57"),
        AgentId: new UInt256(7),
        Nonce: new UInt256(42),
        ModelHash: Keccak256.Hash("model"u8),
        RuntimeId: Keccak256.Hash("runtime"u8),
        InputHash: Keccak256.Hash("input"u8),
        OutputHash: Keccak256.Hash("output"u8));

    [Fact]
    public void DomainIsKeccakOfItsTag() =>
        Assert.Equal(Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes("AgentChain.InferenceCommitment.v1")), InferenceCommitment.Domain);

    [Fact]
    public void EncodingIsNineAbiWords()
    {
        byte[] encoded = Sample().Encode();
        Assert.Equal(9 * 32, encoded.Length);
        Assert.Equal(InferenceCommitment.Domain.ToArray(), encoded[..32]);
        Assert.Equal(31337, encoded[62] << 8 | encoded[63]);
        Assert.Equal(new byte[12], encoded[64..76]); // address left-padded
        Assert.Equal(Address.Parse("0x5fbdb2315678afecb367f032d7d20c7f1b8a8e57").ToArray(), encoded[76..96]);
    }

    /// <summary>
    /// Fixed vector, computed independently with ethers v6 (AbiCoder.encode + keccak256) over the same nine
    /// values; Solidity's keccak256(abi.encode(...)) gives the same word.
    /// </summary>
    [Fact]
    public void CommitmentVector()
    {
        Assert.Equal(Hash256.Parse("0x58ea98ca23041c6ce2bdbed1824f1b09456da60f9e17f27aaa2a9b59d9b3de8b"), InferenceCommitment.Domain);
        Assert.Equal(Hash256.Parse("0x62c2968b316d0d276b4fbb578bd1a89eb060b744db012bb4b942d8ac0b8e1819"), Sample().Hash());
    }

    [Fact]
    public void EveryFieldChangesTheHash()
    {
        var baseline = Sample();
        var variants = new[]
        {
            baseline with { ChainId = new UInt256(1) }, baseline with { AgentContract = Address.Zero },
            baseline with { AgentId = new UInt256(8) }, baseline with { Nonce = new UInt256(43) },
            baseline with { ModelHash = Hash256.Zero }, baseline with { RuntimeId = Hash256.Zero },
            baseline with { InputHash = Hash256.Zero }, baseline with { OutputHash = Hash256.Zero },
        };
        Assert.Equal(variants.Length + 1, variants.Select(v => v.Hash()).Append(baseline.Hash()).Distinct().Count());
    }

    [Fact]
    public void SignedCommitmentRoundTrip()
    {
        var evidence = new SignedCommitmentProvider(AgentKey).Attest(Sample());
        var verdict = new SignedCommitmentVerifier(Secp256k1.AddressFromPrivateKey(AgentKey)).Verify(evidence, Sample().Hash());
        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal(Secp256k1.AddressFromPrivateKey(AgentKey), verdict.Signer);
        Assert.False(verdict.Insecure);
    }

    [Fact]
    public void SignedCommitmentTamperingIsRejected()
    {
        var commitment = Sample();
        var evidence = new SignedCommitmentProvider(AgentKey).Attest(commitment);
        var verifier = new SignedCommitmentVerifier(Secp256k1.AddressFromPrivateKey(AgentKey));
        Assert.Equal(RejectionCode.SignerMismatch, verifier.Verify(evidence, (commitment with { Nonce = new UInt256(43) }).Hash()).Code);
        for (int i = 0; i < 65; i++)
        {
            byte[] tampered = (byte[])evidence.Payload.Clone();
            tampered[i] ^= 0x01;
            var verdict = verifier.Verify(evidence with { Payload = tampered }, commitment.Hash());
            Assert.False(verdict.IsValid, $"byte {i}");
            Assert.NotEqual("", verdict.Reason);
        }
        Assert.Equal(RejectionCode.Malformed, verifier.Verify(evidence with { Payload = evidence.Payload[..64] }, commitment.Hash()).Code);
        Assert.Equal(RejectionCode.SignerMismatch, new SignedCommitmentVerifier(Address.Zero).Verify(evidence, commitment.Hash()).Code);
    }

    [Fact]
    public void DevTeeRoundTripIsMarkedInsecureEverywhere()
    {
        var provider = new InsecureDevTeeProvider(DevPlatformKey, Keccak256.Hash("runtime"u8));
        var evidence = provider.Attest(Sample());
        Assert.Equal(EvidenceKind.InsecureDevTee, evidence.Kind);
        Assert.True(evidence.IsInsecure);
        Assert.StartsWith("AGENTCHAIN INSECURE-DEV", System.Text.Encoding.ASCII.GetString(evidence.Payload, 0, 32));
        InsecureDevTeeReport report = InsecureDevTeeReport.TryParse(evidence.Payload, out _)!;
        Assert.True(report.InsecureDev);
        Assert.Equal(Sample().ChainId, report.ChainId);
        Assert.Equal(Sample().Hash(), report.ReportData);

        (Hash256 x, Hash256 y) = provider.PlatformPublicKey;
        var verdict = new InsecureDevTeeVerifier(x, y).Verify(evidence, Sample().Hash());
        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.True(verdict.Insecure);
        Assert.Equal("INSECURE-DEV", verdict.TcbStatus);
        Assert.StartsWith("INSECURE-DEV", verdict.ToString());
        Assert.Equal(Sample().Hash(), verdict.Commitment);
    }

    /// <summary>
    /// The digest is the on-chain one (DevTeeReport.digest): sha256 over the 128 packed bytes DOMAIN ‖ chainId ‖
    /// measurement ‖ reportData, written out here by hand so a change on either side is caught.
    /// </summary>
    [Fact]
    public void DevTeeDigestIsTheOnChainPackedSha256()
    {
        Hash256 measurement = Keccak256.Hash("m"u8), reportData = Keccak256.Hash("r"u8);
        var packed = new byte[128];
        Keccak256.Hash("AgentChain.DevTeeReport.v1"u8).Bytes.CopyTo(packed);
        new UInt256(31337).ToBigEndian().CopyTo(packed, 32);
        measurement.Bytes.CopyTo(packed.AsSpan(64));
        reportData.Bytes.CopyTo(packed.AsSpan(96));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(packed), InsecureDevTeeReport.Digest(new UInt256(31337), measurement, reportData));
        // The on-chain evidence is abi.encode(measurement, r, s): three words.
        var report = new InsecureDevTeeProvider(DevPlatformKey, measurement).CreateReport(new UInt256(31337), reportData);
        byte[] onChain = report.OnChainEvidence();
        Assert.Equal(96, onChain.Length);
        Assert.Equal(measurement.ToArray(), onChain[..32]);
        Assert.Equal(report.R.ToArray(), onChain[32..64]);
        Assert.Equal(report.S.ToArray(), onChain[64..]);
        Assert.True(P256SigningKey.Verify(report.SigningDigest(), report.R, report.S, DevPlatformKey.X, DevPlatformKey.Y));
    }

    [Fact]
    public void DevTeeRejectionsAreStillMarkedInsecure()
    {
        var provider = new InsecureDevTeeProvider(DevPlatformKey, Keccak256.Hash("runtime"u8));
        var evidence = provider.Attest(Sample());
        var verifier = new InsecureDevTeeVerifier(DevPlatformKey.X, DevPlatformKey.Y);
        var wrongCommitment = verifier.Verify(evidence, Hash256.Zero);
        Assert.Equal(RejectionCode.CommitmentMismatch, wrongCommitment.Code);
        Assert.True(wrongCommitment.Insecure);
        Assert.StartsWith("INSECURE-DEV", wrongCommitment.ToString());
        for (int i = 0; i < evidence.Payload.Length; i += 3)
        {
            byte[] tampered = (byte[])evidence.Payload.Clone();
            tampered[i] ^= 0x80;
            var verdict = verifier.Verify(evidence with { Payload = tampered }, Sample().Hash());
            Assert.False(verdict.IsValid, $"byte {i}");
            Assert.True(verdict.Insecure, $"byte {i}");
        }
        P256SigningKey other = P256SigningKey.FromSeed("another platform");
        Assert.Equal(RejectionCode.SignatureInvalid, new InsecureDevTeeVerifier(other.X, other.Y).Verify(evidence, Sample().Hash()).Code);
        // A key that is not a curve point is refused, not thrown on.
        Assert.Equal(RejectionCode.SignatureInvalid, new InsecureDevTeeVerifier(Hash256.Zero, Hash256.Zero).Verify(evidence, Sample().Hash()).Code);
    }
}
