using System.Text;
using Microsoft.AspNetCore.Http;

namespace AgentChain.Node;

/// <summary>
/// <c>GET /api/contracts</c> on the JSON-RPC port: the deployment manifest (<c>{ name: { address, abi } }</c>) of the
/// contracts the genesis predeployed, served exactly as given, so a dApp never copies addresses by hand. The node
/// does not interpret it; whoever composes the genesis supplies it (<see cref="NodeOptions.ContractManifestJson"/>).
/// </summary>
public sealed class ContractManifestEndpoint(string? manifestJson)
{
    public const string Path = "/api/contracts";

    private readonly byte[]? _body = manifestJson is null ? null : Encoding.UTF8.GetBytes(manifestJson);

    public static bool Matches(HttpRequest request) =>
        string.Equals(request.Path.Value?.TrimEnd('/'), Path, StringComparison.OrdinalIgnoreCase);

    public async Task WriteAsync(HttpResponse response, CancellationToken cancellation)
    {
        response.ContentType = "application/json";
        if (_body is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            await response.WriteAsync("{\"error\":\"this node has no predeployed contracts (it was started with --no-predeploys)\"}\n", cancellation);
            return;
        }
        response.ContentLength = _body.Length;
        await response.Body.WriteAsync(_body, cancellation);
    }
}
