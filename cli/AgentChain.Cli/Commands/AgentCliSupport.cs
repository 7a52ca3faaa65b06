using System.Text.Json;
using AgentChain.Core.Encoding;
using AgentChain.Core.Crypto;
using AgentChain.Node.DevAccounts;
using Microsoft.Extensions.Logging;

namespace AgentChain.Cli.Commands;

/// <summary>What the agent commands share: signer keys from --key/--dev-account, the repository's shipped files, console logs.</summary>
public static class AgentCliSupport
{
    public const string DemoSpecRelativePath = "agent-runtime/AgentChain.Agents/demo/breast-cancer-risk.agent.json";
    public const string DevTeeDemoSpecRelativePath = "agent-runtime/AgentChain.Agents/demo/breast-cancer-risk.insecure-dev-tee.agent.json";
    public const string FeedModelRelativePath = "models/diabetes_progression/model.onnx";
    public const string FeedSamplesRelativePath = "models/diabetes_progression/expected.json";
    public const string FeedManifestRelativePath = "models/diabetes_progression/manifest.json";

    /// <summary>Structured logs on stderr, one line each, with a timestamp and the component (agent, runner-N, resolver).</summary>
    public static ILoggerFactory CreateLoggerFactory(LogLevel minimum = LogLevel.Information) => LoggerFactory.Create(b => b
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        })
        .AddFilter("Microsoft", LogLevel.Warning)
        .SetMinimumLevel(minimum));

    /// <summary>A 32-byte hex key, or dev account N of the test mnemonic (the devnet's genesis roles); null with a message on stderr when invalid.</summary>
    public static byte[]? ResolveKey(string? keyHex, int? devAccount, string role)
    {
        if (keyHex is not null && devAccount is not null)
        {
            Console.Error.WriteLine($"{role}: give --key or --dev-account, not both");
            return null;
        }
        if (keyHex is not null)
        {
            if (!Hex.TryDecode(keyHex, out byte[] key) || key.Length != 32 || !Secp256k1.IsValidPrivateKey(key))
            {
                Console.Error.WriteLine($"{role}: --key must be a 32-byte secp256k1 private key in hex (0x + 64 hex digits)");
                return null;
            }
            return key;
        }
        int index = devAccount ?? -1;
        if (index is < 0 or > 99)
        {
            Console.Error.WriteLine($"{role}: give --key HEX or --dev-account N (0..99, from the test mnemonic)");
            return null;
        }
        return HdWallet.DeriveAccounts(HdWallet.TestMnemonic, index + 1)[index].PrivateKey;
    }

    /// <summary>
    /// A file shipped in the repository (the demo spec, the feed model), found by walking up from the CLI binary and
    /// from the working directory; null when neither is inside a checkout.
    /// </summary>
    public static string? FindRepositoryFile(string relativePath)
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, relativePath);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>The sha256 recorded in a model's manifest.json.</summary>
    public static string ManifestSha256(string manifestPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(manifestPath));
        return document.RootElement.GetProperty("sha256").GetString()
            ?? throw new FormatException($"{manifestPath} has no sha256");
    }
}
