using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AgentChain.Core.Types;

namespace AgentChain.Evm.Interpreter;

/// <summary>
/// What the interpreter precomputes for a code, once per code hash (deployed code is analysed once however
/// often it is called; initcode, whose hash is unknown without hashing it, each time it runs):
/// <list type="bullet">
/// <item>valid JUMPDEST positions (a 0x5b byte that is not PUSH data), as a bitmap;</item>
/// <item>the basic blocks with their static gas and stack bounds (<see cref="BasicBlock"/>), so the dispatch
/// loop checks gas and stack once per block instead of once per instruction;</item>
/// <item>a zero-padded, pinned copy of the code, so instruction fetch and PUSH immediates need no bounds checks.</item>
/// </list>
/// </summary>
internal sealed unsafe class CodeAnalysis
{
    private const int CacheLimit = 4096;
    private static readonly ConcurrentDictionary<Hash256, CodeAnalysis> Cache = new();

    /// <summary>
    /// Zero bytes before the code: a PUSHn reads the 32 bytes that end at its last immediate byte and masks
    /// away what precedes the immediate, which may start before the code does.
    /// </summary>
    private const int FrontPadding = 32;

    /// <summary>Zero bytes after the code: a PUSH32 truncated by the end of code reads zeros (as the Yellow Paper says), and running off the end reads STOP.</summary>
    private const int BackPadding = 33;

    private readonly ulong[] _jumpDests;
    private readonly ulong[] _blockStarts;
    private readonly int[] _blocksBefore;
    private readonly BasicBlock[] _blocks;
    private readonly byte[] _padded;

    /// <summary>Length of the unpadded code.</summary>
    public readonly int Length;

    /// <summary>The first code byte inside the pinned, padded copy; valid from -32 to Length + 32.</summary>
    public readonly byte* Code;

    private CodeAnalysis(ReadOnlySpan<byte> code)
    {
        Length = code.Length;
        _padded = GC.AllocateArray<byte>(FrontPadding + code.Length + BackPadding, pinned: true);
        code.CopyTo(_padded.AsSpan(FrontPadding));
        Code = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_padded)) + FrontPadding;

        _jumpDests = new ulong[(code.Length + 63) / 64];
        // Position code.Length starts a block too: the implicit STOP after the last instruction.
        _blockStarts = new ulong[code.Length / 64 + 1];
        var blocks = new List<BasicBlock>();
        OpcodeInfo* info = InstructionTable.Info;

        int start = 0, height = 0, minStack = 0, maxGrowth = 0;
        long gas = 0;
        void Close(int next)
        {
            _blockStarts[start >> 6] |= 1UL << (start & 63);
            blocks.Add(new BasicBlock(gas, Math.Min(minStack, EvmStack.Limit + 1), Math.Min(maxGrowth, EvmStack.Limit + 1)));
            start = next;
            height = minStack = maxGrowth = 0;
            gas = 0;
        }

        for (int pc = 0; pc < code.Length; pc++)
        {
            byte op = code[pc];
            if (op == 0x5b)
            {
                _jumpDests[pc >> 6] |= 1UL << (pc & 63);
                if (pc != start) Close(pc);
            }
            OpcodeInfo* i = info + op;
            minStack = Math.Max(minStack, i->StackIn - height);
            maxGrowth = Math.Max(maxGrowth, height + i->StackGrowth);
            height += i->StackGrowth;
            gas += i->StaticGas;
            if (op is >= 0x60 and <= 0x7f) pc += op - 0x5f;
            if (i->EndsBlock) Close(Math.Min(pc + 1, code.Length));
        }
        // The last block: the one running into the end of code, or, after a block-ending instruction, the
        // empty block of the implicit STOP at code.Length.
        Close(code.Length);

        _blocks = blocks.ToArray();
        _blocksBefore = new int[_blockStarts.Length];
        for (int w = 1; w < _blockStarts.Length; w++)
            _blocksBefore[w] = _blocksBefore[w - 1] + BitOperations.PopCount(_blockStarts[w - 1]);
    }

    public bool IsJumpDest(long pc) => (ulong)pc < (ulong)_jumpDests.Length * 64 && (_jumpDests[pc >> 6] & (1UL << (int)(pc & 63))) != 0;

    private bool StartsBlock(int pc) => (_blockStarts[pc >> 6] & (1UL << (pc & 63))) != 0;

    /// <summary>
    /// The block that starts at <paramref name="pc"/>, which must be a block start (0, a JUMPDEST, the
    /// instruction after a block-ending one, or the end of code): its index is the number of block starts
    /// before it, read from the per-64-position counts and one popcount.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly BasicBlock BlockAt(int pc)
    {
        Debug.Assert(StartsBlock(pc), $"pc {pc} does not start a basic block");
        int word = pc >> 6;
        ulong below = _blockStarts[word] & ((1UL << (pc & 63)) - 1);
        return ref _blocks[_blocksBefore[word] + BitOperations.PopCount(below)];
    }

    /// <summary>Number of basic blocks (for tests).</summary>
    internal int BlockCount => _blocks.Length;

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
