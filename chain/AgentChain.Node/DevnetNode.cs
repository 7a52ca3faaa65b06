using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text;
using AgentChain.Node.Production;
using AgentChain.Node.Rpc;
using AgentChain.Node.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentChain.Node;

/// <summary>
/// The whole devnet in one process: store, chain, block producer, and JSON-RPC over HTTP and WebSocket on one
/// port (as anvil serves them), with CORS open for local dapps.
/// </summary>
public sealed class DevnetNode : IAsyncDisposable
{
    public const string DatabaseFile = "chain.sqlite";

    private readonly NodeOptions _options;
    private readonly TextWriter _log;
    private WebApplication? _app;
    private BlockProducer? _producer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ContractManifestEndpoint _manifest;
    private readonly TaskCompletionSource _fatal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DevnetNode(NodeOptions options, TextWriter? log = null)
    {
        _options = options;
        _log = log ?? TextWriter.Null;
        _manifest = new ContractManifestEndpoint(options.ContractManifestJson);
        string path = Path.Combine(options.DataDirectory, DatabaseFile);
        Directory.CreateDirectory(options.DataDirectory);
        if (options.Fresh)
            foreach (string suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        var store = new SqliteChainStore(path);
        try
        {
            Chain = new LocalChain(options.Chain, store);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        if (Environment.GetEnvironmentVariable("AGENTCHAIN_NODE_TIMING") == "1") Chain.TimingLog = _log;
        Hub = new SubscriptionHub(Chain);
        Module = new EthRpcModule(Chain, Hub);
        Processor = new JsonRpcProcessor(Module, message => _log.WriteLine(message));
    }

    public LocalChain Chain { get; }
    public SubscriptionHub Hub { get; }
    public EthRpcModule Module { get; }
    public JsonRpcProcessor Processor { get; }

    /// <summary>http://host:port once started.</summary>
    public Uri? Url { get; private set; }

    /// <summary>Completes with the exception that stopped block production, if any.</summary>
    public Task Fatal => _fatal.Task;

    public async Task StartAsync(CancellationToken cancellation = default)
    {
        // No configuration file is read, so none is watched: by default the content root (the working directory, often
        // a repository with node_modules) would get a recursive file watcher for appsettings.json reloads.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = _options.MaxRequestBodyBytes;
            k.AddServerHeader = false;
            if (_options.Host is "0.0.0.0" or "*") k.ListenAnyIP(_options.Port);
            else if (_options.Host == "localhost") k.ListenLocalhost(_options.Port);
            else k.Listen(IPAddress.Parse(_options.Host), _options.Port);
        });
        WebApplication app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Run(HandleAsync);
        await app.StartAsync(cancellation);
        _app = app;
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        if (_options.AutoMine)
        {
            _producer = new BlockProducer(Chain, e =>
            {
                _log.WriteLine($"block production stopped: {e}");
                _fatal.TrySetResult();
            });
            _producer.Start();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpResponse response = context.Response;
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlAllowMethods = "POST, GET, OPTIONS";
        response.Headers.AccessControlAllowHeaders = "*";
        if (context.WebSockets.IsWebSocketRequest)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await new WebSocketSession(socket, Processor, Hub).RunAsync(_stopping.Token);
            return;
        }
        switch (context.Request.Method)
        {
            case "OPTIONS":
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case "GET" when ContractManifestEndpoint.Matches(context.Request):
                await _manifest.WriteAsync(response, context.RequestAborted);
                return;
            case "GET":
                response.ContentType = "text/plain";
                await response.WriteAsync($"{EthRpcModule.ClientVersion}: POST JSON-RPC here, or connect a WebSocket\n");
                return;
            case "POST":
                break;
            default:
                response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
        }
        // The body goes into a pooled buffer: a batch of 200 signed transactions is ~90 KB, and a fresh array (plus a
        // growing MemoryStream) per request would land on the large-object heap and trigger full collections.
        var body = new StrongBox<byte[]>(ArrayPool<byte>.Shared.Rent(InitialBodyBuffer));
        try
        {
            int length;
            try
            {
                length = await ReadBodyAsync(context.Request.Body, body, context.RequestAborted);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                response.ContentType = "application/json";
                await response.WriteAsync(JsonRpcProcessor.Error(null, RpcException.LimitExceeded, $"request body exceeds {_options.MaxRequestBodyBytes} bytes").ToJsonString());
                return;
            }
            byte[] request = body.Value!;
            response.ContentType = "application/json";
            // Written straight into the response's pipe (nothing else writes to it meanwhile), flushed once at the end.
            bool any = await Task.Run(() => Processor.RespondTo(request.AsSpan(0, length), response.BodyWriter, null));
            if (any) await response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body.Value!);
        }
    }

    private const int InitialBodyBuffer = 16 * 1024;

    /// <summary>Reads the whole request body into <paramref name="buffer"/> (rented; replaced by a larger rented one as needed).</summary>
    private static async Task<int> ReadBodyAsync(Stream body, StrongBox<byte[]> buffer, CancellationToken cancellation)
    {
        int length = 0;
        while (true)
        {
            byte[] current = buffer.Value!;
            if (length == current.Length)
            {
                // Kestrel enforces the body size limit while we read (413 above), so this stops growing there.
                byte[] larger = ArrayPool<byte>.Shared.Rent(current.Length * 2);
                current.AsSpan(0, length).CopyTo(larger);
                buffer.Value = larger;
                ArrayPool<byte>.Shared.Return(current);
                current = larger;
            }
            int read = await body.ReadAsync(current.AsMemory(length), cancellation);
            if (read == 0) return length;
            length += read;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _producer?.Dispose();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
        Chain.Dispose();
        _stopping.Dispose();
    }
}
