using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.Evm.Handler;
using AgentChain.Evm.Precompiles;
using AgentChain.State;

namespace AgentChain.Governance.Harness;

/// <summary>
/// An in-process chain on AgentChain's own EVM (Cancun + P256VERIFY) for contract tests and gas measurements:
/// every transaction is mined in its own block (block number + 1, timestamp unchanged until
/// <see cref="AdvanceTime"/>), gas is free (base fee and gas price 0) so balances move only by value, and nonces
/// come from the state. Logs and reverts are decoded with the ABI of every contract deployed through it.
/// </summary>
public sealed class DevChain
{
    /// <summary>Nested calls recurse on the host stack; 1024 frames need far more than the default 1 MB.</summary>
    private const int ExecutionStackBytes = 256 * 1024 * 1024;

    private const ulong DefaultGasLimit = 30_000_000;

    private static readonly Address ViewCaller = Address.Parse("0x00000000000000000000000000000000000ca11e");

    private readonly InMemoryState _state = new();
    private readonly TransactionProcessor _processor = new(PrecompileSet.AgentChain);
    private readonly Dictionary<Address, ContractAbi> _abiByAddress = [];
    private readonly List<AbiError> _knownErrors = [];
    private readonly HashSet<string> _knownErrorSignatures = new(StringComparer.Ordinal);

    public DevChain(ulong chainId = 31337, ulong genesisTimestamp = 1_700_000_000)
    {
        ChainId = chainId;
        Timestamp = genesisTimestamp;
        BlockNumber = 1;
    }

    public UInt256 ChainId { get; }

    /// <summary>When set, every balance change and transaction is appended (for replay on another client).</summary>
    public List<TranscriptEntry>? Transcript { get; set; }
    public ulong BlockNumber { get; private set; }

    /// <summary>Timestamp of the next block.</summary>
    public ulong Timestamp { get; private set; }

    /// <summary>A deterministic account named <paramref name="label"/>, credited with <paramref name="balance"/>.</summary>
    public DevAccount CreateAccount(string label, UInt256 balance)
    {
        var account = new DevAccount(label);
        SetBalance(account.Address, balance);
        return account;
    }

    public void SetBalance(Address address, UInt256 balance)
    {
        Account? current = _state.GetAccount(address);
        Transcript?.Add(new TranscriptEntry("setBalance", address.ToLowerHex(), null, "0x", balance.ToHexQuantity(), Timestamp));
        _state.SetAccount(address, current?.Nonce ?? 0, balance, current?.CodeHash ?? Hash256.EmptyKeccak, null);
    }

    public UInt256 BalanceOf(Address address) => _state.GetAccount(address)?.Balance ?? UInt256.Zero;

    public ulong NonceOf(Address address) => _state.GetAccount(address)?.Nonce ?? 0;

    public UInt256 StorageAt(Address address, UInt256 slot) => _state.GetStorage(address, slot);

    public byte[] CodeOf(Address address) => _state.GetAccount(address) is { } a ? _state.GetCode(a.CodeHash) : [];

    /// <summary>Moves the clock forward (and mines one empty block).</summary>
    public void AdvanceTime(ulong seconds)
    {
        Timestamp += seconds;
        BlockNumber++;
    }

    /// <summary>Makes log and revert decoding aware of a contract deployed some other way (e.g. by a factory).</summary>
    public void Track(Address address, ContractAbi abi)
    {
        _abiByAddress[address] = abi;
        foreach (AbiError error in abi.Errors)
            if (_knownErrorSignatures.Add(error.Signature)) _knownErrors.Add(error);
    }

    /// <summary>Deploys raw init code (for test doubles that have no artifact); throws on failure.</summary>
    public Address DeployRaw(DevAccount from, byte[] initCode) =>
        Send(from, null, initCode, UInt256.Zero, "deploy raw init code").EnsureSuccess().ContractAddress!.Value;

    /// <summary>Deploys <paramref name="artifact"/> with ABI-encoded constructor arguments; throws on failure.</summary>
    public Address Deploy(DevAccount from, ContractArtifact artifact, params object?[] constructorArgs)
    {
        byte[] initCode = artifact.Abi.Constructor is { } ctor
            ? ctor.EncodeDeployment(artifact.Bytecode, constructorArgs)
            : constructorArgs.Length == 0 ? artifact.Bytecode : throw new ArgumentException($"{artifact.Name} takes no constructor arguments");
        TxReceipt receipt = Send(from, null, initCode, UInt256.Zero, $"deploy {artifact.Name}").EnsureSuccess();
        Address address = receipt.ContractAddress!.Value;
        Track(address, artifact.Abi);
        return address;
    }

    /// <summary>
    /// Deploys <paramref name="artifact"/> at a chosen address (a genesis predeploy): the creation code with its
    /// ABI-encoded constructor arguments is placed at <paramref name="at"/> and run there by a call from
    /// <paramref name="from"/>, and what it returns becomes the account's code. The constructor therefore sees
    /// the real address(this), msg.sender and arguments, so immutables and storage come out as a CREATE at that
    /// address would leave them. Differences from CREATE, none of which our constructors observe: the account's
    /// code size is non-zero during construction, and no EIP-170/3860 size checks apply. Throws on failure.
    /// </summary>
    public Address DeployAt(DevAccount from, Address at, ContractArtifact artifact, params object?[] constructorArgs)
    {
        if (_state.GetAccount(at) is not null) throw new DevChainException($"cannot deploy {artifact.Name} at {at}: the account already exists");
        byte[] initCode = artifact.Abi.Constructor is { } ctor
            ? ctor.EncodeDeployment(artifact.Bytecode, constructorArgs)
            : constructorArgs.Length == 0 ? artifact.Bytecode : throw new ArgumentException($"{artifact.Name} takes no constructor arguments");
        // EIP-161: a created contract starts with nonce 1.
        _state.SetAccount(at, 1, UInt256.Zero, Keccak256.Hash(initCode), initCode);
        Track(at, artifact.Abi);
        TxReceipt receipt = Send(from, at, [], UInt256.Zero, $"construct {artifact.Name} at {at}");
        if (!receipt.Succeeded || receipt.Output.Length == 0)
        {
            _state.DeleteAccount(at);
            _state.ClearStorage(at);
            throw new DevChainException($"constructing {artifact.Name} at {at} failed ({receipt.Status}): {receipt.Revert?.Message}");
        }
        Account placed = _state.GetAccount(at)!.Value;
        _state.SetAccount(at, placed.Nonce, placed.Balance, Keccak256.Hash(receipt.Output), receipt.Output);
        return at;
    }

    /// <summary>Every non-empty account with its code and storage (e.g. to become a genesis allocation), sorted by address.</summary>
    public IReadOnlyList<AccountState> ExportState() =>
        _state.Addresses.Order()
            .Select(a => (Address: a, Account: _state.GetAccount(a)!.Value))
            .Select(x => new AccountState(x.Address, x.Account.Nonce, x.Account.Balance, _state.GetCode(x.Account.CodeHash),
                new SortedDictionary<UInt256, UInt256>(_state.StorageOf(x.Address).Where(kv => !kv.Value.IsZero).ToDictionary())))
            .Where(s => s.Nonce != 0 || !s.Balance.IsZero || s.Code.Length != 0 || s.Storage.Count != 0)
            .ToArray();

    /// <summary>Puts an exported account into this chain (replacing what was there), e.g. to test against a genesis state.</summary>
    public void Import(AccountState account)
    {
        _state.ClearStorage(account.Address);
        _state.SetAccount(account.Address, account.Nonce, account.Balance, Keccak256.Hash(account.Code), account.Code);
        foreach ((UInt256 slot, UInt256 value) in account.Storage) _state.SetStorage(account.Address, slot, value);
    }

    /// <summary>
    /// Sends a transaction (to = null deploys <paramref name="data"/> as init code) and mines it. A reverted
    /// transaction is a receipt with <see cref="TxReceipt.Succeeded"/> false; a transaction the chain would not
    /// accept at all (bad nonce, funds) throws.
    /// </summary>
    public TxReceipt Send(DevAccount from, Address? to, byte[] data, UInt256 value = default, string? description = null,
        ulong gasLimit = DefaultGasLimit)
    {
        ulong nonce = NonceOf(from.Address);
        var tx = new Transaction
        {
            Type = 2,
            Sender = from.Address,
            To = to,
            Nonce = nonce,
            GasLimit = gasLimit,
            Value = value,
            Data = data,
        };
        TransactionOutcome outcome = RunOnLargeStack(() => _processor.Execute(new WorldState(_state), _state, CurrentBlock(), tx));
        description ??= Describe(from.Address, to, data);
        if (!outcome.IsValid) throw new DevChainException($"{description} was not accepted: {outcome.Error}");
        BlockNumber++;
        Address? created = to is null && outcome.Status == CallStatus.Success ? CreateAddress(from.Address, nonce) : null;
        Transcript?.Add(new TranscriptEntry("tx", from.Address.ToLowerHex(), to?.ToLowerHex(), Core.Encoding.Hex.Encode(data),
            value.ToHexQuantity(), Timestamp, outcome.Status == CallStatus.Success, outcome.GasUsed, outcome.Logs.Count, created?.ToLowerHex()));
        return new TxReceipt(this, description, outcome.Status, outcome.GasUsed, outcome.Logs, outcome.Output, created);
    }

    /// <summary>Runs a call against the current state without keeping any effect (eth_call).</summary>
    public CallOutcome Call(Address to, byte[] data, Address? from = null)
    {
        Address sender = from ?? ViewCaller;
        var tx = new Transaction
        {
            Type = 2,
            Sender = sender,
            To = to,
            Nonce = NonceOf(sender),
            GasLimit = DefaultGasLimit,
            Data = data,
        };
        TransactionOutcome outcome = RunOnLargeStack(() => _processor.Execute(new WorldState(_state), DiscardingStateWriter.Instance, CurrentBlock(), tx));
        if (!outcome.IsValid) throw new DevChainException($"call to {to} was not accepted: {outcome.Error}");
        return new CallOutcome(outcome.Status, outcome.Output, outcome.GasUsed,
            outcome.Status == CallStatus.Success ? null : DecodeRevert(outcome.Output));
    }

    /// <summary>Revert data explained with Error(string), Panic and every custom error of every tracked ABI.</summary>
    public RevertReason DecodeRevert(byte[] data) => RevertReason.Decode(data, _knownErrors);

    /// <summary>The log decoded with its emitter's ABI; null for unknown emitters or events.</summary>
    public AbiDecodedLog? DecodeLog(LogEntry log) =>
        _abiByAddress.TryGetValue(log.Address, out ContractAbi? abi) ? abi.DecodeLog(log.Topics, log.Data) : null;

    private BlockEnvironment CurrentBlock() => new()
    {
        Coinbase = Address.Zero,
        Number = BlockNumber,
        Timestamp = Timestamp,
        GasLimit = DefaultGasLimit,
        BaseFee = UInt256.Zero,
        PrevRandao = UInt256.Zero,
        ChainId = ChainId,
    };

    private string Describe(Address from, Address? to, byte[] data)
    {
        if (to is null) return $"create from {from}";
        string function = data.Length >= 4 && _abiByAddress.TryGetValue(to.Value, out ContractAbi? abi)
            && abi.FindFunction(FunctionSelector.Read(data)) is { } f ? f.Signature : "call";
        return $"{function} on {to} from {from}";
    }

    private static Address CreateAddress(Address sender, ulong nonce) => EvmHost.CreateAddress(sender, nonce);

    private static T RunOnLargeStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { failure = e; }
        }, ExecutionStackBytes) { IsBackground = true, Name = "devchain-evm" };
        thread.Start();
        thread.Join();
        if (failure is not null) throw new DevChainException($"the EVM failed: {failure}");
        return result;
    }

    private sealed class DiscardingStateWriter : IStateWriter
    {
        public static readonly DiscardingStateWriter Instance = new();
        public void SetAccount(in Address address, ulong nonce, in UInt256 balance, in Hash256 codeHash, byte[]? code) { }
        public void DeleteAccount(in Address address) { }
        public void ClearStorage(in Address address) { }
        public void SetStorage(in Address address, in UInt256 slot, in UInt256 value) { }
    }
}
