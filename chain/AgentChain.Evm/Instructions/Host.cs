using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm.Interpreter;
using AgentChain.State;

namespace AgentChain.Evm.Instructions;

/// <summary>Opcodes that ask the host: BALANCE, EXTCODE*, SELFBALANCE, SLOAD/SSTORE, TLOAD/TSTORE, LOG0–4, SELFDESTRUCT.</summary>
internal static class Host
{
    /// <summary>EIP-2929: the first touch of an account in a transaction costs 2600, later ones 100.</summary>
    private static bool ChargeAccountAccess(ExecutionFrame f, in Address address) =>
        f.UseGas(f.Host.WarmAccount(address) ? GasCosts.ColdAccountAccess : GasCosts.WarmAccess);

    public static void Balance(ExecutionFrame f)
    {
        ref UInt256 top = ref f.Stack.Top;
        Address address = AddressWord.To(top);
        if (!ChargeAccountAccess(f, address)) return;
        top = f.Host.GetBalance(address);
    }

    public static void SelfBalance(ExecutionFrame f) => f.Stack.PushSlot() = f.Host.GetBalance(f.Address);

    public static void ExtCodeSize(ExecutionFrame f)
    {
        ref UInt256 top = ref f.Stack.Top;
        Address address = AddressWord.To(top);
        if (!ChargeAccountAccess(f, address)) return;
        top = new UInt256((ulong)f.Host.GetCode(address).Length);
    }

    public static void ExtCodeHash(ExecutionFrame f)
    {
        ref UInt256 top = ref f.Stack.Top;
        Address address = AddressWord.To(top);
        if (!ChargeAccountAccess(f, address)) return;
        top = UInt256.FromBigEndian(f.Host.GetCodeHash(address).Bytes);
    }

    public static void ExtCodeCopy(ExecutionFrame f)
    {
        Address address = AddressWord.To(f.Stack.Pop());
        if (!ChargeAccountAccess(f, address)) return;
        SystemOps.CopyFrom(f, f.Host.GetCode(address));
    }

    public static void SLoad(ExecutionFrame f)
    {
        ref UInt256 top = ref f.Stack.Top;
        UInt256 value = f.Host.LoadStorage(f.Address, top, out bool wasCold);
        if (!f.UseGas(wasCold ? GasCosts.ColdSload : GasCosts.WarmAccess)) return;
        top = value;
    }

    /// <summary>
    /// SSTORE per EIP-2200 as repriced by EIP-2929 and EIP-3529: the cost and refund depend on the slot's
    /// value at transaction start (original), now (current) and the new value.
    /// </summary>
    public static void SStore(ExecutionFrame f)
    {
        if (f.IsStatic) { f.Status = FrameStatus.StaticViolation; return; }
        // EIP-2200: SSTORE must not run on the 2300 stipend alone.
        if (f.Gas <= GasCosts.SstoreSentry) { f.Status = FrameStatus.OutOfGasForSstoreSentry; return; }
        UInt256 slot = f.Stack.Pop();
        UInt256 value = f.Stack.Pop();
        StorageWrite w = f.Host.StoreStorage(f.Address, slot, value);
        long cost = w.WasCold ? GasCosts.ColdSload : 0;
        long refund = 0;
        if (w.Current == value)
        {
            cost += GasCosts.WarmAccess;
        }
        else if (w.Original == w.Current)
        {
            cost += w.Original.IsZero ? GasCosts.SstoreSet : GasCosts.SstoreReset;
            if (value.IsZero) refund += GasCosts.SstoreClearsRefund;
        }
        else
        {
            cost += GasCosts.WarmAccess;
            if (!w.Original.IsZero)
            {
                if (w.Current.IsZero) refund -= GasCosts.SstoreClearsRefund;
                else if (value.IsZero) refund += GasCosts.SstoreClearsRefund;
            }
            if (w.Original == value)
                refund += w.Original.IsZero ? GasCosts.SstoreSet - GasCosts.WarmAccess : GasCosts.SstoreReset - GasCosts.WarmAccess;
        }
        if (!f.UseGas(cost)) return;
        if (refund != 0) f.Host.AddRefund(refund);
        // SSTORE ends its block (the stipend check above reads the gas left); enter the next one.
        f.EnterNextBlock();
    }

    public static void TLoad(ExecutionFrame f)
    {
        ref UInt256 top = ref f.Stack.Top;
        top = f.Host.LoadTransient(f.Address, top);
    }

    public static void TStore(ExecutionFrame f)
    {
        if (f.IsStatic) { f.Status = FrameStatus.StaticViolation; return; }
        UInt256 slot = f.Stack.Pop();
        UInt256 value = f.Stack.Pop();
        f.Host.StoreTransient(f.Address, slot, value);
    }

    /// <summary>LOG0–LOG4: 375 + 375 per topic + 8 per data byte, plus memory expansion.</summary>
    public static void Log(ExecutionFrame f)
    {
        if (f.IsStatic) { f.Status = FrameStatus.StaticViolation; return; }
        int topicCount = f.Code[f.Pc - 1] - 0xa0;
        UInt256 offset = f.Stack.Pop();
        UInt256 length = f.Stack.Pop();
        if (!f.ExpandMemory(in offset, in length)) return;
        if (!f.UseGas(GasCosts.LogTopic * topicCount + GasCosts.LogData * (long)length.U0)) return;
        var topics = new Hash256[topicCount];
        Span<byte> bytes = stackalloc byte[32];
        for (int i = 0; i < topicCount; i++)
        {
            f.Stack.Pop().WriteBigEndian(bytes);
            topics[i] = new Hash256(bytes);
        }
        byte[] data = length.IsZero ? [] : f.Memory.Span((long)offset.U0, (long)length.U0).ToArray();
        f.Host.EmitLog(new LogEntry(f.Address, topics, data));
    }

    /// <summary>
    /// SELFDESTRUCT (EIP-6780 semantics, EIP-3529 without refund): 5000, +2600 for a cold beneficiary,
    /// +25000 when value moves to a dead account. Stops the frame.
    /// </summary>
    public static void SelfDestruct(ExecutionFrame f)
    {
        if (f.IsStatic) { f.Status = FrameStatus.StaticViolation; return; }
        Address beneficiary = AddressWord.To(f.Stack.Pop());
        long cost = f.Host.WarmAccount(beneficiary) ? GasCosts.ColdAccountAccess : 0;
        if (!f.Host.GetBalance(f.Address).IsZero && f.Host.IsDeadOrEmpty(beneficiary)) cost += GasCosts.NewAccount;
        if (!f.UseGas(cost)) return;
        f.Host.SelfDestruct(f.Address, beneficiary);
        f.Status = FrameStatus.Stop;
    }
}
