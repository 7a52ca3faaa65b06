using System.Runtime.InteropServices;
using AgentChain.Evm.Instructions;

namespace AgentChain.Evm.Interpreter;

/// <summary>
/// The Cancun dispatch table: one function pointer and one <see cref="OpcodeInfo"/> per byte, built once.
/// Unassigned bytes are INVALID. Static gas and stack bounds are checked per basic block (see
/// <see cref="CodeAnalysis"/>); dynamic gas (memory, warm/cold, copies) is charged inside the opcodes.
/// </summary>
/// <remarks>
/// Blocks end at the halts and jumps, and also after every instruction that observes the gas left (GAS,
/// SSTORE's EIP-2200 stipend check, the CALL and CREATE family's EIP-150 63/64 rule): when it runs, exactly the
/// static gas of the instructions before it and its own has been charged, as with per-instruction charging,
/// so what it sees is unchanged. Charging a block up front can only make an exceptional halt happen earlier
/// in the same block, which has the same outcome (all gas consumed, the frame's changes reverted).
/// Such an instruction calls <see cref="ExecutionFrame.EnterBlock"/> for the block after it.
/// </remarks>
internal static unsafe class InstructionTable
{
    public static readonly delegate*<ExecutionFrame, void>* Functions;
    public static readonly OpcodeInfo* Info;

    static InstructionTable()
    {
        Functions = (delegate*<ExecutionFrame, void>*)NativeMemory.AllocZeroed(256, (nuint)sizeof(nint));
        Info = (OpcodeInfo*)NativeMemory.AllocZeroed(256, (nuint)sizeof(OpcodeInfo));
        for (int i = 0; i < 256; i++)
        {
            Functions[i] = &Control.Invalid;
            Info[i].EndsBlock = true;
        }

        Set(0x00, &Control.Stop, 0, 0, 0, EndsBlock);
        Set(0x01, &Arithmetic.Add, GasCosts.VeryLow, 2, 1);
        Set(0x02, &Arithmetic.Mul, GasCosts.Low, 2, 1);
        Set(0x03, &Arithmetic.Sub, GasCosts.VeryLow, 2, 1);
        Set(0x04, &Arithmetic.Div, GasCosts.Low, 2, 1);
        Set(0x05, &Arithmetic.SDiv, GasCosts.Low, 2, 1);
        Set(0x06, &Arithmetic.Mod, GasCosts.Low, 2, 1);
        Set(0x07, &Arithmetic.SMod, GasCosts.Low, 2, 1);
        Set(0x08, &Arithmetic.AddMod, GasCosts.Mid, 3, 1);
        Set(0x09, &Arithmetic.MulMod, GasCosts.Mid, 3, 1);
        Set(0x0a, &Arithmetic.Exp, GasCosts.Exp, 2, 1);
        Set(0x0b, &Arithmetic.SignExtend, GasCosts.Low, 2, 1);

        Set(0x10, &Bitwise.Lt, GasCosts.VeryLow, 2, 1);
        Set(0x11, &Bitwise.Gt, GasCosts.VeryLow, 2, 1);
        Set(0x12, &Bitwise.Slt, GasCosts.VeryLow, 2, 1);
        Set(0x13, &Bitwise.Sgt, GasCosts.VeryLow, 2, 1);
        Set(0x14, &Bitwise.Eq, GasCosts.VeryLow, 2, 1);
        Set(0x15, &Bitwise.IsZero, GasCosts.VeryLow, 1, 1);
        Set(0x16, &Bitwise.And, GasCosts.VeryLow, 2, 1);
        Set(0x17, &Bitwise.Or, GasCosts.VeryLow, 2, 1);
        Set(0x18, &Bitwise.Xor, GasCosts.VeryLow, 2, 1);
        Set(0x19, &Bitwise.Not, GasCosts.VeryLow, 1, 1);
        Set(0x1a, &Bitwise.Byte, GasCosts.VeryLow, 2, 1);
        Set(0x1b, &Bitwise.Shl, GasCosts.VeryLow, 2, 1);
        Set(0x1c, &Bitwise.Shr, GasCosts.VeryLow, 2, 1);
        Set(0x1d, &Bitwise.Sar, GasCosts.VeryLow, 2, 1);

        Set(0x20, &SystemOps.Keccak256, GasCosts.Keccak, 2, 1);

        Set(0x30, &SystemOps.Address, GasCosts.Base, 0, 1);
        Set(0x31, &Host.Balance, 0, 1, 1);
        Set(0x32, &TxInfo.Origin, GasCosts.Base, 0, 1);
        Set(0x33, &SystemOps.Caller, GasCosts.Base, 0, 1);
        Set(0x34, &SystemOps.CallValue, GasCosts.Base, 0, 1);
        Set(0x35, &SystemOps.CallDataLoad, GasCosts.VeryLow, 1, 1);
        Set(0x36, &SystemOps.CallDataSize, GasCosts.Base, 0, 1);
        Set(0x37, &SystemOps.CallDataCopy, GasCosts.VeryLow, 3, 0);
        Set(0x38, &SystemOps.CodeSize, GasCosts.Base, 0, 1);
        Set(0x39, &SystemOps.CodeCopy, GasCosts.VeryLow, 3, 0);
        Set(0x3a, &TxInfo.GasPrice, GasCosts.Base, 0, 1);
        Set(0x3b, &Host.ExtCodeSize, 0, 1, 1);
        Set(0x3c, &Host.ExtCodeCopy, 0, 4, 0);
        Set(0x3d, &SystemOps.ReturnDataSize, GasCosts.Base, 0, 1);
        Set(0x3e, &SystemOps.ReturnDataCopy, GasCosts.VeryLow, 3, 0);
        Set(0x3f, &Host.ExtCodeHash, 0, 1, 1);

        Set(0x40, &BlockInfo.BlockHash, GasCosts.BlockHash, 1, 1);
        Set(0x41, &BlockInfo.Coinbase, GasCosts.Base, 0, 1);
        Set(0x42, &BlockInfo.Timestamp, GasCosts.Base, 0, 1);
        Set(0x43, &BlockInfo.Number, GasCosts.Base, 0, 1);
        Set(0x44, &BlockInfo.PrevRandao, GasCosts.Base, 0, 1);
        Set(0x45, &BlockInfo.GasLimit, GasCosts.Base, 0, 1);
        Set(0x46, &BlockInfo.ChainId, GasCosts.Base, 0, 1);
        Set(0x47, &Host.SelfBalance, GasCosts.Low, 0, 1);
        Set(0x48, &BlockInfo.BaseFee, GasCosts.Base, 0, 1);
        Set(0x49, &TxInfo.BlobHash, GasCosts.VeryLow, 1, 1);
        Set(0x4a, &BlockInfo.BlobBaseFee, GasCosts.Base, 0, 1);

        Set(0x50, &Stack.Pop, GasCosts.Base, 1, 0);
        Set(0x51, &Memory.MLoad, GasCosts.VeryLow, 1, 1);
        Set(0x52, &Memory.MStore, GasCosts.VeryLow, 2, 0);
        Set(0x53, &Memory.MStore8, GasCosts.VeryLow, 2, 0);
        Set(0x54, &Host.SLoad, 0, 1, 1);
        Set(0x55, &Host.SStore, 0, 2, 0, EndsBlock);
        Set(0x56, &Control.Jump, GasCosts.Mid, 1, 0, EndsBlock);
        Set(0x57, &Control.JumpI, GasCosts.High, 2, 0, EndsBlock);
        Set(0x58, &Control.Pc, GasCosts.Base, 0, 1);
        Set(0x59, &Memory.MSize, GasCosts.Base, 0, 1);
        Set(0x5a, &SystemOps.Gas, GasCosts.Base, 0, 1, EndsBlock);
        Set(0x5b, &Control.JumpDest, GasCosts.JumpDest, 0, 0);
        Set(0x5c, &Host.TLoad, GasCosts.WarmAccess, 1, 1);
        Set(0x5d, &Host.TStore, GasCosts.WarmAccess, 2, 0);
        Set(0x5e, &Memory.MCopy, GasCosts.VeryLow, 3, 0);
        Set(0x5f, &Stack.Push0, GasCosts.Base, 0, 1);
        Set(0x60, &Stack.Push1, GasCosts.VeryLow, 0, 1);
        for (int n = 2; n <= 32; n++) Set(0x5f + n, &Stack.PushN, GasCosts.VeryLow, 0, 1);
        for (int n = 1; n <= 16; n++) Set(0x7f + n, &Stack.DupN, GasCosts.VeryLow, n, n + 1);
        for (int n = 1; n <= 16; n++) Set(0x8f + n, &Stack.SwapN, GasCosts.VeryLow, n + 1, n + 1);
        for (int n = 0; n <= 4; n++) Set(0xa0 + n, &Host.Log, GasCosts.Log, 2 + n, 0);

        Set(0xf0, &Contract.Create, GasCosts.Create, 3, 1, EndsBlock);
        Set(0xf1, &Contract.Call, 0, 7, 1, EndsBlock);
        Set(0xf2, &Contract.CallCode, 0, 7, 1, EndsBlock);
        Set(0xf3, &Control.Return, 0, 2, 0, EndsBlock);
        Set(0xf4, &Contract.DelegateCall, 0, 6, 1, EndsBlock);
        Set(0xf5, &Contract.Create2, GasCosts.Create, 4, 1, EndsBlock);
        Set(0xfa, &Contract.StaticCall, 0, 6, 1, EndsBlock);
        Set(0xfd, &Control.Revert, 0, 2, 0, EndsBlock);
        Set(0xff, &Host.SelfDestruct, GasCosts.SelfDestruct, 1, 0, EndsBlock);
    }

    private const bool EndsBlock = true;

    private static void Set(int opcode, delegate*<ExecutionFrame, void> function, long gas, int stackIn, int stackOut, bool endsBlock = false)
    {
        Functions[opcode] = function;
        Info[opcode] = new OpcodeInfo { StaticGas = gas, StackIn = stackIn, StackGrowth = stackOut - stackIn, EndsBlock = endsBlock };
    }
}
