using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Bench.Parallel;

/// <summary>Just enough ABI encoding for the benchmark's static-argument calls: selector ‖ 32-byte words.</summary>
internal static class Abi
{
    public static byte[] Call(string signature, params object[] arguments)
    {
        var data = new byte[4 + 32 * arguments.Length];
        Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(signature)).Bytes[..4].CopyTo(data);
        for (int i = 0; i < arguments.Length; i++)
        {
            Span<byte> word = data.AsSpan(4 + 32 * i, 32);
            switch (arguments[i])
            {
                case Address a: a.Bytes.CopyTo(word[12..]); break;
                case UInt256 u: u.WriteBigEndian(word); break;
                case bool b: word[31] = b ? (byte)1 : (byte)0; break;
                case byte[] raw: raw.CopyTo(word); break; // an empty bytes argument is passed as its offset word by the caller
                default: throw new ArgumentException($"unsupported ABI argument {arguments[i].GetType().Name}");
            }
        }
        return data;
    }

    public static byte[] Creation(string hex, params object[] constructorArguments)
    {
        byte[] code = Convert.FromHexString(hex);
        byte[] args = constructorArguments.Length == 0 ? [] : Call("x()", constructorArguments)[4..];
        return [.. code, .. args];
    }
}
