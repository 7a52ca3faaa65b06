using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;

namespace AgentChain.Core.Tests.Crypto;

public class Keccak256Tests
{
    [Theory]
    [InlineData("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("The quick brown fox jumps over the lazy dog", "0x4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")]
    [InlineData("transfer(address,uint256)", "0xa9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b")]
    public void KnownVectors(string input, string expected)
    {
        Assert.Equal(expected, Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(input)).ToString());
    }

    [Fact]
    public void IncrementalMatchesOneShotForEverySplitAroundTheRate()
    {
        var data = new byte[3 * Keccak256.RateBytes + 17];
        new Random(1).NextBytes(data);
        for (int length = 0; length <= data.Length; length += 1)
        {
            var expected = Keccak256.Hash(data.AsSpan(0, length));
            foreach (int split in new[] { 0, 1, length / 2, Math.Max(0, length - 1), length })
            {
                if (split > length) continue;
                var hasher = Keccak256.Create();
                hasher.Update(data.AsSpan(0, split));
                hasher.Update(data.AsSpan(split, length - split));
                Assert.Equal(expected, hasher.Finish());
            }
        }
    }

    [Fact]
    public void ByteAtATimeMatchesOneShot()
    {
        var data = new byte[1000];
        new Random(2).NextBytes(data);
        var hasher = Keccak256.Create();
        foreach (byte b in data) hasher.Update([b]);
        Assert.Equal(Keccak256.Hash(data), hasher.Finish());
    }

    [Fact]
    public void MillionAs()
    {
        // Keccak-256 of one million 'a' characters (a standard long-message vector).
        var data = new byte[1_000_000];
        Array.Fill(data, (byte)'a');
        Assert.Equal("0xfadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96", Keccak256.Hash(data).ToString());
    }

    [Fact]
    public void UpdateAfterFinishIsAnError()
    {
        var hasher = Keccak256.Create();
        hasher.Finish();
        Assert.Throws<InvalidOperationException>(() => hasher.Update([1]));
    }
}
