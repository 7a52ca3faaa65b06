namespace AgentChain.Core.Abi;

/// <summary>
/// Anything wrong with ABI types, values or encoded data: an unparsable type string, a value that does not fit
/// its type, or encoded bytes that are malformed. <see cref="Path"/> says where (e.g. <c>order.items[3].amount</c>),
/// <see cref="Reason"/> says what; the message combines both so a log line alone is enough to find the fault.
/// Decoding never lets an <see cref="IndexOutOfRangeException"/> or <see cref="OutOfMemoryException"/> escape for bad
/// input: every such case is this exception.
/// </summary>
public sealed class AbiException : Exception
{
    public AbiException(string reason) : this(reason, "", null) { }

    public AbiException(string reason, Exception? inner) : this(reason, "", inner) { }

    private AbiException(string reason, string path, Exception? inner)
        : base(path.Length == 0 ? reason : $"{path}: {reason}", inner)
    {
        Reason = reason;
        Path = path;
    }

    /// <summary>What was wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>Where: parameter names and indices from the outermost value inwards; empty when not known.</summary>
    public string Path { get; }

    /// <summary>
    /// The same failure one level further out. Containers catch, prepend their own segment and rethrow, so
    /// the happy path never builds path strings.
    /// </summary>
    internal AbiException Within(string segment, string separator = ".")
    {
        string path = Path.Length == 0 ? segment
            : Path[0] == '[' || Path[0] == '.' ? segment + Path
            : segment + separator + Path;
        return new AbiException(Reason, path, InnerException);
    }
}
