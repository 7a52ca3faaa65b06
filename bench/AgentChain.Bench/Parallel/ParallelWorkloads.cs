using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.Execution;
using AgentChain.State;

namespace AgentChain.Bench.Parallel;

/// <summary>
/// The benchmark's world: 10,000 funded keys that hold BenchToken (OpenZeppelin ERC20), a Uniswap V2 factory and
/// one pair with deep liquidity, and a swapper the traders have approved. Built by executing setup blocks with the
/// sequential executor, so every fixture is real EVM state. Then one block per workload.
/// </summary>
internal sealed class ParallelWorkloads
{
    public const int Accounts = 10_000;

    private readonly BenchAccount _deployer = BenchAccount.Derive(-1);
    private readonly BenchAccount[] _keys;
    private readonly Address[] _payees;
    private readonly Dictionary<Address, ulong> _nonces = [];
    private Address _token, _tokenA, _tokenB, _factory, _swapper, _pair;

    public InMemoryState State { get; } = new();
    public BlockEnvironment Block { get; }

    private ParallelWorkloads(int accounts, TextWriter? progress)
    {
        Block = new BlockEnvironment
        {
            Coinbase = Address.Parse("0x00000000000000000000000000000000000c0ffe"), Number = 1, Timestamp = 1_800_000_000,
            GasLimit = 10_000_000_000, BaseFee = BenchAccount.BaseFee, PrevRandao = 1, ChainId = BenchAccount.ChainId,
        };
        progress?.WriteLine($"setup: deriving {accounts} keys ...");
        _keys = new BenchAccount[accounts];
        System.Threading.Tasks.Parallel.For(0, accounts, i => _keys[i] = BenchAccount.Derive(i));
        _payees = Enumerable.Range(0, accounts).Select(i => Address.Parse($"0x{0x5000_0000_0000UL + (ulong)i:x40}")).ToArray();
        UInt256 funds = UInt256.Parse("100000000000000000000");
        foreach (BenchAccount key in _keys.Append(_deployer)) State.SetAccount(key.Address, 0, funds, Hash256.EmptyKeccak, null);
    }

    public static ParallelWorkloads Create(int accounts, TextWriter? progress)
    {
        var world = new ParallelWorkloads(accounts, progress);
        world.Setup(progress);
        return world;
    }

    private ulong NextNonce(BenchAccount key)
    {
        _nonces.TryGetValue(key.Address, out ulong n);
        _nonces[key.Address] = n + 1;
        return n;
    }

    private Transaction Deploy(string code, out Address address, params object[] args)
    {
        ulong nonce = _nonces.GetValueOrDefault(_deployer.Address);
        address = EvmHost.CreateAddress(_deployer.Address, nonce);
        return _deployer.Send(NextNonce(_deployer), null, 0, Abi.Creation(code, args), 8_000_000);
    }

    private void Setup(TextWriter? progress)
    {
        UInt256 big = UInt256.Parse("1000000000000000000000000000");
        UInt256 holding = UInt256.Parse("1000000000000000000000");
        progress?.WriteLine("setup: deploying BenchToken x3, UniswapV2Factory, BenchSwapper ...");
        Run("deploy",
        [
            Deploy(BenchContracts.BenchToken, out _token),
            Deploy(BenchContracts.BenchToken, out _tokenA),
            Deploy(BenchContracts.BenchToken, out _tokenB),
            Deploy(BenchContracts.UniswapV2Factory, out _factory, _deployer.Address),
            Deploy(BenchContracts.BenchSwapper, out _swapper),
        ]);
        BlockResult created = Run("createPair", [_deployer.Send(NextNonce(_deployer), _factory, 0, Abi.Call("createPair(address,address)", _tokenA, _tokenB), 5_000_000)]);
        // PairCreated(address indexed token0, address indexed token1, address pair, uint256): the pair is the first data word.
        _pair = new Address(created.Receipts[0].Logs.Single(l => l.Address == _factory).Data.AsSpan(12, 20));
        bool aIsToken0 = _tokenA.CompareTo(_tokenB) < 0;

        progress?.WriteLine($"setup: minting to {_keys.Length} holders and seeding the pair ...");
        var mints = new List<Transaction>();
        foreach (Address token in new[] { _tokenA, _tokenB })
        {
            mints.Add(_deployer.Send(NextNonce(_deployer), token, 0, Abi.Call("mint(address,uint256)", _deployer.Address, big), 200_000));
            mints.Add(_deployer.Send(NextNonce(_deployer), token, 0, Abi.Call("transfer(address,uint256)", _pair, big), 200_000));
        }
        mints.Add(_deployer.Send(NextNonce(_deployer), _pair, 0, Abi.Call("mint(address)", _deployer.Address), 500_000));
        for (int i = 0; i < _keys.Length; i++)
        {
            mints.Add(_deployer.Send(NextNonce(_deployer), _token, 0, Abi.Call("mint(address,uint256)", _keys[i].Address, holding), 200_000));
            Address tokenIn = (i % 2 == 0) == aIsToken0 ? _tokenA : _tokenB;
            mints.Add(_deployer.Send(NextNonce(_deployer), tokenIn, 0, Abi.Call("mint(address,uint256)", _keys[i].Address, holding), 200_000));
        }
        Run("mint", mints);
        progress?.WriteLine("setup: approvals for the swapper ...");
        var approvals = new Transaction[_keys.Length];
        System.Threading.Tasks.Parallel.For(0, _keys.Length, i =>
        {
            Address tokenIn = (i % 2 == 0) == aIsToken0 ? _tokenA : _tokenB;
            approvals[i] = _keys[i].Send(0, tokenIn, 0, Abi.Call("approve(address,uint256)", _swapper, UInt256.MaxValue), 100_000);
        });
        foreach (BenchAccount key in _keys) _nonces[key.Address] = 1;
        Run("approve", approvals);
    }

    private BlockResult Run(string step, IReadOnlyList<Transaction> txs)
    {
        BlockResult result = new SequentialBlockExecutor().Execute(Block, txs, State);
        for (int i = 0; i < result.Receipts.Count; i++)
            if (!result.Receipts[i].Success)
                throw new InvalidOperationException($"benchmark setup step '{step}': transaction {i} failed ({result.Receipts[i].Error ?? "reverted"})");
        result.Changes.ApplyTo(State);
        return result;
    }

    // ---- the measured blocks: one transaction per key, so no same-sender chains ----

    public IReadOnlyList<Transaction> Build(string workload)
    {
        var random = new Random(4242);
        var txs = new Transaction[_keys.Length];
        var kinds = new char[_keys.Length];
        for (int i = 0; i < kinds.Length; i++)
            kinds[i] = workload switch { "eth" => 'e', "erc20" => 't', "uniswap" => 'u', _ => (i % 5) switch { 0 or 1 => 'e', 2 or 3 => 't', _ => 'u' } };
        int[] recipients = Enumerable.Range(0, _keys.Length).Select(_ => random.Next(_keys.Length)).ToArray();
        bool aIsToken0 = _tokenA.CompareTo(_tokenB) < 0;
        System.Threading.Tasks.Parallel.For(0, _keys.Length, i =>
        {
            BenchAccount key = _keys[i];
            ulong nonce = _nonces.GetValueOrDefault(key.Address);
            txs[i] = kinds[i] switch
            {
                'e' => key.Send(nonce, _payees[recipients[i]], 1_000_000_000UL, [], 21_000),
                't' => key.Send(nonce, _token, 0, Abi.Call("transfer(address,uint256)", _keys[recipients[i]].Address, (UInt256)1_000_000UL), 100_000),
                _ => key.Send(nonce, _swapper, 0, Abi.Call("swapExactIn(address,address,uint256,bool)", _pair,
                        (i % 2 == 0) == aIsToken0 ? _tokenA : _tokenB, (UInt256)1_000_000_000_000_000UL, i % 2 == 0), 300_000),
            };
            txs[i].RecoverSender(); // recovered once up front, like the executors' parallel recovery, and cached on the transaction
        });
        if (workload == "mixed") random.Shuffle(txs);
        return txs;
    }
}
