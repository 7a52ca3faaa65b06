using System.Globalization;
using System.Text.Json;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Agents.Specs;

/// <summary>
/// An agent, as its operator describes it in a JSON file: which model (checked by SHA-256 at load), which registered
/// agent and ControllableAgent it acts for, what triggers it, how the model input is built, how the outputs map to one
/// contract call, and which proof it attaches. Contracts are named as in the node's manifest (<c>GET /api/contracts</c>),
/// never by address, so one spec works on every devnet. See agent-runtime/AgentChain.Agents/README.md for the format.
/// </summary>
public sealed record AgentSpec
{
    public required string Name { get; init; }
    public required ModelSpec Model { get; init; }

    /// <summary>The manifest name of the agent's ControllableAgent (the devnet's demo agent is "DemoAgent").</summary>
    public required string AgentContract { get; init; }

    public required UInt256 AgentId { get; init; }
    public required TriggerSpec Trigger { get; init; }
    public required InputSpec Input { get; init; }
    public required ActionSpec Action { get; init; }
    public required ProofKind Proof { get; init; }

    /// <summary>Dev-TEE only: the seed of the INSECURE dev platform key and the enclave measurement it reports.</summary>
    public string? DevTeePlatformKeySeed { get; init; }
    public Hash256 DevTeeMeasurement { get; init; }

    /// <summary>Reads and validates a spec file; relative paths inside it are resolved against the file's folder.</summary>
    public static AgentSpec Load(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new AgentSpecException($"agent spec {full} does not exist");
        return Parse(File.ReadAllText(full), System.IO.Path.GetDirectoryName(full)!);
    }

    /// <summary>Parses and validates spec JSON; <paramref name="baseDirectory"/> anchors relative model and sample paths.</summary>
    public static AgentSpec Parse(string json, string baseDirectory)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new AgentSpecException($"agent spec is not valid JSON: {e.Message}", e);
        }
        if (root.ValueKind != JsonValueKind.Object) throw new AgentSpecException("agent spec must be a JSON object");

        string name = RequiredString(root, "name", "name");
        JsonElement model = RequiredObject(root, "model", "model");
        var modelSpec = new ModelSpec(
            Resolve(baseDirectory, RequiredString(model, "path", "model.path")),
            RequiredString(model, "sha256", "model.sha256").ToLowerInvariant(),
            OptionalString(model, "backend") ?? "reproducible");
        if (modelSpec.Sha256.Length != 64 || !modelSpec.Sha256.All(Uri.IsHexDigit))
            throw new AgentSpecException($"model.sha256 must be 64 hex digits (the SHA-256 of the model file), got '{modelSpec.Sha256}'");

        JsonElement agent = RequiredObject(root, "agent", "agent");
        string agentContract = RequiredString(agent, "contract", "agent.contract");
        UInt256 agentId = RequiredUInt(agent, "agentId", "agent.agentId");
        if (agentId.IsZero) throw new AgentSpecException("agent.agentId must be a registered agent id (ids start at 1)");

        TriggerSpec trigger = ParseTrigger(RequiredObject(root, "trigger", "trigger"));
        InputSpec input = ParseInput(RequiredObject(root, "input", "input"), baseDirectory);
        ActionSpec action = ParseAction(RequiredObject(root, "action", "action"));

        JsonElement proof = RequiredObject(root, "proof", "proof");
        string mode = RequiredString(proof, "mode", "proof.mode");
        ProofKind proofKind = mode switch
        {
            "signed-commitment" => ProofKind.SignedCommitment,
            "dev-tee" => ProofKind.DevTee,
            _ => throw new AgentSpecException($"proof.mode '{mode}' is not known; use 'signed-commitment' (optimistic) or 'dev-tee'"),
        };
        string? platformSeed = null;
        Hash256 measurement = default;
        if (proofKind == ProofKind.DevTee)
        {
            platformSeed = RequiredString(proof, "platformKeySeed", "proof.platformKeySeed");
            string m = RequiredString(proof, "measurement", "proof.measurement");
            if (!Hash256.TryParse(m, out measurement))
                throw new AgentSpecException($"proof.measurement must be a 0x-prefixed 32-byte hex value, got '{m}'");
        }

        var spec = new AgentSpec
        {
            Name = name,
            Model = modelSpec,
            AgentContract = agentContract,
            AgentId = agentId,
            Trigger = trigger,
            Input = input,
            Action = action,
            Proof = proofKind,
            DevTeePlatformKeySeed = platformSeed,
            DevTeeMeasurement = measurement,
        };
        spec.CheckConsistency();
        return spec;
    }

    private void CheckConsistency()
    {
        bool eventTrigger = Trigger.Kind == TriggerKind.Event;
        if (Input.TriggerField is not null && !eventTrigger)
            throw new AgentSpecException($"input.from '{Input.TriggerField}' reads the triggering event, but the trigger is '{Trigger.Kind.ToString().ToLowerInvariant()}'; use input.samples for non-event triggers");
        if (Input.TriggerField is null && Input.SamplesPath is null)
            throw new AgentSpecException("input needs either 'from' (an event parameter) or 'samples' (a file of input rows)");
        foreach (ArgumentSpec a in Action.Arguments)
        {
            if (a.Source == ArgumentSource.Trigger && !eventTrigger)
                throw new AgentSpecException($"action argument from trigger field '{a.Name}' needs an event trigger");
        }
    }

    private static TriggerSpec ParseTrigger(JsonElement e)
    {
        string kind = RequiredString(e, "kind", "trigger.kind");
        switch (kind)
        {
            case "event":
                return new TriggerSpec(TriggerKind.Event, RequiredString(e, "contract", "trigger.contract"),
                    RequiredString(e, "event", "trigger.event"), 0, TimeSpan.Zero);
            case "feed":
                return new TriggerSpec(TriggerKind.Feed, RequiredString(e, "contract", "trigger.contract"), "AnswerUpdated", 0, TimeSpan.Zero);
            case "block":
            {
                ulong every = e.TryGetProperty("everyBlocks", out _) ? (ulong)RequiredUInt(e, "everyBlocks", "trigger.everyBlocks") : 1;
                if (every is 0 or > 1_000_000) throw new AgentSpecException($"trigger.everyBlocks must be between 1 and 1000000, got {every}");
                return new TriggerSpec(TriggerKind.Block, null, null, (int)every, TimeSpan.Zero);
            }
            case "interval":
            {
                ulong seconds = (ulong)RequiredUInt(e, "seconds", "trigger.seconds");
                if (seconds is 0 or > 86_400 * 30) throw new AgentSpecException($"trigger.seconds must be between 1 and 2592000, got {seconds}");
                return new TriggerSpec(TriggerKind.Interval, null, null, 0, TimeSpan.FromSeconds(seconds));
            }
            default:
                throw new AgentSpecException($"trigger.kind '{kind}' is not known; use 'block', 'event', 'feed' or 'interval'");
        }
    }

    private static InputSpec ParseInput(JsonElement e, string baseDirectory)
    {
        string tensor = OptionalString(e, "tensor") ?? "features";
        string? from = OptionalString(e, "from");
        string? samples = OptionalString(e, "samples");
        if (from is not null && samples is not null)
            throw new AgentSpecException("input has both 'from' and 'samples'; give exactly one");
        double scale = OptionalDouble(e, "scale", "input.scale") ?? 1.0;
        if (!double.IsFinite(scale) || scale == 0) throw new AgentSpecException($"input.scale must be a finite non-zero number, got {scale}");
        string? samplesPath = samples is null ? null : Resolve(baseDirectory, samples);
        if (samplesPath is not null && !File.Exists(samplesPath)) throw new AgentSpecException($"input.samples file {samplesPath} does not exist");
        return new InputSpec(tensor, from, scale, samplesPath);
    }

    private static ActionSpec ParseAction(JsonElement e)
    {
        string contract = RequiredString(e, "contract", "action.contract");
        string function = RequiredString(e, "function", "action.function");
        if (!function.Contains('(') || !function.EndsWith(')'))
            throw new AgentSpecException($"action.function must be a full signature such as 'recordAssessment(bytes32,uint16)', got '{function}'");
        if (!e.TryGetProperty("arguments", out JsonElement args) || args.ValueKind != JsonValueKind.Array)
            throw new AgentSpecException("action.arguments must be an array (one entry per function parameter)");
        var arguments = new List<ArgumentSpec>();
        int i = 0;
        foreach (JsonElement a in args.EnumerateArray())
        {
            string where = $"action.arguments[{i++}]";
            if (a.ValueKind != JsonValueKind.Object) throw new AgentSpecException($"{where} must be an object");
            string source = RequiredString(a, "from", where + ".from");
            arguments.Add(source switch
            {
                "trigger" => new ArgumentSpec(ArgumentSource.Trigger, RequiredString(a, "name", where + ".name"), 0, 1, null),
                "output" => new ArgumentSpec(ArgumentSource.Output, RequiredString(a, "name", where + ".name"),
                    OptionalIndex(a, where), OptionalDouble(a, "scale", where + ".scale") ?? 1.0, null),
                "constant" => new ArgumentSpec(ArgumentSource.Constant, null, 0, 1, RequiredString(a, "value", where + ".value")),
                "inputHash" => new ArgumentSpec(ArgumentSource.InputHash, null, 0, 1, null),
                _ => throw new AgentSpecException($"{where}.from '{source}' is not known; use 'trigger', 'output', 'constant' or 'inputHash'"),
            });
        }
        int parameters = function[(function.IndexOf('(') + 1)..^1].Length == 0 ? 0 : CountTopLevelCommas(function) + 1;
        if (parameters != arguments.Count)
            throw new AgentSpecException($"action.function {function} takes {parameters} argument(s) but action.arguments lists {arguments.Count}");

        ValueRuleSpec? value = null;
        if (e.TryGetProperty("value", out JsonElement v) && v.ValueKind != JsonValueKind.Null)
        {
            string wei = RequiredString(v, "wei", "action.value.wei");
            if (!UInt256.TryParse(wei, out UInt256 amount))
                throw new AgentSpecException($"action.value.wei must be a whole number of wei as a string, got '{wei}'");
            value = new ValueRuleSpec(RequiredString(v, "output", "action.value.output"), OptionalIndex(v, "action.value"),
                OptionalDouble(v, "atLeast", "action.value.atLeast") ?? 0, amount);
        }
        return new ActionSpec(contract, function, arguments, value);
    }

    private static int CountTopLevelCommas(string signature)
    {
        int depth = 0, commas = 0;
        foreach (char c in signature[(signature.IndexOf('(') + 1)..^1])
        {
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) commas++;
        }
        return commas;
    }

    private static string Resolve(string baseDirectory, string path) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(baseDirectory, path));

    private static JsonElement RequiredObject(JsonElement e, string property, string where) =>
        e.TryGetProperty(property, out JsonElement v) && v.ValueKind == JsonValueKind.Object
            ? v
            : throw new AgentSpecException($"{where} is missing or not an object");

    private static string RequiredString(JsonElement e, string property, string where) =>
        e.TryGetProperty(property, out JsonElement v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0
            ? v.GetString()!
            : throw new AgentSpecException($"{where} is missing or not a non-empty string");

    private static string? OptionalString(JsonElement e, string property) =>
        e.TryGetProperty(property, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? OptionalDouble(JsonElement e, string property, string where)
    {
        if (!e.TryGetProperty(property, out JsonElement v)) return null;
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new AgentSpecException($"{where} must be a number");
    }

    private static int OptionalIndex(JsonElement e, string where)
    {
        if (!e.TryGetProperty("index", out JsonElement v)) return 0;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i >= 0
            ? i
            : throw new AgentSpecException($"{where}.index must be a non-negative integer");
    }

    private static UInt256 RequiredUInt(JsonElement e, string property, string where)
    {
        if (!e.TryGetProperty(property, out JsonElement v)) throw new AgentSpecException($"{where} is missing");
        string text = v.ValueKind switch
        {
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.String => v.GetString()!,
            _ => "",
        };
        return UInt256.TryParse(text, out UInt256 n) && !text.StartsWith('-')
            ? n
            : throw new AgentSpecException($"{where} must be a non-negative integer, got {v.GetRawText()}");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name} (agent {AgentId} via {AgentContract}, {Trigger.Kind.ToString().ToLowerInvariant()} trigger, {Action.Function} on {Action.Contract})");
}
