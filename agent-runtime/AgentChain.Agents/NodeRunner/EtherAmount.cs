using System.Globalization;
using System.Numerics;
using AgentChain.Core.Numerics;

namespace AgentChain.Agents.NodeRunner;

/// <summary>Ether amounts as people write them ("2", "0.5", "1.000000000000000001") and wei, exactly: decimal text, never floating point.</summary>
public static class EtherAmount
{
    private static readonly BigInteger WeiPerEther = BigInteger.Pow(10, 18);

    /// <summary>Parses a non-negative decimal ether amount with at most 18 fractional digits; false (with the reason) otherwise.</summary>
    public static bool TryParse(string text, out UInt256 wei, out string error)
    {
        wei = UInt256.Zero;
        error = "";
        string t = text.Trim();
        int dot = t.IndexOf('.');
        string whole = dot < 0 ? t : t[..dot];
        string fraction = dot < 0 ? "" : t[(dot + 1)..];
        if (whole.Length + fraction.Length == 0 || !(whole + fraction).All(char.IsAsciiDigit))
        {
            error = $"'{text}' is not an ether amount (digits with an optional '.', e.g. 2 or 0.5)";
            return false;
        }
        if (fraction.Length > 18)
        {
            error = $"'{text}' has more than 18 decimals (1 wei = 0.000000000000000001 ETH)";
            return false;
        }
        BigInteger value = BigInteger.Parse(whole.Length == 0 ? "0" : whole, CultureInfo.InvariantCulture) * WeiPerEther
            + BigInteger.Parse(fraction.PadRight(18, '0'), CultureInfo.InvariantCulture);
        if (value.GetBitLength() > 256)
        {
            error = $"'{text}' does not fit in 256 bits of wei";
            return false;
        }
        wei = UInt256.FromBigInteger(value);
        return true;
    }

    /// <summary>Wei as ether with only the decimals it needs ("2", "0.1", "0.000000000000000001").</summary>
    public static string Format(UInt256 wei)
    {
        BigInteger value = wei.ToBigInteger();
        BigInteger whole = BigInteger.DivRem(value, WeiPerEther, out BigInteger rest);
        if (rest.IsZero) return whole.ToString(CultureInfo.InvariantCulture);
        return whole.ToString(CultureInfo.InvariantCulture) + "." + rest.ToString(CultureInfo.InvariantCulture).PadLeft(18, '0').TrimEnd('0');
    }
}
