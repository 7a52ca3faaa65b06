using System.Text.Json;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Rlp;
using AgentChain.Core.Tests.Conformance;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using Xunit.Abstractions;

namespace AgentChain.Core.Tests.Transactions;

/// <summary>
/// ethereum/tests TransactionTests under Cancun rules (chain id 1): a valid transaction must decode, pass validation,
/// re-encode to the same bytes and give exactly the expected hash, sender and intrinsic gas; an invalid one must be
/// rejected with a typed exception (RlpException, InvalidTransactionException, SignatureException), never anything
/// else. Cases with no Cancun entry (some ttWrongRLP/ttSignature files stop at Shanghai or London) use the latest fork
/// listed; all of those expect rejection. Expected failures live in known-failures/TransactionTests.txt.
/// </summary>
public class TransactionConformanceTests(ITestOutputHelper output)
{
    private const string Suite = "TransactionTests";
    private const ulong MainnetChainId = 1;

    /// <summary>Newest first: the expectation used is the first of these a case lists.</summary>
    private static readonly string[] Forks =
        ["Cancun", "Shanghai", "Paris", "London", "Berlin", "Istanbul", "ConstantinopleFix", "Constantinople", "Byzantium", "EIP158", "EIP150", "Homestead", "Frontier"];

    private static readonly Lazy<KnownFailures> Known = new(() => KnownFailures.Load("TransactionTests.txt"));

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach ((string id, _) in LoadAll()) data.Add(id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string id)
    {
        (string file, string name) = Split(id);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(EthereumTests.PathOf(Suite, file)));
        string? failure = Run(doc.RootElement.GetProperty(name));
        if (Known.Value.Contains(id))
            Assert.True(failure is not null, $"{id} is listed in known-failures/{Suite}.txt but now passes: remove it from the list");
        else
            Assert.True(failure is null, $"{id}: {failure}");
    }

    [Fact]
    public void SummaryCountsAndKnownFailuresAreHonest()
    {
        int passed = 0, failed = 0, expectedFailures = 0;
        var unexpected = new List<string>();
        var fixedButListed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string id, JsonElement test) in LoadAll())
        {
            seen.Add(id);
            string? failure = Run(test);
            bool listed = Known.Value.Contains(id);
            if (failure is null)
            {
                passed++;
                if (listed) fixedButListed.Add(id);
            }
            else
            {
                failed++;
                if (listed) expectedFailures++;
                else unexpected.Add($"{id}: {failure}");
            }
        }
        var stale = Known.Value.Ids.Where(id => !seen.Contains(id)).ToList();
        output.WriteLine($"{Suite}: {seen.Count} cases, {passed} passed, {failed} failed ({expectedFailures} listed as known failures)");
        foreach (string line in unexpected) output.WriteLine("  unexpected failure: " + line);
        Assert.True(seen.Count > 0, "no TransactionTests cases found");
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} unexpected failure(s):\n" + string.Join("\n", unexpected));
        Assert.True(fixedButListed.Count == 0, "listed as known failures but passing (remove them): " + string.Join(", ", fixedButListed));
        Assert.True(stale.Count == 0, "known failures that name no existing case: " + string.Join(", ", stale));
    }

    /// <summary>Null when the case behaves as expected, otherwise what went wrong.</summary>
    private static string? Run(JsonElement test)
    {
        byte[] bytes;
        try
        {
            bytes = Hex.Decode(test.GetProperty("txbytes").GetString()!);
        }
        catch (HexFormatException)
        {
            bytes = [];
        }
        JsonElement result = test.GetProperty("result");
        string fork = Forks.First(f => result.TryGetProperty(f, out _));
        JsonElement expected = result.GetProperty(fork);
        bool expectInvalid = expected.TryGetProperty("exception", out JsonElement exception);

        Transaction transaction;
        Address sender;
        try
        {
            transaction = TransactionDecoder.Decode(bytes);
            sender = TransactionValidator.ValidateAndRecoverSender(transaction, MainnetChainId);
        }
        catch (Exception e) when (e is RlpException or InvalidTransactionException or SignatureException)
        {
            return expectInvalid ? null : $"rejected a valid transaction ({fork}): {e.GetType().Name}: {e.Message}";
        }
        catch (Exception e)
        {
            return $"crashed with {e.GetType().Name}: {e.Message}";
        }

        if (expectInvalid) return $"accepted a transaction {fork} rejects with {exception.GetString()}";
        if (transaction.Hash != Hash256.Parse(expected.GetProperty("hash").GetString()!))
            return $"hash {transaction.Hash}, expected {expected.GetProperty("hash").GetString()}";
        if (sender != Address.Parse(expected.GetProperty("sender").GetString()!))
            return $"sender {sender.ToLowerHex()}, expected {expected.GetProperty("sender").GetString()}";
        if (expected.TryGetProperty("intrinsicGas", out JsonElement gas))
        {
            ulong intrinsic = IntrinsicGas.Calculate(transaction);
            if (intrinsic != ulong.Parse(Hex.StripPrefix(gas.GetString()!), System.Globalization.NumberStyles.HexNumber))
                return $"intrinsic gas {intrinsic}, expected {gas.GetString()}";
        }
        if (!transaction.Encode().AsSpan().SequenceEqual(bytes))
            return "re-encoding differs from the input";
        return null;
    }

    private static IEnumerable<(string Id, JsonElement Test)> LoadAll()
    {
        string dir = EthereumTests.PathOf(Suite);
        foreach (string file in Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (JsonProperty test in doc.RootElement.EnumerateObject())
                yield return ($"{relative}#{test.Name}", test.Value.Clone());
        }
    }

    private static (string File, string Name) Split(string id)
    {
        int hash = id.LastIndexOf('#');
        return (id[..hash], id[(hash + 1)..]);
    }
}
