using AgentChain.Agents.Rpc;
using AgentChain.Core.Abi;

namespace AgentChain.Agents.NodeRunner;

/// <summary>Typed eth_call of a view function through the contract's ABI.</summary>
internal static class ContractReader
{
    public static async Task<object?[]> ReadAsync(EthRpcClient rpc, DeployedContract contract, string function, CancellationToken cancellation,
        params object?[] args)
    {
        AbiFunction f = contract.Abi.GetFunction(function);
        return f.DecodeOutput(await rpc.CallAsync(contract.Address, f.EncodeCall(args), cancellation: cancellation));
    }

    public static async Task<T> ReadOneAsync<T>(EthRpcClient rpc, DeployedContract contract, string function, CancellationToken cancellation,
        params object?[] args) => (T)(await ReadAsync(rpc, contract, function, cancellation, args))[0]!;
}
