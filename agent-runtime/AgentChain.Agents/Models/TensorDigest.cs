using System.Buffers.Binary;
using System.Text;
using AgentChain.Core.Crypto;
using AgentChain.Core.Types;
using AgentChain.Inference;

namespace AgentChain.Agents.Models;

/// <summary>
/// The commitment's <c>inputHash</c> and <c>outputHash</c>: keccak256 over a domain word and, for each tensor in
/// ordinal name order, its name, element type, shape and packed little-endian elements (ONNX raw_data layout).
/// Names, types and shapes are hashed with the bytes so that two tensor sets with the same raw bytes but a
/// different meaning (a reshaped or retyped output) never share a digest. Any re-executor recomputes it exactly.
/// </summary>
public static class TensorDigest
{
    public const string DomainTag = "AgentChain.TensorDigest.v1";

    public static Hash256 Of(IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        using var buffer = new MemoryStream();
        buffer.Write(Keccak256.Hash(Encoding.ASCII.GetBytes(DomainTag)).Bytes);
        Span<byte> word = stackalloc byte[8];
        foreach (string name in tensors.Keys.Order(StringComparer.Ordinal))
        {
            Tensor t = tensors[name];
            byte[] utf8 = Encoding.UTF8.GetBytes(name);
            BinaryPrimitives.WriteUInt32BigEndian(word, (uint)utf8.Length);
            buffer.Write(word[..4]);
            buffer.Write(utf8);
            buffer.WriteByte((byte)t.ElementType);
            BinaryPrimitives.WriteUInt32BigEndian(word, (uint)t.Rank);
            buffer.Write(word[..4]);
            foreach (long d in t.Shape)
            {
                BinaryPrimitives.WriteInt64BigEndian(word, d);
                buffer.Write(word);
            }
            buffer.Write(t.AsBytes());
        }
        return Keccak256.Hash(buffer.ToArray());
    }
}
