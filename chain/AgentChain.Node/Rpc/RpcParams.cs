using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Node.Rpc;

/// <summary>Reads positional JSON-RPC parameters strictly; any mismatch is a -32602 naming the parameter.</summary>
public sealed class RpcParams(JsonArray values)
{
    public int Count => values.Count;

    public JsonNode? this[int index] => index < values.Count ? values[index] : null;

    public bool Has(int index) => index < values.Count && values[index] is not null;

    public string String(int index, string name)
    {
        JsonNode? node = this[index] ?? throw RpcException.BadParams($"missing value for required argument {index} ({name})");
        if (node.GetValueKind() != JsonValueKind.String) throw RpcException.BadParams($"invalid argument {index} ({name}): expected a string, got {node.GetValueKind()}");
        return node.GetValue<string>();
    }

    public Address Address(int index, string name) => ParseAddress(String(index, name), $"argument {index} ({name})");
    public Hash256 Hash(int index, string name) => ParseHash(String(index, name), $"argument {index} ({name})");
    public byte[] Bytes(int index, string name) => ParseBytes(String(index, name), $"argument {index} ({name})");
    public UInt256 Quantity(int index, string name) => ParseQuantity(this[index], $"argument {index} ({name})");

    /// <summary>A quantity that may also be a JSON number (hardhat/anvil dev methods accept both).</summary>
    public ulong LenientU64(int index, string name) => ToU64(ParseQuantity(this[index], $"argument {index} ({name})", allowNumber: true), $"argument {index} ({name})");
    public ulong QuantityU64(int index, string name) => ToU64(Quantity(index, name), $"argument {index} ({name})");

    public bool Bool(int index, string name)
    {
        JsonNode? node = this[index];
        if (node is null) return false;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw RpcException.BadParams($"invalid argument {index} ({name}): expected a boolean"),
        };
    }

    public JsonObject Object(int index, string name) =>
        this[index] as JsonObject ?? throw RpcException.BadParams($"invalid argument {index} ({name}): expected an object");

    public static Address ParseAddress(string text, string what)
    {
        if (!Core.Types.Address.TryParse(text, out Address a) || !Hex.HasPrefix(text))
            throw RpcException.BadParams($"invalid {what}: '{Shorten(text)}' is not a 0x-prefixed 20-byte hex address");
        return a;
    }

    public static Hash256 ParseHash(string text, string what)
    {
        if (!Hex.HasPrefix(text) || !Hash256.TryParse(text, out Hash256 h))
            throw RpcException.BadParams($"invalid {what}: '{Shorten(text)}' is not a 0x-prefixed 32-byte hex hash");
        return h;
    }

    public static byte[] ParseBytes(string text, string what)
    {
        if (!Hex.HasPrefix(text)) throw RpcException.BadParams($"invalid {what}: hex string without 0x prefix");
        if (text.Length % 2 != 0) throw RpcException.BadParams($"invalid {what}: hex string of odd length");
        if (!Hex.TryDecode(text, out byte[] bytes)) throw RpcException.BadParams($"invalid {what}: not valid hex");
        return bytes;
    }

    public static UInt256 ParseQuantity(JsonNode? node, string what, bool allowNumber = false)
    {
        if (node is null) throw RpcException.BadParams($"missing value for {what}");
        if (allowNumber && node.GetValueKind() == JsonValueKind.Number)
        {
            if (node.AsValue().TryGetValue(out ulong n)) return new UInt256(n);
            throw RpcException.BadParams($"invalid {what}: expected a non-negative integer");
        }
        if (node.GetValueKind() != JsonValueKind.String) throw RpcException.BadParams($"invalid {what}: expected a hex quantity string");
        string text = node.GetValue<string>();
        if (!Hex.HasPrefix(text) || text.Length == 2)
            throw RpcException.BadParams($"invalid {what}: '{Shorten(text)}' is not a 0x-prefixed hex quantity");
        ReadOnlySpan<char> digits = text.AsSpan(2);
        if (digits.Length > 64) throw RpcException.BadParams($"invalid {what}: hex number > 256 bits");
        // geth's rule for quantities: no leading zeros, so one value has one spelling.
        if (digits.Length > 1 && digits[0] == '0') throw RpcException.BadParams($"invalid {what}: hex number with leading zero digits");
        foreach (char c in digits)
            if (!char.IsAsciiHexDigit(c)) throw RpcException.BadParams($"invalid {what}: '{Shorten(text)}' is not valid hex");
        return UInt256.Parse(text);
    }

    public static ulong ToU64(UInt256 value, string what) =>
        value.IsUInt64 ? value.U0 : throw RpcException.BadParams($"invalid {what}: hex number > 64 bits");

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    public static string Q(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
    public static string Q(UInt256 value) => value.ToHexQuantity();
    public static string D(ReadOnlySpan<byte> data) => Hex.Encode(data);
}
