using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentChain.Node.Rpc;

/// <summary>
/// A request body made only of plain <c>eth_sendRawTransaction</c> requests, read straight from the UTF-8 bytes (no
/// JSON DOM): what wallets and load generators send most. <see cref="TryParse"/> accepts only the plain shape, and
/// only when the whole body is valid JSON: one object, or a batch of 1 to <c>maxBatch</c> objects, each with a
/// string <c>jsonrpc</c>, an optional number, string or null <c>id</c>, the method, and <c>params</c> holding one
/// unescaped "0x" hex string. Any other body (other methods, extra or repeated members, bad hex, malformed JSON)
/// is left to the general path, which produces every error response, so both paths answer a body the same way.
/// </summary>
internal sealed class RawTransactionBatch
{
    /// <summary>One request: its raw transaction and its id as written (a span of the body, or the unescaped string).</summary>
    public readonly record struct Item(byte[] Raw, bool HasId, JsonTokenType IdKind, int IdStart, int IdLength, string? IdString);

    private RawTransactionBatch(bool isArray, List<Item> items) => (IsArray, Items) = (isArray, items);

    /// <summary>Whether the body was a batch (an array) rather than a single request object.</summary>
    public bool IsArray { get; }

    public List<Item> Items { get; }

    public static bool TryParse(ReadOnlySpan<byte> body, int maxBatch, out RawTransactionBatch? batch)
    {
        batch = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read()) return false;
            var items = new List<Item>();
            bool isArray = reader.TokenType == JsonTokenType.StartArray;
            if (isArray)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    if (items.Count == maxBatch || !TryReadRequest(ref reader, out Item item)) return false;
                    items.Add(item);
                }
                if (reader.TokenType != JsonTokenType.EndArray || items.Count == 0) return false;
            }
            else
            {
                if (reader.TokenType != JsonTokenType.StartObject || !TryReadRequest(ref reader, out Item item)) return false;
                items.Add(item);
            }
            // Nothing but whitespace may follow (the reader throws on anything else).
            if (reader.Read()) return false;
            batch = new RawTransactionBatch(isArray, items);
            return true;
        }
        catch (JsonException)
        {
            return false;   // malformed JSON: the general path reports the parse error
        }
        catch (InvalidOperationException)
        {
            return false;   // e.g. an id string that is not valid UTF-8: the general path decides
        }
    }

    private static bool TryReadRequest(ref Utf8JsonReader reader, out Item item)
    {
        item = default;
        byte[]? raw = null;
        bool seenJsonRpc = false, seenMethod = false, hasId = false;
        JsonTokenType idKind = JsonTokenType.None;
        int idStart = 0, idLength = 0;
        string? idString = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("jsonrpc"u8))
            {
                if (seenJsonRpc || !reader.Read() || reader.TokenType != JsonTokenType.String) return false;
                seenJsonRpc = true;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                if (hasId || !reader.Read()) return false;
                hasId = true;
                idKind = reader.TokenType;
                switch (idKind)
                {
                    case JsonTokenType.Number:
                        idStart = (int)reader.TokenStartIndex;
                        idLength = reader.ValueSpan.Length;
                        break;
                    case JsonTokenType.String: idString = reader.GetString(); break;
                    case JsonTokenType.Null: break;
                    default: return false;
                }
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                if (seenMethod || !reader.Read() || reader.TokenType != JsonTokenType.String
                    || !reader.ValueTextEquals(EthRpcModule.SendRawTransactionMethod)) return false;
                seenMethod = true;
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                if (raw is not null || !reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return false;
                if (!TryDecodeHex(reader.ValueSpan, out raw)) return false;
                if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray) return false;
            }
            else return false;
        }
        if (reader.TokenType != JsonTokenType.EndObject || !seenJsonRpc || !seenMethod || raw is null) return false;
        item = new Item(raw, hasId, idKind, idStart, idLength, idString);
        return true;
    }

    /// <summary>"0x" (or "0X") and an even number of hex digits, as <see cref="RpcParams.ParseBytes"/> accepts them.</summary>
    private static bool TryDecodeHex(ReadOnlySpan<byte> text, out byte[]? bytes)
    {
        bytes = null;
        if (text.Length < 2 || text[0] != (byte)'0' || (text[1] | 0x20) != (byte)'x' || (text.Length & 1) != 0) return false;
        ReadOnlySpan<byte> digits = text[2..];
        var result = new byte[digits.Length / 2];
        if (Convert.FromHexString(digits, result, out _, out int written) != OperationStatus.Done || written != result.Length) return false;
        bytes = result;
        return true;
    }

    /// <summary>Writes item <paramref name="item"/>'s id exactly as the general path echoes it.</summary>
    public static void WriteId(Utf8JsonWriter writer, ReadOnlySpan<byte> body, in Item item)
    {
        switch (item.IdKind)
        {
            case JsonTokenType.Number: writer.WriteRawValue(body.Slice(item.IdStart, item.IdLength), skipInputValidation: true); break;
            case JsonTokenType.String: writer.WriteStringValue(item.IdString); break;
            default: writer.WriteNullValue(); break;
        }
    }

    /// <summary>The id as a DOM node, for error responses built by the general path's code.</summary>
    public static JsonNode? IdNode(ReadOnlySpan<byte> body, in Item item) => item.IdKind switch
    {
        JsonTokenType.Number => JsonNode.Parse(body.Slice(item.IdStart, item.IdLength)),
        JsonTokenType.String => JsonValue.Create(item.IdString),
        _ => null,
    };
}
