using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;

namespace AgentChain.Core.Abi;

/// <summary>
/// Revert data (from eth_call, eth_estimateGas or a failed transaction) turned into something a person can read:
/// <c>Error(string)</c> messages, <c>Panic(uint256)</c> codes with their meaning, and custom errors by selector.
/// </summary>
public sealed class RevertReason
{
    private RevertReason(RevertKind kind, byte[] data, string message)
    {
        Kind = kind;
        Data = data;
        Message = message;
    }

    public RevertKind Kind { get; }

    /// <summary>The raw revert data.</summary>
    public byte[] Data { get; }

    /// <summary>The human-readable reason: the Error(string) text, the panic meaning, or the custom error with its arguments.</summary>
    public string Message { get; }

    /// <summary>The panic code, for <see cref="RevertKind.Panic"/>.</summary>
    public UInt256? PanicCode { get; private init; }

    /// <summary>The matched custom error (or <see cref="AbiError.ErrorString"/>/<see cref="AbiError.Panic"/>).</summary>
    public AbiError? Error { get; private init; }

    /// <summary>The decoded error arguments; empty when nothing was matched.</summary>
    public IReadOnlyList<object?> Arguments { get; private init; } = [];

    /// <summary>
    /// Recognises <paramref name="data"/>. Unknown selectors are not an error (Kind = Unrecognized), but data that
    /// carries a known selector and is malformed after it throws <see cref="AbiException"/>, since a contract that
    /// claims to send Error(string) and sends garbage is worth noticing.
    /// </summary>
    public static RevertReason Decode(ReadOnlySpan<byte> data, IEnumerable<AbiError>? customErrors = null)
    {
        byte[] raw = data.ToArray();
        if (data.IsEmpty) return new RevertReason(RevertKind.Empty, raw, "execution reverted without a reason");
        if (AbiError.ErrorString.Matches(data))
        {
            var args = AbiError.ErrorString.Decode(data);
            return new RevertReason(RevertKind.ErrorString, raw, (string)args[0]!) { Error = AbiError.ErrorString, Arguments = args };
        }
        if (AbiError.Panic.Matches(data))
        {
            var args = AbiError.Panic.Decode(data);
            var code = (UInt256)args[0]!;
            return new RevertReason(RevertKind.Panic, raw, $"panic 0x{code.ToHexQuantity()[2..].PadLeft(2, '0')}: {Abi.PanicCode.Describe(code)}")
            {
                Error = AbiError.Panic,
                Arguments = args,
                PanicCode = code,
            };
        }
        if (data.Length >= FunctionSelector.Length && customErrors is not null)
        {
            foreach (AbiError error in customErrors)
            {
                if (!error.Matches(data)) continue;
                var args = error.Decode(data);
                string rendered = string.Join(", ", error.Inputs.Select((p, i) =>
                    (p.Name.Length > 0 ? p.Name + "=" : "") + Render(args[i])));
                return new RevertReason(RevertKind.CustomError, raw, $"{error.Name}({rendered})") { Error = error, Arguments = args };
            }
        }
        string what = data.Length >= FunctionSelector.Length
            ? $"unrecognized revert data with selector {FunctionSelector.Read(data)}"
            : $"unrecognized revert data {Hex.Encode(data)}";
        return new RevertReason(RevertKind.Unrecognized, raw, what);
    }

    private static string Render(object? value) => value switch
    {
        null => "null",
        byte[] b => Hex.Encode(b),
        string s => "\"" + s + "\"",
        object?[] list => "[" + string.Join(", ", list.Select(Render)) + "]",
        Types.Address a => a.ToChecksumString(),
        _ => value.ToString() ?? "",
    };

    public override string ToString() => Message;
}
