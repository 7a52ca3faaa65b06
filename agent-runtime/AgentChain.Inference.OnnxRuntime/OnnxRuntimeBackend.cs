using System.Text.RegularExpressions;
using AgentChain.Inference.OnnxRuntime.Native;

namespace AgentChain.Inference.OnnxRuntime;

/// <summary>
/// Runs ONNX models with ONNX Runtime 1.30 (the native library from the npm package onnxruntime-node), through this
/// project's own binding of ORT's stable C API. The library is loaded on first use, not at construction, so the
/// backend can be registered in a catalog on machines that never use it.
/// </summary>
public sealed partial class OnnxRuntimeBackend : IInferenceBackend
{
    public const string BackendName = "ort";

    private readonly OnnxRuntimeBackendOptions _options;

    public OnnxRuntimeBackend() : this(OnnxRuntimeBackendOptions.Default) { }

    public OnnxRuntimeBackend(OnnxRuntimeBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public string Name => BackendName;

    /// <summary>The runtime id of the deterministic profile (the one proofs use), e.g. "onnxruntime-1.30.0/cpu-x64-avx2/deterministic". Loads the library.</summary>
    public string RuntimeId => OrtSessionProfile.For(InferenceOptions.Default, _options, OrtRuntime.Shared).RuntimeId(OrtRuntime.Shared);

    /// <summary>The loaded library's version string (loads it).</summary>
    public static string LibraryVersion => OrtRuntime.Shared.Api.Version;

    /// <summary>Creates a session from the model bytes; the session's <see cref="IInferenceSession.ModelHash"/> is SHA-256 of exactly these bytes.</summary>
    public IInferenceSession Load(ReadOnlyMemory<byte> modelBytes, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OrtRuntime runtime = OrtRuntime.Shared;
        OrtSessionProfile profile = OrtSessionProfile.For(options, _options, runtime);
        try
        {
            return OnnxRuntimeSession.Create(runtime, profile, modelBytes);
        }
        catch (OnnxRuntimeException e) when (e.Operation == "CreateSessionFromArray")
        {
            throw TranslateLoadFailure(e);
        }
    }

    /// <summary>
    /// A model ORT refuses is the caller's problem, reported as the contract's exceptions with ORT's error kept as the
    /// inner exception: an unknown or unimplemented operator becomes <see cref="UnsupportedOperatorException"/>,
    /// anything else <see cref="InvalidModelException"/>.
    /// </summary>
    private static InferenceException TranslateLoadFailure(OnnxRuntimeException e)
    {
        Match op = UnsupportedOpPattern().Match(e.OrtMessage);
        if (op.Success)
        {
            string name = op.Groups["op"].Success ? op.Groups["op"].Value : op.Groups["op2"].Success ? op.Groups["op2"].Value : op.Groups["op3"].Value;
            string domain = op.Groups["domain"].Success ? op.Groups["domain"].Value : op.Groups["domain3"].Value;
            return new UnsupportedOperatorException(domain.Length > 0 && domain != "ai.onnx" ? $"{domain}.{name}" : name, BackendName);
        }
        return new InvalidModelException($"ONNX Runtime rejected the model ({e.ErrorCode}): {e.OrtMessage}", e);
    }

    // ORT says "No Op registered for Foo with domain_version of 13" for unknown ops, "Could not find an
    // implementation for Foo(13) node" for ops without a kernel for the input types, and "ai.onnx.preview.training:
    // Adagrad(-1) is not a registered function/op" for ops of a domain the build has no kernels for at all (the
    // npm build leaves out the training ops).
    [GeneratedRegex(@"No Op registered for (?<op>[A-Za-z0-9_]+) with domain_version of \d+(?:.*?domain (?<domain>[A-Za-z0-9_.]*))?|Could not find an implementation for (?<op2>[A-Za-z0-9_]+)\(|(?<domain3>[A-Za-z0-9_.]*):(?<op3>[A-Za-z0-9_]+)\(-?\d+\) is not a registered function/op", RegexOptions.Singleline)]
    private static partial Regex UnsupportedOpPattern();
}
