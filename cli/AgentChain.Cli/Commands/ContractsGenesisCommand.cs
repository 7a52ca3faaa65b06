using System.CommandLine;
using System.Text.Json;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Governance.Genesis;
using AgentChain.Governance.Harness;
using HdWallet = AgentChain.Node.DevAccounts.HdWallet;

namespace AgentChain.Cli.Commands;

/// <summary>
/// <c>agentchain contracts genesis</c>: the devnet genesis allocation `agentchain devnet` starts from (same chain id,
/// mnemonic and balance options), as JSON — so another client (anvil, through anvil_setCode/setStorageAt/setBalance/
/// setNonce) can be put into exactly the same state.
/// </summary>
public static class ContractsGenesisCommand
{
    public static Command Create()
    {
        var chainId = new Option<ulong>("--chain-id") { Description = "chain id", DefaultValueFactory = _ => 31337UL };
        var balance = new Option<string>("--balance") { Description = "ether per dev account before the setup", DefaultValueFactory = _ => "10000" };
        var mnemonic = new Option<string>("--mnemonic", "-m") { Description = "BIP-39 mnemonic of the dev accounts", DefaultValueFactory = _ => HdWallet.TestMnemonic };
        var command = new Command("genesis", "Print the devnet's genesis allocation (accounts with balance, nonce, code, storage), its timestamp and the manifest as JSON.")
        {
            chainId, balance, mnemonic,
        };
        command.SetAction(parse =>
        {
            if (!UInt256.TryParse(parse.GetValue(balance)!, out UInt256 ether))
            {
                Console.Error.WriteLine($"--balance '{parse.GetValue(balance)}' is not a whole number of ether");
                return 2;
            }
            DevnetGenesis genesis;
            try
            {
                IReadOnlyList<Node.DevAccounts.DevAccount> keys = HdWallet.DeriveAccounts(parse.GetValue(mnemonic)!, DevnetGenesis.DevAccountCount);
                genesis = DevnetGenesis.Build(parse.GetValue(chainId), keys.Select(k => k.PrivateKey).ToArray(), ether * DevnetGenesis.Ether);
            }
            catch (DevChainException e)
            {
                Console.Error.WriteLine($"the devnet genesis could not be built: {e.Message}");
                return 1;
            }
            using var output = Console.OpenStandardOutput();
            using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteNumber("chainId", parse.GetValue(chainId));
                json.WriteNumber("timestamp", genesis.Timestamp);
                json.WriteStartArray("accounts");
                foreach (AccountState a in genesis.Accounts)
                {
                    json.WriteStartObject();
                    json.WriteString("address", a.Address.ToChecksumString());
                    json.WriteString("balance", a.Balance.ToHexQuantity());
                    json.WriteString("nonce", new UInt256(a.Nonce).ToHexQuantity());
                    json.WriteString("code", Hex.Encode(a.Code));
                    json.WriteStartObject("storage");
                    foreach ((UInt256 slot, UInt256 value) in a.Storage) json.WriteString(slot.ToHexQuantity(), Hex.Encode(value.ToBigEndian()));
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WritePropertyName("contracts");
                json.WriteRawValue(genesis.ManifestJson);
                json.WriteEndObject();
            }
            output.WriteByte((byte)'\n');
            return 0;
        });
        return command;
    }
}
