using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.NodeRunner;
using AgentChain.Attestation.Commitments;
using AgentChain.Attestation.Evidence;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Inference.Reproducible;
using Xunit.Abstractions;

namespace AgentChain.Agents.Tests;

/// <summary>The node runner's inference endpoint over a real loopback socket, with the shipped models on the reproducible backend.</summary>
public sealed class InferenceServerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string BreastCancerSha = "d94b22ea7835905e71fec924897266170524568bf4de23ab195333ce9023d66c";
    private static readonly byte[] RunnerKey = Keccak256.Hash("inference endpoint test runner"u8).ToArray();
    private static readonly Address AgentContract = Address.Parse("0x00000000000000000000000000000000000a6e21");

    private readonly List<ServedModel> _models = [];
    private InferenceServer _server = null!;
    private readonly HttpClient _http = new();

    public Task InitializeAsync()
    {
        string models = Path.Combine(TestPaths.RepositoryRoot(), "models");
        _models.Add(ServedModel.FromModelFolder(Path.Combine(models, "breast_cancer_risk"), new ReproducibleBackend()));
        _models.Add(ServedModel.FromModelFolder(Path.Combine(models, "diabetes_progression"), new ReproducibleBackend()));
        _server = new InferenceServer(_models, RunnerKey, 31337, 42, IPAddress.Loopback, InProcessNode.FreePort(), new RecordingLogger(output.WriteLine));
        _server.Start();
        _http.BaseAddress = _server.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        foreach (ServedModel m in _models) m.Model.Dispose();
    }

    [Fact]
    public async Task The_models_it_serves_are_listed_with_their_hash_and_tensors()
    {
        using JsonDocument listing = JsonDocument.Parse(await _http.GetStringAsync("v1/models"));
        Assert.Equal("42", listing.RootElement.GetProperty("runnerId").GetString());
        Assert.Equal(Secp256k1.AddressFromPrivateKey(RunnerKey).ToChecksumString(), listing.RootElement.GetProperty("signer").GetString());
        JsonElement[] models = listing.RootElement.GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal(["breast_cancer_risk", "diabetes_progression"], models.Select(m => m.GetProperty("name").GetString()));
        JsonElement bc = models[0];
        Assert.Equal(BreastCancerSha, bc.GetProperty("sha256").GetString());
        Assert.Equal("reproducible-v2", bc.GetProperty("runtime").GetString());
        JsonElement input = Assert.Single(bc.GetProperty("inputs").EnumerateArray());
        Assert.Equal("features", input.GetProperty("name").GetString());
        Assert.Equal(30, input.GetProperty("shape")[1].GetInt32());
        Assert.Equal(["label", "probabilities"], bc.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task A_served_inference_matches_a_direct_reproducible_run_and_its_signed_commitment_verifies()
    {
        float[] row = SampleFile.Read(TestPaths.Expected("breast_cancer_risk"))[2];
        string body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = "breast_cancer_risk",
            ["inputs"] = new Dictionary<string, float[]> { ["features"] = row },
            ["agentContract"] = AgentContract.ToChecksumString(),
            ["agentId"] = 1,
            ["nonce"] = "7",
        });
        using HttpResponseMessage response = await _http.PostAsync("v1/infer", new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using JsonDocument answer = JsonDocument.Parse(text);
        JsonElement r = answer.RootElement;

        using AgentModel direct = AgentModel.Load(TestPaths.Model("breast_cancer_risk"), BreastCancerSha, new ReproducibleBackend());
        ModelEvaluation expected = direct.Evaluate("features", row);
        float[] probabilities = r.GetProperty("outputs").GetProperty("probabilities").GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(expected.Outputs["probabilities"].AsSpan<float>().ToArray(), probabilities); // bit-exact after the JSON round trip
        Assert.Equal(expected.Outputs["label"].AsSpan<long>()[0], r.GetProperty("outputs").GetProperty("label").GetProperty("data")[0].GetInt64());
        Assert.Equal(expected.InputHash.ToString(), r.GetProperty("inputHash").GetString());
        Assert.Equal(expected.OutputHash.ToString(), r.GetProperty("outputHash").GetString());
        Assert.Equal("0x" + BreastCancerSha, r.GetProperty("modelHash").GetString());
        Assert.Equal(direct.RuntimeId.ToString(), r.GetProperty("runtimeId").GetString());

        // Rebuild the commitment from what the client asked and what the runner answered, and check the runner's signature over it.
        var commitment = new InferenceCommitment(31337, AgentContract, 1, 7, expected.ModelHash, expected.RuntimeId, expected.InputHash, expected.OutputHash);
        Assert.Equal(commitment.Hash().ToString(), r.GetProperty("commitment").GetString());
        var evidence = new AttestationEvidence(EvidenceKind.SignedCommitment, Hex.Decode(r.GetProperty("signature").GetString()!));
        AttestationVerdict verdict = new SignedCommitmentVerifier(Secp256k1.AddressFromPrivateKey(RunnerKey)).Verify(evidence, commitment.Hash());
        Assert.True(verdict.IsValid, verdict.Reason);
        Assert.False(new SignedCommitmentVerifier(Address.Zero).Verify(evidence, commitment.Hash()).IsValid);
        Assert.False(new SignedCommitmentVerifier(Secp256k1.AddressFromPrivateKey(RunnerKey)).Verify(evidence, (commitment with { Nonce = 8 }).Hash()).IsValid);
    }

    [Fact]
    public async Task A_model_named_by_its_sha256_defaults_to_the_runners_id_and_nonce_zero()
    {
        float[] row = SampleFile.Read(TestPaths.Expected("diabetes_progression"))[0];
        string features = string.Join(",", row.Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        string body = "{\"model\":\"0x" + _models[1].Sha256 + "\",\"inputs\":{\"features\":[" + features + "]}}";
        using HttpResponseMessage response = await _http.PostAsync("v1/infer", new StringContent(body, Encoding.UTF8, "application/json"));
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("diabetes_progression", answer.RootElement.GetProperty("model").GetString());
        Assert.Equal("42", answer.RootElement.GetProperty("agentId").GetString());
        Assert.Equal("0", answer.RootElement.GetProperty("nonce").GetString());
        Assert.Equal(Address.Zero.ToChecksumString(), answer.RootElement.GetProperty("agentContract").GetString());
        using AgentModel direct = AgentModel.Load(TestPaths.Model("diabetes_progression"), _models[1].Sha256, new ReproducibleBackend());
        Assert.Equal(direct.Evaluate("features", row).Output("prediction", 0),
            answer.RootElement.GetProperty("outputs").GetProperty("prediction").GetProperty("data")[0].GetSingle());
    }

    [Theory]
    [InlineData("not json", 400, "the body is not JSON")]
    [InlineData("[1,2]", 400, "must be a JSON object")]
    [InlineData("""{"inputs":{"features":[1]}}""", 400, "'model' is required")]
    [InlineData("""{"model":"nope","inputs":{"features":[1]}}""", 400, "no served model 'nope'")]
    [InlineData("""{"model":"diabetes_progression"}""", 400, "'inputs' is required")]
    [InlineData("""{"model":"diabetes_progression","inputs":{"features":[1,2,3]}}""", 400, "input 'features' must have shape")]
    [InlineData("""{"model":"diabetes_progression","inputs":{"pixels":[1]}}""", 400, "unknown input 'pixels'")]
    [InlineData("""{"model":"diabetes_progression","inputs":{"features":["a"]}}""", 400, "is not a finite Single number")]
    [InlineData("""{"model":"diabetes_progression","inputs":{"features":[[1,2],[3]]}}""", 400, "is not rectangular")]
    [InlineData("""{"model":"diabetes_progression","inputs":{"features":[1]},"agentContract":"0x12"}""", 400, "'agentContract' must be a 20-byte hex address")]
    [InlineData("""{"model":"diabetes_progression","inputs":{"features":[1]},"nonce":-1}""", 400, "'nonce' must be a non-negative integer")]
    [InlineData("""{"model":"diabetes_progression","inputs":{"features":[1]},"temperature":1}""", 400, "unknown field 'temperature'")]
    public async Task Malformed_requests_get_a_json_error_saying_what_was_wrong(string body, int status, string error)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await _http.PostAsync("v1/infer", content);
        Assert.Equal(status, (int)response.StatusCode);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(error, answer.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_wrong_methods_and_unknown_paths_are_refused()
    {
        string huge = """{"model":"diabetes_progression","inputs":{"features":[""" + string.Join(",", Enumerable.Repeat("1", InferenceServer.MaxBodyBytes / 2)) + "]}}";
        using HttpResponseMessage tooLarge = await _http.PostAsync("v1/infer", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains($"at most {InferenceServer.MaxBodyBytes}", await tooLarge.Content.ReadAsStringAsync());

        using HttpResponseMessage get = await _http.GetAsync("v1/infer");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        using HttpResponseMessage missing = await _http.GetAsync("v2/anything");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // And it still serves after all of that.
        using HttpResponseMessage models = await _http.GetAsync("v1/models");
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }
}
