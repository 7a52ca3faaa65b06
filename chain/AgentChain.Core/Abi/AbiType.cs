namespace AgentChain.Core.Abi;

/// <summary>
/// A Solidity ABI type, immutable and compared by its canonical name (the spelling selectors and event topics
/// hash: <c>uint256</c> not <c>uint</c>, tuples as <c>(T1,T2)</c>). Parse one with <see cref="Parse"/> or build
/// one with the factories. Every type knows whether it is dynamic and how many bytes its head takes.
/// <para>
/// Limits, so that a hostile ABI cannot make the codec exhaust memory or the stack: nesting depth at most
/// <see cref="MaxNestingDepth"/>, static size at most <see cref="MaxStaticSize"/> bytes.
/// </para>
/// </summary>
public sealed class AbiType : IEquatable<AbiType>
{
    /// <summary>Deepest nesting of arrays and tuples accepted; real contracts stay far below it.</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>Largest head of a static type, in bytes (16 MiB: far beyond any calldata or return data a block can carry).</summary>
    public const int MaxStaticSize = 1 << 24;

    private static readonly AbiType[] UIntTypes = Enumerable.Range(1, 32).Select(n => new AbiType(AbiTypeKind.UInt, 8 * n)).ToArray();
    private static readonly AbiType[] IntTypes = Enumerable.Range(1, 32).Select(n => new AbiType(AbiTypeKind.Int, 8 * n)).ToArray();
    private static readonly AbiType[] FixedBytesTypes = Enumerable.Range(1, 32).Select(n => new AbiType(AbiTypeKind.FixedBytes, n)).ToArray();

    public static AbiType UInt256 => UIntTypes[31];
    public static AbiType Int256 => IntTypes[31];
    public static AbiType Address { get; } = new(AbiTypeKind.Address, 0);
    public static AbiType Bool { get; } = new(AbiTypeKind.Bool, 0);
    public static AbiType Bytes { get; } = new(AbiTypeKind.Bytes, 0);
    public static AbiType String { get; } = new(AbiTypeKind.String, 0);
    public static AbiType Function { get; } = new(AbiTypeKind.Function, 24);
    public static AbiType Bytes32 => FixedBytesTypes[31];

    public AbiTypeKind Kind { get; }

    /// <summary>Bit width M of <c>uint&lt;M&gt;</c>/<c>int&lt;M&gt;</c>; 0 for other kinds.</summary>
    public int Bits { get; }

    /// <summary>M of <c>bytes&lt;M&gt;</c> (24 for <c>function</c>); 0 for other kinds.</summary>
    public int ByteCount { get; }

    /// <summary>k of <c>T[k]</c>; 0 for other kinds.</summary>
    public int ArrayLength { get; }

    /// <summary>T of <c>T[k]</c> and <c>T[]</c>; null for other kinds.</summary>
    public AbiType? ElementType { get; }

    /// <summary>Component types of a tuple; empty for other kinds.</summary>
    public IReadOnlyList<AbiType> Components { get; }

    /// <summary>The canonical spelling, as hashed into selectors and event topics.</summary>
    public string CanonicalName { get; }

    /// <summary>Dynamic per the spec: bytes, string, T[], and T[k] or tuples containing a dynamic type.</summary>
    public bool IsDynamic { get; }

    /// <summary>Bytes this type takes in its enclosing head: 32 (an offset) for dynamic types, the full static size otherwise.</summary>
    public int HeadSize { get; }

    /// <summary>
    /// For tuples and fixed arrays: the size of the head block of their own encoding (sum of component head sizes),
    /// which differs from <see cref="HeadSize"/> when the type is dynamic. 0 for other kinds.
    /// </summary>
    internal int InnerHeadSize { get; }

    /// <summary>Nesting depth: 0 for elementary types, 1 + the deepest child otherwise.</summary>
    public int Depth { get; }

    /// <summary>A value type in the Solidity sense (fits one 32-byte word, stored directly in event topics).</summary>
    public bool IsValueType => Kind is AbiTypeKind.UInt or AbiTypeKind.Int or AbiTypeKind.Address or AbiTypeKind.Bool
        or AbiTypeKind.FixedBytes or AbiTypeKind.Function;

    private AbiType(AbiTypeKind kind, int size)
    {
        Kind = kind;
        Components = [];
        switch (kind)
        {
            case AbiTypeKind.UInt: Bits = size; CanonicalName = "uint" + size; break;
            case AbiTypeKind.Int: Bits = size; CanonicalName = "int" + size; break;
            case AbiTypeKind.FixedBytes: ByteCount = size; CanonicalName = "bytes" + size; break;
            case AbiTypeKind.Function: ByteCount = 24; CanonicalName = "function"; break;
            case AbiTypeKind.Address: CanonicalName = "address"; break;
            case AbiTypeKind.Bool: CanonicalName = "bool"; break;
            case AbiTypeKind.Bytes: CanonicalName = "bytes"; break;
            case AbiTypeKind.String: CanonicalName = "string"; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an elementary kind");
        }
        IsDynamic = kind is AbiTypeKind.Bytes or AbiTypeKind.String;
        HeadSize = 32;
    }

    private AbiType(AbiType element, int? length)
    {
        ElementType = element;
        Components = [];
        Depth = element.Depth + 1;
        if (Depth > MaxNestingDepth)
            throw new AbiException($"type nesting deeper than {MaxNestingDepth} levels is not supported");
        if (length is int k)
        {
            Kind = AbiTypeKind.FixedArray;
            ArrayLength = k;
            CanonicalName = element.CanonicalName + "[" + k + "]";
            IsDynamic = element.IsDynamic;
            long inner = (long)k * element.HeadSize;
            if (inner > MaxStaticSize)
                throw new AbiException($"{CanonicalName} would take {inner} bytes of head; at most {MaxStaticSize} are supported");
            InnerHeadSize = (int)inner;
            HeadSize = IsDynamic ? 32 : InnerHeadSize;
        }
        else
        {
            Kind = AbiTypeKind.DynamicArray;
            CanonicalName = element.CanonicalName + "[]";
            IsDynamic = true;
            HeadSize = 32;
        }
    }

    private AbiType(AbiType[] components)
    {
        Kind = AbiTypeKind.Tuple;
        Components = components;
        Depth = 1 + (components.Length == 0 ? 0 : components.Max(c => c.Depth));
        if (Depth > MaxNestingDepth)
            throw new AbiException($"type nesting deeper than {MaxNestingDepth} levels is not supported");
        CanonicalName = "(" + string.Join(",", components.Select(c => c.CanonicalName)) + ")";
        IsDynamic = components.Any(c => c.IsDynamic);
        long inner = components.Sum(c => (long)c.HeadSize);
        if (inner > MaxStaticSize)
            throw new AbiException($"tuple would take {inner} bytes of head; at most {MaxStaticSize} are supported");
        InnerHeadSize = (int)inner;
        HeadSize = IsDynamic ? 32 : InnerHeadSize;
    }

    /// <summary><c>uint&lt;bits&gt;</c>; bits must be a multiple of 8 in 8..256.</summary>
    public static AbiType UInt(int bits) => UIntTypes[CheckBits(bits, "uint") / 8 - 1];

    /// <summary><c>int&lt;bits&gt;</c>; bits must be a multiple of 8 in 8..256.</summary>
    public static AbiType Int(int bits) => IntTypes[CheckBits(bits, "int") / 8 - 1];

    /// <summary><c>bytes&lt;count&gt;</c>, count in 1..32.</summary>
    public static AbiType FixedBytes(int count) =>
        count is >= 1 and <= 32 ? FixedBytesTypes[count - 1]
        : throw new AbiException($"bytes{count} is not a type: bytes<M> needs 1 <= M <= 32");

    /// <summary><c>element[]</c>.</summary>
    public static AbiType Array(AbiType element) => new(element ?? throw new ArgumentNullException(nameof(element)), null);

    /// <summary><c>element[length]</c>.</summary>
    public static AbiType FixedArray(AbiType element, int length) =>
        length >= 0 ? new(element ?? throw new ArgumentNullException(nameof(element)), length)
        : throw new AbiException($"fixed array length must not be negative, got {length}");

    /// <summary><c>(c1,c2,...)</c>.</summary>
    public static AbiType Tuple(params AbiType[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Any(c => c is null)) throw new ArgumentException("tuple components must not be null", nameof(components));
        return new((AbiType[])components.Clone());
    }

    /// <summary>
    /// Parses a type string: <c>uint8</c>..<c>uint256</c>, <c>uint</c>, the same for <c>int</c>, <c>address</c>,
    /// <c>bool</c>, <c>bytes1</c>..<c>bytes32</c>, <c>bytes</c>, <c>string</c>, <c>function</c>, tuples
    /// <c>(T1,T2)</c> (also spelled <c>tuple(T1,T2)</c>), and any of these followed by <c>[k]</c> or <c>[]</c>
    /// suffixes. Whitespace around tuple components is tolerated. Fixed-point types are not supported.
    /// </summary>
    public static AbiType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        parser.SkipSpace();
        AbiType type = parser.ParseType();
        parser.SkipSpace();
        if (!parser.AtEnd) throw parser.Error("unexpected text after the type");
        return type;
    }

    public static bool TryParse(string text, out AbiType? type)
    {
        try
        {
            type = Parse(text);
            return true;
        }
        catch (AbiException)
        {
            type = null;
            return false;
        }
    }

    private static int CheckBits(int bits, string name) =>
        bits is >= 8 and <= 256 && bits % 8 == 0 ? bits
        : throw new AbiException($"{name}{bits} is not a type: {name}<M> needs M a multiple of 8 in 8..256");

    public bool Equals(AbiType? other) => other is not null && CanonicalName == other.CanonicalName;
    public override bool Equals(object? obj) => obj is AbiType t && Equals(t);
    public override int GetHashCode() => CanonicalName.GetHashCode(StringComparison.Ordinal);
    public static bool operator ==(AbiType? a, AbiType? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(AbiType? a, AbiType? b) => !(a == b);

    public override string ToString() => CanonicalName;

    /// <summary>Recursive descent over the type grammar; positions in errors are 0-based character indices.</summary>
    private ref struct Parser(string text)
    {
        private readonly string _text = text;
        private int _pos;

        public readonly bool AtEnd => _pos >= _text.Length;

        public void SkipSpace()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
        }

        public readonly AbiException Error(string what) =>
            new($"invalid ABI type '{_text}': {what} at position {_pos}");

        public AbiType ParseType()
        {
            AbiType type = ParseBase();
            while (_pos < _text.Length && _text[_pos] == '[')
            {
                int close = _text.IndexOf(']', _pos);
                if (close < 0) throw Error("'[' without a matching ']'");
                ReadOnlySpan<char> digits = _text.AsSpan(_pos + 1, close - _pos - 1);
                if (digits.IsEmpty)
                {
                    type = Array(type);
                }
                else
                {
                    foreach (char c in digits)
                        if (c is < '0' or > '9') throw Error($"array length '{digits}' is not a decimal number");
                    if (digits.Length > 1 && digits[0] == '0') throw Error($"array length '{digits}' has a leading zero");
                    if (digits.Length > 9 || !int.TryParse(digits, out int length))
                        throw Error($"array length '{digits}' is too large");
                    type = FixedArray(type, length);
                }
                _pos = close + 1;
            }
            return type;
        }

        private AbiType ParseBase()
        {
            if (_pos < _text.Length && _text[_pos] == '(') return ParseTuple();
            int start = _pos;
            while (_pos < _text.Length && char.IsAsciiLetterOrDigit(_text[_pos])) _pos++;
            string word = _text[start.._pos];
            if (word == "tuple" && _pos < _text.Length && _text[_pos] == '(') return ParseTuple();
            if (word.Length == 0) throw Error("expected a type name");
            AbiType? elementary = Elementary(word);
            if (elementary is null)
            {
                _pos = start;
                throw Error(word.StartsWith("fixed", StringComparison.Ordinal) || word.StartsWith("ufixed", StringComparison.Ordinal)
                    ? $"fixed-point type '{word}' is not supported"
                    : $"unknown type '{word}'");
            }
            return elementary;
        }

        private AbiType ParseTuple()
        {
            _pos++; // '('
            var components = new List<AbiType>();
            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == ')')
            {
                _pos++;
                return new AbiType([]);
            }
            while (true)
            {
                SkipSpace();
                components.Add(ParseType());
                SkipSpace();
                if (_pos >= _text.Length) throw Error("tuple is missing its closing ')'");
                char c = _text[_pos++];
                if (c == ')') break;
                if (c != ',') { _pos--; throw Error($"expected ',' or ')' but found '{c}'"); }
            }
            return new AbiType(components.ToArray());
        }

        private static AbiType? Elementary(string word)
        {
            switch (word)
            {
                case "address": return Address;
                case "bool": return Bool;
                case "bytes": return Bytes;
                case "string": return String;
                case "function": return Function;
                case "uint": return UInt256;
                case "int": return Int256;
            }
            if (TrySuffix(word, "uint", out int m)) return m is >= 8 and <= 256 && m % 8 == 0 ? UIntTypes[m / 8 - 1] : null;
            if (TrySuffix(word, "int", out m)) return m is >= 8 and <= 256 && m % 8 == 0 ? IntTypes[m / 8 - 1] : null;
            if (TrySuffix(word, "bytes", out m)) return m is >= 1 and <= 32 ? FixedBytesTypes[m - 1] : null;
            return null;
        }

        private static bool TrySuffix(string word, string prefix, out int value)
        {
            value = 0;
            if (!word.StartsWith(prefix, StringComparison.Ordinal)) return false;
            ReadOnlySpan<char> digits = word.AsSpan(prefix.Length);
            if (digits.IsEmpty || digits.Length > 3 || digits[0] == '0') return false;
            foreach (char c in digits) if (c is < '0' or > '9') return false;
            value = int.Parse(digits);
            return true;
        }
    }
}
