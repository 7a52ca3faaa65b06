using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Types;
using AgentChain.Evm.Interpreter;
using AgentChain.Evm.Precompiles;
using AgentChain.Evm.Tracing;
using AgentChain.State;

namespace AgentChain.Evm;

/// <summary>
/// Runs messages against a <see cref="WorldState"/>: the <see cref="IHost"/> every frame of one transaction
/// talks to. Owns the call/create rules: depth limit, value transfer, precompiles, snapshots and rollback,
/// CREATE/CREATE2 addressing and collisions, and the EIP-170/EIP-3541 checks on deployed code.
/// </summary>
public sealed class EvmHost : IHost
{
    private readonly WorldState _state;
    private readonly PrecompileSet _precompiles;
    // Why the last failing frame failed, in geth's words; set on failure paths only, read only by tracing.
    private string _failure = "";

    public EvmHost(WorldState state, BlockEnvironment block, TransactionEnvironment transaction, PrecompileSet precompiles)
    {
        _state = state;
        Block = block;
        Transaction = transaction;
        _precompiles = precompiles;
    }

    public BlockEnvironment Block { get; }

    /// <summary>Wall-clock bound for the whole transaction (tools and conformance runs); null means none.</summary>
    public DateTime? Deadline { get; set; }

    public void CheckDeadline()
    {
        if (Deadline is { } deadline && DateTime.UtcNow > deadline)
            throw new TimeoutException("execution exceeded its wall-clock bound");
    }
    public TransactionEnvironment Transaction { get; }

    /// <summary>Frame-level tracer (debug_traceTransaction); null on every production path.</summary>
    public ICallFrameTracer? Tracer { get; init; }

    /// <summary>
    /// True once this transaction touched one of Cancun's precompile addresses (0x01–0x0a) that the
    /// configured set does not implement: its result cannot match Ethereum's. A diagnostic for conformance runs.
    /// </summary>
    public bool TouchedUnavailablePrecompile { get; private set; }

    private void NoteAccess(in Address address)
    {
        ReadOnlySpan<byte> b = address.Bytes;
        if (b[19] is >= 1 and <= 10 && b[..19].IndexOfAnyExcept((byte)0) < 0 && !_precompiles.Contains(address))
            TouchedUnavailablePrecompile = true;
    }

    public bool WarmAccount(in Address address)
    {
        NoteAccess(address);
        return _state.WarmAddress(address);
    }
    public UInt256 GetBalance(in Address address) => _state.GetBalance(address);
    public byte[] GetCode(in Address address) => _state.GetCode(address);
    public Hash256 GetCodeHash(in Address address) => _state.IsDeadOrEmpty(address) ? Hash256.Zero : _state.GetCodeHash(address);
    public bool IsDeadOrEmpty(in Address address) => _state.IsDeadOrEmpty(address);

    public UInt256 LoadStorage(in Address address, in UInt256 slot, out bool wasCold)
    {
        wasCold = _state.WarmSlot(address, slot);
        return _state.GetStorage(address, slot);
    }

    public StorageWrite StoreStorage(in Address address, in UInt256 slot, in UInt256 value)
    {
        bool wasCold = _state.WarmSlot(address, slot);
        UInt256 current = _state.GetStorage(address, slot);
        UInt256 original = _state.GetOriginalStorage(address, slot);
        if (current != value) _state.SetStorage(address, slot, value);
        return new StorageWrite(original, current, wasCold);
    }

    public UInt256 LoadTransient(in Address address, in UInt256 slot) => _state.GetTransient(address, slot);
    public void StoreTransient(in Address address, in UInt256 slot, in UInt256 value) => _state.SetTransient(address, slot, value);
    public void AddRefund(long delta) => _state.AddRefund(delta);
    public void EmitLog(LogEntry log)
    {
        _state.AddLog(log);
        Tracer?.OnLog(log);
    }

    public void SelfDestruct(in Address address, in Address beneficiary)
    {
        UInt256 balance = _state.GetBalance(address);
        _state.SubtractBalance(address, balance);
        _state.AddBalance(beneficiary, balance);
        if (_state.IsCreatedInTransaction(address))
        {
            // EIP-6780: a contract created in this transaction is destroyed; its balance (even one sent to
            // itself) is gone at once, and anything sent to it later in the transaction is burned with it.
            _state.SubtractBalance(address, _state.GetBalance(address));
            _state.MarkSelfDestructed(address);
        }
    }

    public CallResult Execute(in CallMessage message)
    {
        if (Tracer is { } tracer) return ExecuteTraced(tracer, message);
        return ExecuteMessage(message);
    }

    /// <summary>The transaction's own creation (its address comes from the transaction's nonce, already bumped).</summary>
    internal CallResult ExecuteCreateTransaction(in CallMessage message, in Address address)
    {
        if (Tracer is not { } tracer) return Create(message, address);
        tracer.OnEnter(message.Depth, message.Kind, message.Caller, address, message.Input, message.Gas, message.Value);
        CallResult result = Create(message, address);
        ExitTrace(tracer, message, result);
        return result;
    }

    private CallResult ExecuteTraced(ICallFrameTracer tracer, in CallMessage message)
    {
        // geth reports a frame before the depth and balance checks, so failed attempts appear too. A creation's
        // address is derived here from the nonce before the bump, as geth derives it.
        Address from = message.Kind == CallKind.DelegateCall ? message.Target : message.Caller;
        Address to = message.Kind switch
        {
            CallKind.Create => CreateAddress(message.Caller, _state.GetNonce(message.Caller)),
            CallKind.Create2 => Create2Address(message.Caller, message.Salt, message.Input),
            _ => message.CodeAddress,
        };
        tracer.OnEnter(message.Depth, message.Kind, from, to, message.Input, message.Gas, message.Value);
        CallResult result = ExecuteMessage(message);
        ExitTrace(tracer, message, result);
        return result;
    }

    private void ExitTrace(ICallFrameTracer tracer, in CallMessage message, in CallResult result)
    {
        string? error = result.Status switch
        {
            CallStatus.Success => null,
            CallStatus.Revert => "execution reverted",
            _ => _failure,
        };
        // A creation's output, as geth reports it, is the code it deployed.
        byte[] output = error is null && message.Kind is CallKind.Create or CallKind.Create2 ? _state.GetCode(result.CreatedAddress) : result.Output;
        tracer.OnExit(message.Depth, output, message.Gas - result.GasLeft, error);
    }

    private CallResult Fail(string reason, long gasLeft)
    {
        _failure = reason;
        return new CallResult(CallStatus.Failure, gasLeft, []);
    }

    private CallResult ExecuteMessage(in CallMessage message)
    {
        CheckDeadline();
        if (message.Kind is CallKind.Create or CallKind.Create2)
        {
            if (message.Depth > GasCosts.MaxCallDepth) return Fail("max call depth exceeded", message.Gas);
            if (_state.GetBalance(message.Caller) < message.Value) return Fail("insufficient balance for transfer", message.Gas);
            ulong nonce = _state.GetNonce(message.Caller);
            if (nonce == ulong.MaxValue) return Fail("nonce uint64 overflow", message.Gas);
            _state.SetNonce(message.Caller, nonce + 1);
            Address address = message.Kind == CallKind.Create
                ? CreateAddress(message.Caller, nonce)
                : Create2Address(message.Caller, message.Salt, message.Input);
            return Create(message, address);
        }
        return Call(message);
    }

    private CallResult Call(in CallMessage message)
    {
        NoteAccess(message.CodeAddress);
        if (message.Depth > GasCosts.MaxCallDepth) return Fail("max call depth exceeded", message.Gas);
        if (message.TransfersValue && _state.GetBalance(message.Caller) < message.Value) return Fail("insufficient balance for transfer", message.Gas);

        int snapshot = _state.Snapshot();
        bool isPrecompile = _precompiles.TryGet(message.CodeAddress, out IPrecompile precompile);
        if (message.Kind == CallKind.Call && !isPrecompile && message.Value.IsZero && !_state.Exists(message.Target))
            return new CallResult(CallStatus.Success, message.Gas, []);
        if (message.TransfersValue) Transfer(message.Caller, message.Target, message.Value);
        else if (message.Kind == CallKind.StaticCall) _state.Touch(message.Target);

        CallResult result;
        if (isPrecompile)
        {
            result = RunPrecompile(precompile, message);
        }
        else
        {
            byte[] code = _state.GetCode(message.CodeAddress);
            if (code.Length == 0) return new CallResult(CallStatus.Success, message.Gas, []);
            result = RunFrame(code, CodeAnalysis.Of(_state.GetCodeHash(message.CodeAddress), code), message);
        }
        if (!result.IsSuccess) _state.Revert(snapshot);
        return result;
    }

    private CallResult RunPrecompile(IPrecompile precompile, in CallMessage message)
    {
        long cost = precompile.GasCost(message.Input);
        if (cost > message.Gas) return Fail("out of gas", 0);
        PrecompileResult output = precompile.Run(message.Input);
        return output.Success
            ? new CallResult(CallStatus.Success, message.Gas - cost, output.Output)
            : Fail("precompile failed", 0);
    }

    /// <summary>
    /// Deploys at <paramref name="address"/> (the caller's nonce is already bumped). A collision with an
    /// account that has a nonce, code or storage (EIP-684, EIP-7610) consumes all the gas given.
    /// </summary>
    internal CallResult Create(in CallMessage message, in Address address)
    {
        _state.WarmAddress(address);
        if (_state.GetNonce(address) != 0 || _state.GetCodeHash(address) != Hash256.EmptyKeccak || _state.HasStorage(address))
            return Fail("contract address collision", 0);

        int snapshot = _state.Snapshot();
        _state.CreateContractAccount(address);
        _state.SetNonce(address, 1);
        Transfer(message.Caller, address, message.Value);

        // Initcode runs with empty calldata: the code is the message input, not data for it.
        var frameMessage = message with { Target = address, CodeAddress = address, Input = [] };
        CallResult result = message.Input.Length == 0
            ? new CallResult(CallStatus.Success, message.Gas, [])
            : RunFrame(message.Input, CodeAnalysis.Of(message.Input), frameMessage);
        if (result.IsSuccess)
        {
            byte[] code = result.Output;
            long depositCost = GasCosts.CodeDeposit * code.Length;
            string? invalid = code.Length > GasCosts.MaxCodeSize ? "max code size exceeded"
                : code.Length > 0 && code[0] == 0xEF ? "invalid code: must not begin with 0xef"
                : result.GasLeft < depositCost ? "contract creation code storage out of gas"
                : null;
            if (invalid is not null)
            {
                _state.Revert(snapshot);
                return Fail(invalid, 0);
            }
            _state.SetCode(address, code);
            return new CallResult(CallStatus.Success, result.GasLeft - depositCost, [], address);
        }
        _state.Revert(snapshot);
        return result;
    }

    private CallResult RunFrame(byte[] code, CodeAnalysis analysis, in CallMessage message)
    {
        using var frame = new ExecutionFrame(this, code, analysis, message);
        EvmInterpreter.Run(frame);
        return frame.Status switch
        {
            FrameStatus.Stop => new CallResult(CallStatus.Success, frame.Gas, []),
            FrameStatus.Return => new CallResult(CallStatus.Success, frame.Gas, frame.Output),
            FrameStatus.Revert => new CallResult(CallStatus.Revert, frame.Gas, frame.Output),
            _ => Fail(DescribeHalt(frame.Status), 0),
        };
    }

    /// <summary>An exceptional halt in geth's words (core/vm/errors.go), as its tracers report it.</summary>
    private static string DescribeHalt(FrameStatus status) => status switch
    {
        FrameStatus.OutOfGas => "out of gas",
        FrameStatus.OutOfGasForSstoreSentry => "out of gas: not enough gas for reentrancy sentry",
        FrameStatus.StackUnderflow => "stack underflow",
        FrameStatus.StackOverflow => "stack limit reached 1024",
        FrameStatus.InvalidJump => "invalid jump destination",
        FrameStatus.InvalidOpcode => "invalid opcode",
        FrameStatus.StaticViolation => "write protection",
        FrameStatus.ReturnDataOutOfBounds => "return data out of bounds",
        FrameStatus.CreateCollisionOrInvalidCode => "contract address collision",
        _ => $"halted: {status}",
    };

    private void Transfer(in Address from, in Address to, in UInt256 value)
    {
        _state.SubtractBalance(from, value);
        _state.AddBalance(to, value);
    }

    /// <summary>CREATE: keccak(rlp([sender, nonce]))[12:].</summary>
    public static Address CreateAddress(in Address sender, ulong nonce)
    {
        var writer = new RlpWriter(32);
        int list = writer.BeginList();
        writer.WriteAddress(sender);
        writer.WriteUInt64(nonce);
        writer.EndList(list);
        return new Address(Keccak256.Hash(writer.Written).Bytes[12..]);
    }

    /// <summary>CREATE2 (EIP-1014): keccak(0xff ‖ sender ‖ salt ‖ keccak(initcode))[12:].</summary>
    public static Address Create2Address(in Address sender, in UInt256 salt, ReadOnlySpan<byte> initCode)
    {
        Span<byte> buffer = stackalloc byte[85];
        buffer[0] = 0xff;
        sender.Bytes.CopyTo(buffer[1..]);
        salt.WriteBigEndian(buffer[21..]);
        Keccak256.Hash(initCode).Bytes.CopyTo(buffer[53..]);
        return new Address(Keccak256.Hash(buffer).Bytes[12..]);
    }
}
