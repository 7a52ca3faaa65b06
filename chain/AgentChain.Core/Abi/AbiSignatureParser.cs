namespace AgentChain.Core.Abi;

/// <summary>
/// Human-readable signatures, as developers write them and ethers/viem accept them:
/// <c>transfer(address,uint256)</c>, <c>function balanceOf(address owner) view returns (uint256)</c>,
/// <c>event Transfer(address indexed from, address indexed to, uint256 value)</c>,
/// <c>error InsufficientBalance(uint256 available, uint256 required)</c>. Parameters may carry names, data
/// locations (ignored) and, for events, <c>indexed</c>; tuples may be written <c>(T a, U b)</c> or <c>tuple(...)</c>.
/// </summary>
internal static class AbiSignatureParser
{
    internal sealed record Parsed(
        string Keyword,
        string Name,
        IReadOnlyList<AbiParameter> Inputs,
        IReadOnlyList<AbiParameter> Outputs,
        StateMutability StateMutability,
        bool Anonymous);

    internal static Parsed Parse(string signature, string expectedKeyword)
    {
        ArgumentNullException.ThrowIfNull(signature);
        string text = signature.Trim();
        string keyword = "";
        foreach (string k in new[] { "function", "event", "error", "constructor" })
        {
            if (text.StartsWith(k, StringComparison.Ordinal) && (text.Length == k.Length || !IsIdentifierChar(text[k.Length])))
            {
                keyword = k;
                text = text[k.Length..].TrimStart();
                break;
            }
        }
        if (keyword.Length > 0 && keyword != expectedKeyword)
            throw Error(signature, $"expected {Article(expectedKeyword)} signature, found '{keyword}'");

        int open = text.IndexOf('(');
        if (open < 0) throw Error(signature, "missing '('");
        string name = text[..open].Trim();
        if (expectedKeyword == "constructor" ? name.Length != 0 : !IsIdentifier(name))
            throw Error(signature, name.Length == 0 ? "missing name" : $"'{name}' is not a valid name");
        int close = MatchingParen(text, open, signature);
        var inputs = ParseList(text[(open + 1)..close], signature, allowIndexed: expectedKeyword == "event");

        var outputs = (IReadOnlyList<AbiParameter>)[];
        var mutability = StateMutability.NonPayable;
        bool anonymous = false;
        string rest = text[(close + 1)..].Trim();
        while (rest.Length > 0)
        {
            int end = 0;
            while (end < rest.Length && IsIdentifierChar(rest[end])) end++;
            string word = rest[..end];
            rest = rest[end..].TrimStart();
            switch (word)
            {
                case "returns" when expectedKeyword == "function" && rest.StartsWith('('):
                    int r = MatchingParen(rest, 0, signature);
                    outputs = ParseList(rest[1..r], signature, allowIndexed: false);
                    rest = rest[(r + 1)..].TrimStart();
                    break;
                case "view": mutability = StateMutability.View; break;
                case "pure": mutability = StateMutability.Pure; break;
                case "payable": mutability = StateMutability.Payable; break;
                case "nonpayable": mutability = StateMutability.NonPayable; break;
                case "external" or "public": break;
                case "anonymous" when expectedKeyword == "event": anonymous = true; break;
                default:
                    throw Error(signature, word.Length == 0 ? $"unexpected '{rest[0]}'" : $"unexpected '{word}'");
            }
        }
        return new Parsed(keyword, name, inputs, outputs, mutability, anonymous);
    }

    private static IReadOnlyList<AbiParameter> ParseList(string text, string signature, bool allowIndexed)
    {
        var parameters = new List<AbiParameter>();
        if (text.Trim().Length == 0) return parameters;
        int depth = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                parameters.Add(ParseParameter(text[start..i].Trim(), signature, allowIndexed));
                start = i + 1;
            }
            else if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
        }
        return parameters;
    }

    private static AbiParameter ParseParameter(string text, string signature, bool allowIndexed)
    {
        if (text.Length == 0) throw Error(signature, "empty parameter");
        AbiType type;
        IReadOnlyList<AbiParameter> components = [];
        int pos;
        bool tuple = text.StartsWith('(') || (text.StartsWith("tuple", StringComparison.Ordinal) && text[5..].TrimStart().StartsWith('('));
        if (tuple)
        {
            int open = text.IndexOf('(');
            int close = MatchingParen(text, open, signature);
            components = ParseList(text[(open + 1)..close], signature, allowIndexed: false);
            pos = close + 1;
            while (pos < text.Length && text[pos] == '[')
            {
                int end = text.IndexOf(']', pos);
                if (end < 0) throw Error(signature, "'[' without ']'");
                pos = end + 1;
            }
            string tupleName = "(" + string.Join(",", components.Select(c => c.Type.CanonicalName)) + ")";
            type = ParseType(tupleName + text[(close + 1)..pos], signature);
        }
        else
        {
            pos = 0;
            while (pos < text.Length && !char.IsWhiteSpace(text[pos])) pos++;
            type = ParseType(text[..pos], signature);
        }

        bool indexed = false;
        string name = "";
        foreach (string word in text[pos..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == "indexed")
            {
                if (!allowIndexed || indexed) throw Error(signature, $"unexpected 'indexed' in parameter '{text}' (only event parameters can be indexed, once)");
                indexed = true;
            }
            else if (word is "memory" or "calldata" or "storage") continue;
            else if (name.Length == 0 && IsIdentifier(word)) name = word;
            else throw Error(signature, $"unexpected '{word}' in parameter '{text}'");
        }
        return new AbiParameter(name, type, indexed) { Components = components };
    }

    private static AbiType ParseType(string text, string signature)
    {
        try
        {
            return AbiType.Parse(text);
        }
        catch (AbiException e)
        {
            throw new AbiException($"invalid signature '{signature}': {e.Reason}", e);
        }
    }

    private static int MatchingParen(string text, int open, string signature)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0) return i;
        }
        throw Error(signature, "unbalanced parentheses");
    }

    internal static bool IsIdentifier(string s) =>
        s.Length > 0 && !char.IsAsciiDigit(s[0]) && s.All(IsIdentifierChar);

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$';

    private static string Article(string word) => word is "event" or "error" ? "an " + word : "a " + word;

    private static AbiException Error(string signature, string what) => new($"invalid signature '{signature}': {what}");
}
