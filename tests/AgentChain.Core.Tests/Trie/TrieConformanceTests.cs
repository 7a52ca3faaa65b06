using System.Text.Json;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Tests.Conformance;
using AgentChain.Core.Trie;

namespace AgentChain.Core.Tests.Trie;

/// <summary>ethereum/tests TrieTests: roots after ordered updates and deletions, any-order inserts, secure (hashed-key) tries, next/previous key.</summary>
public class TrieConformanceTests
{
    public static TheoryData<string, string> RootCases()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in Directory.EnumerateFiles(EthereumTests.PathOf("TrieTests"), "*.json").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) == "trietestnextprev.json") continue;
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (JsonProperty test in doc.RootElement.EnumerateObject()) data.Add(Path.GetFileName(file), test.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RootCases))]
    public void Root(string file, string name)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(EthereumTests.PathOf("TrieTests", file)));
        JsonElement test = doc.RootElement.GetProperty(name);
        bool secure = file.Contains("secureTrie", StringComparison.Ordinal) || file.Contains("securetrie", StringComparison.Ordinal);
        // In the hex-encoded file every key and value is hex; elsewhere a leading 0x marks hex and anything else is raw text.
        bool allHex = file.StartsWith("hex_encoded", StringComparison.Ordinal);

        var trie = new PatriciaTrie();
        JsonElement input = test.GetProperty("in");
        IEnumerable<(JsonElement Key, JsonElement Value)> updates = input.ValueKind == JsonValueKind.Array
            ? input.EnumerateArray().Select(pair => (pair[0], pair[1]))
            : input.EnumerateObject().Select(p => (JsonDocument.Parse(JsonSerializer.Serialize(p.Name)).RootElement, p.Value));
        foreach (var (keyJson, valueJson) in updates)
        {
            byte[] key = Bytes(keyJson, allHex);
            if (secure) key = Keccak256.Hash(key).ToArray();
            byte[] value = valueJson.ValueKind == JsonValueKind.Null ? [] : Bytes(valueJson, allHex);
            trie.Set(key, value);
        }
        Assert.Equal(test.GetProperty("root").GetString(), trie.RootHash.ToString());
    }

    [Fact]
    public void NextAndPrevious()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(EthereumTests.PathOf("TrieTests", "trietestnextprev.json")));
        int checkedCount = 0;
        foreach (JsonProperty test in doc.RootElement.EnumerateObject())
        {
            var trie = new PatriciaTrie();
            foreach (JsonElement key in test.Value.GetProperty("in").EnumerateArray())
            {
                byte[] bytes = Bytes(key, false);
                trie.Set(bytes, bytes);
            }
            foreach (JsonElement row in test.Value.GetProperty("tests").EnumerateArray())
            {
                byte[] probe = Bytes(row[0], false);
                Assert.Equal(row[1].GetString(), Text(trie.PreviousKey(probe)));
                Assert.Equal(row[2].GetString(), Text(trie.NextKey(probe)));
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 0);
    }

    private static string Text(byte[]? key) => key is null ? "" : System.Text.Encoding.Latin1.GetString(key);

    private static byte[] Bytes(JsonElement value, bool allHex)
    {
        string text = value.GetString()!;
        return allHex || text.StartsWith("0x", StringComparison.Ordinal) ? Hex.Decode(text) : System.Text.Encoding.Latin1.GetBytes(text);
    }
}
