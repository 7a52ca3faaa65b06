using System.CommandLine;
using System.Net.Http;
using System.Text.Json;

namespace AgentChain.Cli.Commands;

/// <summary>
/// <c>agentchain contracts [--rpc URL] [--json]</c>: the running node's deployment manifest (GET /api/contracts) as
/// a name/address table, or the raw JSON with the ABIs; <c>agentchain contracts gas</c> is a subcommand.
/// </summary>
public static class ContractsCommand
{
    public static Command Create()
    {
        var rpc = new Option<string>("--rpc") { Description = "the node's JSON-RPC URL", DefaultValueFactory = _ => "http://127.0.0.1:8545" };
        var json = new Option<bool>("--json") { Description = "print the manifest as the node serves it (names, addresses, ABIs)" };
        var command = new Command("contracts", "The governance and oracle contracts: the running devnet's predeploys (name, address), or `gas`.")
        {
            rpc, json, ContractsGasCommand.Create(),
        };
        command.SetAction(parse => Print(parse.GetValue(rpc)!, parse.GetValue(json)));
        return command;
    }

    private static int Print(string rpc, bool raw)
    {
        if (!Uri.TryCreate(rpc, UriKind.Absolute, out Uri? baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            Console.Error.WriteLine($"--rpc '{rpc}' is not an http(s) URL (e.g. http://127.0.0.1:8545)");
            return 2;
        }
        var url = new Uri(baseUri, "/api/contracts");
        string body;
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            try
            {
                using HttpResponseMessage response = http.GetAsync(url).GetAwaiter().GetResult();
                body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                if (!response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"{url} answered {(int)response.StatusCode}: {body.Trim()}");
                    return 1;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine($"cannot reach {url}: {e.Message}. Is `agentchain devnet` running there?");
                return 1;
            }
        }
        if (raw)
        {
            Console.Write(body);
            return 0;
        }
        JsonDocument manifest;
        try
        {
            manifest = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            Console.Error.WriteLine($"{url} did not return a JSON manifest: {e.Message}");
            return 1;
        }
        using (manifest)
        {
            var rows = manifest.RootElement.EnumerateObject()
                .Select(p => (Name: p.Name, Address: p.Value.TryGetProperty("address", out JsonElement a) ? a.GetString() ?? "?" : "?"))
                .ToArray();
            int width = Math.Max("name".Length, rows.Length == 0 ? 0 : rows.Max(r => r.Name.Length));
            Console.WriteLine($"{"name".PadRight(width)}  address");
            Console.WriteLine($"{new string('-', width)}  {new string('-', 42)}");
            foreach ((string name, string address) in rows) Console.WriteLine($"{name.PadRight(width)}  {address}");
        }
        return 0;
    }
}
