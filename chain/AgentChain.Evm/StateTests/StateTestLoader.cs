using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm.Handler;
using AgentChain.State;

namespace AgentChain.Evm.StateTests;

/// <summary>
/// Reads a GeneralStateTests JSON file (ethereum/tests format) into one <see cref="StateTestCase"/> per post
/// entry of the requested fork. Case ids are "relative/path/file:testName:d{data}g{gas}v{value}".
/// </summary>
public static class StateTestLoader
{
    public static IReadOnlyList<StateTestCase> Load(string path, string root, string fork = "Cancun")
    {
        string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        string folder = FolderOf(relative);
        string fileId = relative.EndsWith(".json", StringComparison.Ordinal) ? relative[..^5] : relative;
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        var cases = new List<StateTestCase>();
        foreach (JsonProperty test in document.RootElement.EnumerateObject())
        {
            JsonElement t = test.Value;
            if (!t.TryGetProperty("post", out JsonElement post) || !post.TryGetProperty(fork, out JsonElement entries)) continue;
            Func<InMemoryState> pre = PreStateOf(t.GetProperty("pre"));
            BlockEnvironment block = BlockOf(t.GetProperty("env"));
            JsonElement tx = t.GetProperty("transaction").Clone();
            foreach (JsonElement entry in entries.EnumerateArray())
            {
                JsonElement indexes = entry.GetProperty("indexes");
                int d = indexes.GetProperty("data").GetInt32(), g = indexes.GetProperty("gas").GetInt32(), v = indexes.GetProperty("value").GetInt32();
                string id = $"{fileId}:{test.Name}:d{d}g{g}v{v}".Replace(' ', '_');
                cases.Add(new StateTestCase(
                    id, folder, pre, block, () => TransactionOf(tx, d, g, v),
                    Hash256.Parse(entry.GetProperty("hash").GetString()),
                    Hash256.Parse(entry.GetProperty("logs").GetString()),
                    entry.TryGetProperty("expectException", out JsonElement ex) ? ex.GetString() : null));
            }
        }
        return cases;
    }

    /// <summary>The folder a file is reported under: its directory, at most two levels deep.</summary>
    public static string FolderOf(string relativePath)
    {
        string[] parts = relativePath.Split('/');
        return parts.Length <= 1 ? "." : string.Join('/', parts[..Math.Min(2, parts.Length - 1)]);
    }

    private static UInt256 Number(JsonElement e) => UInt256.Parse(e.GetString());

    private static ulong Small(JsonElement e) => (ulong)Number(e);

    private static Func<InMemoryState> PreStateOf(JsonElement pre)
    {
        var accounts = new List<(Address, ulong, UInt256, byte[], (UInt256, UInt256)[])>();
        foreach (JsonProperty account in pre.EnumerateObject())
        {
            JsonElement a = account.Value;
            var storage = new List<(UInt256, UInt256)>();
            foreach (JsonProperty slot in a.GetProperty("storage").EnumerateObject())
                storage.Add((UInt256.Parse(slot.Name), Number(slot.Value)));
            accounts.Add((Address.Parse(account.Name), Small(a.GetProperty("nonce")), Number(a.GetProperty("balance")),
                Hex.Decode(a.GetProperty("code").GetString()), storage.ToArray()));
        }
        return () =>
        {
            var state = new InMemoryState();
            foreach ((Address address, ulong nonce, UInt256 balance, byte[] code, (UInt256, UInt256)[] storage) in accounts)
            {
                state.SetAccount(address, nonce, balance, code.Length == 0 ? Hash256.EmptyKeccak : Keccak256.Hash(code), code);
                foreach ((UInt256 slot, UInt256 value) in storage) state.SetStorage(address, slot, value);
            }
            return state;
        };
    }

    private static BlockEnvironment BlockOf(JsonElement env)
    {
        UInt256 random = env.TryGetProperty("currentRandom", out JsonElement r) ? Number(r) : Number(env.GetProperty("currentDifficulty"));
        return new BlockEnvironment
        {
            Coinbase = Address.Parse(env.GetProperty("currentCoinbase").GetString()),
            Number = Small(env.GetProperty("currentNumber")),
            Timestamp = Small(env.GetProperty("currentTimestamp")),
            GasLimit = Small(env.GetProperty("currentGasLimit")),
            // Retesteth's genesis base fee is 0x10, so the tested block defaults to 0x0a.
            BaseFee = env.TryGetProperty("currentBaseFee", out JsonElement fee) ? Number(fee) : new UInt256(10),
            PrevRandao = random,
            ExcessBlobGas = env.TryGetProperty("currentExcessBlobGas", out JsonElement excess) ? Small(excess) : 0,
            // The tests' block hashes: keccak256 of the block number in decimal.
            BlockHash = n => Keccak256.Hash(Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture))),
        };
    }

    private static Transaction TransactionOf(JsonElement tx, int d, int g, int v)
    {
        byte[] secretKey = Hex.Decode(tx.GetProperty("secretKey").GetString());
        string to = tx.GetProperty("to").GetString() ?? "";
        AccessListEntry[] accessList = [];
        bool hasAccessList = false;
        if (tx.TryGetProperty("accessLists", out JsonElement lists) && d < lists.GetArrayLength() && lists[d].ValueKind == JsonValueKind.Array)
        {
            hasAccessList = true;
            accessList = lists[d].EnumerateArray().Select(e => new AccessListEntry(
                Address.Parse(e.GetProperty("address").GetString()),
                e.GetProperty("storageKeys").EnumerateArray().Select(k => UInt256.Parse(k.GetString())).ToArray())).ToArray();
        }
        Hash256[] blobHashes = tx.TryGetProperty("blobVersionedHashes", out JsonElement blobs)
            ? blobs.EnumerateArray().Select(b => Hash256.Parse(b.GetString())).ToArray()
            : [];
        bool hasFeeCaps = tx.TryGetProperty("maxFeePerGas", out JsonElement maxFee);
        byte type = blobs.ValueKind == JsonValueKind.Array ? (byte)3 : hasFeeCaps ? (byte)2 : hasAccessList ? (byte)1 : (byte)0;
        return new Transaction
        {
            Type = type,
            Sender = SenderKey.AddressOf(secretKey),
            To = to.Length == 0 ? null : Address.Parse(to),
            Nonce = Number(tx.GetProperty("nonce")),
            GasLimit = Number(tx.GetProperty("gasLimit")[g]),
            Value = Number(tx.GetProperty("value")[v]),
            Data = Hex.Decode(tx.GetProperty("data")[d].GetString()),
            GasPrice = tx.TryGetProperty("gasPrice", out JsonElement price) ? Number(price) : default,
            MaxFeePerGas = hasFeeCaps ? Number(maxFee) : default,
            MaxPriorityFeePerGas = tx.TryGetProperty("maxPriorityFeePerGas", out JsonElement tip) ? Number(tip) : default,
            AccessList = accessList,
            BlobVersionedHashes = blobHashes,
            MaxFeePerBlobGas = tx.TryGetProperty("maxFeePerBlobGas", out JsonElement blobFee) ? Number(blobFee) : default,
        };
    }
}
