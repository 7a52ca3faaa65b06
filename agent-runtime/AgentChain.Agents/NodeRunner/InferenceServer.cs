using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgentChain.Agents.Models;
using AgentChain.Attestation.Commitments;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Inference;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.NodeRunner;

/// <summary>
/// The node runner's inference endpoint (HTTP on <see cref="HttpListener"/>, loopback by default):
/// <c>GET /v1/models</c> lists what it serves; <c>POST /v1/infer</c> runs a model and answers the outputs, the hashes
/// the canonical commitment binds, the commitment itself and the runner's signature over it — the signed-commitment
/// evidence <c>InferenceVerifier</c> checks (<c>ecrecover(commitment, v, r, s)</c> = the agent's registered signer), so a
/// dApp can submit it or keep it and check it later; with the reproducible backend anyone can re-execute it.
/// Bodies over <see cref="MaxBodyBytes"/> are refused (413); bad requests get 400 with <c>{"error": "…"}</c>.
/// </summary>
public sealed class InferenceServer : IAsyncDisposable
{
    /// <summary>Largest request body taken: the shipped models' inputs are a few hundred bytes; this bounds memory per request.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    // Relaxed escaping keeps quotes in error messages readable ('x', not \u0027x\u0027); the answers are application/json, never HTML.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpListener _listener = new();
    private readonly IReadOnlyList<ServedModel> _models;
    private readonly SignedCommitmentProvider _signer;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public InferenceServer(IReadOnlyList<ServedModel> models, byte[] signerKey, ulong chainId, UInt256 runnerId, IPAddress address, int port, ILogger logger)
    {
        if (models.Count == 0) throw new ArgumentException("the inference endpoint needs at least one model", nameof(models));
        if (models.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != models.Count)
            throw new ArgumentException("served model names must be unique", nameof(models));
        if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "the port must be 1..65535");
        _models = models;
        _signer = new SignedCommitmentProvider(signerKey);
        Signer = Secp256k1.AddressFromPrivateKey(signerKey);
        ChainId = chainId;
        RunnerId = runnerId;
        _logger = logger;
        string host = address.Equals(IPAddress.Any) ? "+" : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        Prefix = $"http://{host}:{port}/";
        BaseUrl = new Uri($"http://{(address.Equals(IPAddress.Any) ? "127.0.0.1" : host)}:{port}/");
        _listener.Prefixes.Add(Prefix);
    }

    public Address Signer { get; }
    public ulong ChainId { get; }
    public UInt256 RunnerId { get; }
    public string Prefix { get; }

    /// <summary>Where a client on this machine reaches the endpoint.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Binds the socket (throws <see cref="HttpListenerException"/> when the port is taken) and starts answering.</summary>
    public void Start()
    {
        _listener.Start();
        _logger.LogInformation("inference endpoint on {Prefix}: GET /v1/models, POST /v1/infer; models {Models}; commitments signed by runner {Runner} ({Signer})",
            Prefix, string.Join(", ", _models.Select(m => $"{m.Name} (sha256 {m.Sha256}, {m.Model.RuntimeName})")), RunnerId, Signer.ToChecksumString());
        _loop = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stop() closes the listener: the expected way out. Anything else means the socket is gone: say so loudly.
                if (!_stop.IsCancellationRequested)
                    _logger.LogError("inference endpoint on {Prefix} stopped accepting requests: {Reason}", Prefix, e.Message);
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        HttpListenerResponse response = context.Response;
        try
        {
            (int status, byte[] body) = Route(request);
            response.StatusCode = status;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            _logger.LogWarning("inference endpoint: {Method} {Path}: the client went away before the answer was sent: {Reason}", request.HttpMethod, request.Url?.AbsolutePath, e.Message);
            response.Abort();
        }
    }

    private (int Status, byte[] Body) Route(HttpListenerRequest request)
    {
        string path = request.Url?.AbsolutePath ?? "/";
        try
        {
            return (path, request.HttpMethod) switch
            {
                ("/v1/models", "GET") => (200, ModelsJson()),
                ("/v1/infer", "POST") => (200, Infer(ReadBody(request))),
                ("/v1/models" or "/v1/infer", _) => Error(405, $"{request.HttpMethod} is not allowed on {path} (GET /v1/models, POST /v1/infer)"),
                _ => Error(404, $"no endpoint {path} (GET /v1/models, POST /v1/infer)"),
            };
        }
        catch (InferenceRequestException e)
        {
            _logger.LogInformation("inference endpoint: refused {Method} {Path}: {Reason}", request.HttpMethod, path, e.Message);
            return Error(e.Status, e.Message);
        }
        catch (InvalidInputException e)
        {
            _logger.LogInformation("inference endpoint: refused {Method} {Path}: {Reason}", request.HttpMethod, path, e.Message);
            return Error(400, e.Message);
        }
        catch (InferenceException e)
        {
            _logger.LogError("inference endpoint: the model failed: {Reason}", e.Message);
            return Error(500, $"the model failed: {e.Message}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug must not leave the client hanging or take the runner down: answer 500 and log it with its stack.
            _logger.LogError(e, "inference endpoint: {Method} {Path} failed unexpectedly", request.HttpMethod, path);
            return Error(500, $"internal error: {e.GetType().Name}: {e.Message}");
        }
    }

    private static byte[] ReadBody(HttpListenerRequest request)
    {
        if (request.ContentLength64 > MaxBodyBytes)
            throw new InferenceRequestException($"the body is {request.ContentLength64} bytes; at most {MaxBodyBytes} are accepted", 413);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = request.InputStream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes) throw new InferenceRequestException($"the body is over {MaxBodyBytes} bytes, the most accepted", 413);
        }
        return buffer.ToArray();
    }

    private byte[] Infer(byte[] body)
    {
        InferenceRequest request = InferenceRequest.Parse(body);
        ServedModel served = _models.FirstOrDefault(m => m.Name == request.Model)
            ?? _models.FirstOrDefault(m => string.Equals(m.Sha256, request.Model.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? request.Model[2..] : request.Model, StringComparison.OrdinalIgnoreCase))
            ?? throw new InferenceRequestException($"no served model '{request.Model}' (serving: {string.Join(", ", _models.Select(m => $"{m.Name} = {m.Sha256}"))})");
        Dictionary<string, Tensor> inputs = request.ToTensors(served.Model.Inputs);
        ModelEvaluation evaluation;
        // Sessions are not promised to be safe for concurrent runs; one inference per model at a time.
        lock (served) evaluation = served.Model.Run(inputs);
        UInt256 agentId = request.AgentId ?? RunnerId;
        var commitment = new InferenceCommitment(ChainId, request.AgentContract, agentId, request.Nonce, evaluation.ModelHash, evaluation.RuntimeId,
            evaluation.InputHash, evaluation.OutputHash);
        Hash256 hash = commitment.Hash();
        byte[] signature = _signer.Attest(commitment).Payload;
        _logger.LogInformation("inference endpoint: {Model} for agent {Agent} of {Contract} nonce {Nonce}: commitment {Commitment}",
            served.Name, agentId, request.AgentContract.ToChecksumString(), request.Nonce, hash);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("model", served.Name);
            json.WriteString("modelHash", evaluation.ModelHash.ToString());
            json.WriteString("runtime", served.Model.RuntimeName);
            json.WriteString("runtimeId", evaluation.RuntimeId.ToString());
            json.WriteStartObject("outputs");
            foreach ((string name, Tensor tensor) in evaluation.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal)) WriteTensor(json, name, tensor);
            json.WriteEndObject();
            json.WriteString("inputHash", evaluation.InputHash.ToString());
            json.WriteString("outputHash", evaluation.OutputHash.ToString());
            json.WriteString("chainId", ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("agentContract", request.AgentContract.ToChecksumString());
            json.WriteString("agentId", agentId.ToString());
            json.WriteString("nonce", request.Nonce.ToString());
            json.WriteString("commitment", hash.ToString());
            json.WriteString("proofMode", "signed-commitment");
            json.WriteString("signature", Hex.Encode(signature));
            json.WriteString("signer", Signer.ToChecksumString());
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteTensor(Utf8JsonWriter json, string name, Tensor tensor)
    {
        json.WriteStartObject(name);
        json.WriteString("type", tensor.ElementType.ToString());
        json.WriteStartArray("shape");
        foreach (long d in tensor.ShapeToArray()) json.WriteNumberValue(d);
        json.WriteEndArray();
        json.WriteStartArray("data");
        switch (tensor.ElementType)
        {
            // float and double are written in their shortest round-trip form, so a client parses back the exact bits.
            case TensorElementType.Float: foreach (float v in tensor.AsSpan<float>()) json.WriteNumberValue(v); break;
            case TensorElementType.Double: foreach (double v in tensor.AsSpan<double>()) json.WriteNumberValue(v); break;
            case TensorElementType.Int64: foreach (long v in tensor.AsSpan<long>()) json.WriteNumberValue(v); break;
            case TensorElementType.Int32: foreach (int v in tensor.AsSpan<int>()) json.WriteNumberValue(v); break;
            case TensorElementType.Bool: foreach (bool v in tensor.AsSpan<bool>()) json.WriteBooleanValue(v); break;
            default: throw new InferenceException($"output '{name}' is {tensor.ElementType}, which the endpoint cannot write as JSON");
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private byte[] ModelsJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("runnerId", RunnerId.ToString());
            json.WriteString("signer", Signer.ToChecksumString());
            json.WriteString("chainId", ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteStartArray("models");
            foreach (ServedModel m in _models)
            {
                json.WriteStartObject();
                json.WriteString("name", m.Name);
                json.WriteString("sha256", m.Sha256);
                json.WriteString("runtime", m.Model.RuntimeName);
                json.WriteString("runtimeId", m.Model.RuntimeId.ToString());
                WriteInfos(json, "inputs", m.Model.Inputs);
                WriteInfos(json, "outputs", m.Model.Outputs);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteInfos(Utf8JsonWriter json, string property, IReadOnlyList<TensorInfo> infos)
    {
        json.WriteStartArray(property);
        foreach (TensorInfo info in infos)
        {
            json.WriteStartObject();
            json.WriteString("name", info.Name);
            json.WriteString("type", info.ElementType.ToString());
            if (info.Shape is null)
            {
                json.WriteNull("shape");
            }
            else
            {
                json.WriteStartArray("shape");
                foreach (TensorDimension d in info.Shape)
                {
                    if (d.Value is long v) json.WriteNumberValue(v);
                    else json.WriteStringValue(d.Symbol ?? "?");
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static (int, byte[]) Error(int status, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        }
        return (status, buffer.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_listener.IsListening) _listener.Stop();
        await _loop;
        _listener.Close();
        _stop.Dispose();
    }
}
