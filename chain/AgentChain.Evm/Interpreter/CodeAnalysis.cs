using System.Collections.Concurrent;
using AgentChain.Core.Types;

namespace AgentChain.Evm.Interpreter;

/// <summary>
/// Valid JUMPDEST positions of a code (a 0x5b byte that is not PUSH data), as a bitmap. Computed once per
/// code hash and cached: deployed code is analysed once however often it is called. Initcode (no hash
/// known without hashing it) is analysed each time, which costs about what hashing would.
/// </summary>
internal sealed class CodeAnalysis
{
    private const int CacheLimit = 4096;
    private static readonly ConcurrentDictionary<Hash256, CodeAnalysis> Cache = new();

    private readonly ulong[] _jumpDests;

    private CodeAnalysis(ReadOnlySpan<byte> code)
    {
        _jumpDests = new ulong[(code.Length + 63) / 64];
        for (int pc = 0; pc < code.Length; pc++)
        {
            byte op = code[pc];
            if (op == 0x5b) _jumpDests[pc >> 6] |= 1UL << (pc & 63);
            else if (op is >= 0x60 and <= 0x7f) pc += op - 0x5f;
        }
    }

    public bool IsJumpDest(long pc) => (ulong)pc < (ulong)_jumpDests.Length * 64 && (_jumpDests[pc >> 6] & (1UL << (int)(pc & 63))) != 0;

    public static CodeAnalysis Of(ReadOnlySpan<byte> code) => new(code);

    public static CodeAnalysis Of(in Hash256 codeHash, byte[] code)
    {
        if (Cache.TryGetValue(codeHash, out CodeAnalysis? analysis)) return analysis;
        analysis = new CodeAnalysis(code);
        if (Cache.Count >= CacheLimit) Cache.Clear();
        Cache[codeHash] = analysis;
        return analysis;
    }
}
