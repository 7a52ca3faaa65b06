using System.Numerics;
using System.Text.Json;
using AgentChain.Core.Encoding;
using AgentChain.Core.Rlp;
using AgentChain.Core.Tests.Conformance;

namespace AgentChain.Core.Tests.Rlp;

/// <summary>ethereum/tests RLPTests: every valid case encodes to the expected bytes and decodes back; every invalid one is rejected.</summary>
public class RlpConformanceTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        string dir = EthereumTests.PathOf("RLPTests");
        foreach (string file in Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (JsonProperty test in doc.RootElement.EnumerateObject())
                data.Add(Path.GetRelativePath(dir, file), test.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string file, string name)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(EthereumTests.PathOf("RLPTests", file)));
        JsonElement test = doc.RootElement.GetProperty(name);
        JsonElement input = test.GetProperty("in");
        byte[] encoded = Hex.Decode(test.GetProperty("out").GetString()!);

        if (input.ValueKind == JsonValueKind.String && input.GetString() == "INVALID")
        {
            Assert.Throws<RlpException>(() => RlpItem.Decode(encoded));
            return;
        }
        RlpItem decoded = RlpItem.Decode(encoded);
        Assert.Equal(encoded, decoded.Encode());
        if (input.ValueKind == JsonValueKind.String && input.GetString() == "VALID") return;
        Assert.Equal(encoded, FromJson(input).Encode());
    }

    private static RlpItem FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => RlpItem.List(value.EnumerateArray().Select(FromJson).ToArray()),
        JsonValueKind.Number => RlpItem.String(Minimal(new BigInteger(value.GetUInt64()))),
        JsonValueKind.String when value.GetString()!.StartsWith('#') => RlpItem.String(Minimal(BigInteger.Parse(value.GetString()![1..]))),
        JsonValueKind.String => RlpItem.String(System.Text.Encoding.Latin1.GetBytes(value.GetString()!)),
        _ => throw new InvalidDataException($"unexpected JSON value {value.ValueKind} in RLP test"),
    };

    private static byte[] Minimal(BigInteger value) => value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
}
