using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentChain.Node.Tests;

/// <summary>A devnet node on a free loopback port, mined explicitly (evm_mine), and an HTTP client for it.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    private readonly string _dir = TestChain.TempDirectory();

    public DevnetNode Node { get; private set; } = null!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };
    public Uri Url => Node.Url!;

    public async Task InitializeAsync()
    {
        Node = new DevnetNode(new NodeOptions { Port = 0, DataDirectory = _dir, AutoMine = false });
        await Node.StartAsync();
    }

    public async Task<string> PostRawAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await Http.PostAsync(Url, content);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<JsonObject> CallAsync(string method, params JsonNode?[] parameters)
    {
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = new JsonArray(parameters) };
        return JsonNode.Parse(await PostRawAsync(request.ToJsonString()))!.AsObject();
    }

    public async Task<JsonNode?> ResultAsync(string method, params JsonNode?[] parameters)
    {
        JsonObject response = await CallAsync(method, parameters);
        if (response["error"] is JsonNode error) throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        return response["result"];
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
