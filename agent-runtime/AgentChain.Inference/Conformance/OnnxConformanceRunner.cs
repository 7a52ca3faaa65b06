using System.Globalization;
using AgentChain.Inference.Onnx;

namespace AgentChain.Inference.Conformance;

/// <summary>
/// Runs a backend over ONNX backend test cases (the layout of onnx/backend/test/data/node: each case directory holds
/// model.onnx and test_data_set_N/input_K.pb, output_K.pb as serialized TensorProtos). A case whose model the backend
/// refuses with <see cref="UnsupportedOperatorException"/> is skipped; otherwise each output is compared with ONNX's
/// backend-test tolerance (|actual − expected| ≤ atol + rtol·|expected|, rtol 1e-3, atol 1e-7; exact for integer,
/// bool and string; NaN matches NaN).
/// </summary>
public sealed class OnnxConformanceRunner(IInferenceBackend backend, InferenceOptions? options = null)
{
    public const double RelativeTolerance = 1e-3;
    public const double AbsoluteTolerance = 1e-7;

    private readonly InferenceOptions _options = options ?? InferenceOptions.Default;

    /// <summary>
    /// Runs every case under <paramref name="path"/>: a case directory itself, or a directory of cases (searched one
    /// level down, and in node/ when given the data root). Throws <see cref="DirectoryNotFoundException"/> if none are found.
    /// </summary>
    public ConformanceReport Run(string path, Action<ConformanceCaseResult>? onCase = null)
    {
        var results = new List<ConformanceCaseResult>();
        foreach (string dir in FindCases(path))
        {
            ConformanceCaseResult result;
            try
            {
                result = RunCase(dir);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A backend bug must fail its own case, loudly, and never end the run.
                result = new ConformanceCaseResult(Path.GetFileName(Path.TrimEndingDirectorySeparator(dir)), ConformanceOutcome.Failed,
                    $"crashed: {e.GetType().Name}: {e.Message}");
            }
            onCase?.Invoke(result);
            results.Add(result);
        }
        return new ConformanceReport(results);
    }

    public static IReadOnlyList<string> FindCases(string path)
    {
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"conformance path '{path}' does not exist");
        if (File.Exists(Path.Combine(path, "model.onnx"))) return [path];
        string root = Directory.Exists(Path.Combine(path, "node")) && !Directory.EnumerateDirectories(path).Any(d => File.Exists(Path.Combine(d, "model.onnx")))
            ? Path.Combine(path, "node")
            : path;
        var cases = Directory.EnumerateDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, "model.onnx")))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (cases.Count == 0) throw new DirectoryNotFoundException($"no ONNX backend test cases (directories with model.onnx) under '{path}'");
        return cases;
    }

    public ConformanceCaseResult RunCase(string dir)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
        IInferenceSession session;
        try
        {
            session = backend.Load(File.ReadAllBytes(Path.Combine(dir, "model.onnx")), _options);
        }
        catch (UnsupportedOperatorException e)
        {
            return new ConformanceCaseResult(name, ConformanceOutcome.Skipped, e.Message, e.OpType);
        }
        catch (InferenceException e)
        {
            return new ConformanceCaseResult(name, ConformanceOutcome.Failed, $"load: {e.Message}");
        }
        using (session)
        {
            var sets = Directory.EnumerateDirectories(dir, "test_data_set_*").Order(StringComparer.Ordinal).ToList();
            if (sets.Count == 0) return new ConformanceCaseResult(name, ConformanceOutcome.Failed, "no test_data_set_* directories");
            foreach (string set in sets)
            {
                string? problem = RunDataSet(session, set);
                if (problem is not null)
                    return new ConformanceCaseResult(name, ConformanceOutcome.Failed, $"{Path.GetFileName(set)}: {problem}");
            }
        }
        return new ConformanceCaseResult(name, ConformanceOutcome.Passed, "");
    }

    private static string? RunDataSet(IInferenceSession session, string set)
    {
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        List<string> inputFiles = Numbered(set, "input_");
        for (int i = 0; i < inputFiles.Count; i++)
        {
            (string? protoName, Tensor tensor) = Read(inputFiles[i]);
            // The .pb name, when set, is the graph input name; otherwise files follow the graph's input order.
            string? inputName = protoName is not null && session.Inputs.Any(x => x.Name == protoName) ? protoName
                : i < session.Inputs.Count ? session.Inputs[i].Name : null;
            if (inputName is null) return $"{Path.GetFileName(inputFiles[i])} has no matching graph input";
            inputs[inputName] = tensor;
        }

        IReadOnlyDictionary<string, Tensor> actual;
        try
        {
            actual = session.Run(inputs);
        }
        catch (InferenceException e)
        {
            return $"run: {e.Message}";
        }

        List<string> outputFiles = Numbered(set, "output_");
        for (int i = 0; i < outputFiles.Count; i++)
        {
            (string? protoName, Tensor expected) = Read(outputFiles[i]);
            string? outputName = protoName is not null && actual.ContainsKey(protoName) ? protoName
                : i < session.Outputs.Count ? session.Outputs[i].Name : null;
            if (outputName is null || !actual.TryGetValue(outputName, out Tensor? got)) return $"{Path.GetFileName(outputFiles[i])}: backend produced no such output";
            string? difference = Compare(expected, got);
            if (difference is not null) return $"output '{outputName}': {difference}";
        }
        return null;
    }

    private static (string? Name, Tensor Tensor) Read(string file)
    {
        global::Onnx.TensorProto proto = global::Onnx.TensorProto.Parser.ParseFrom(File.ReadAllBytes(file));
        return (string.IsNullOrEmpty(proto.Name) ? null : proto.Name, OnnxTensorReader.ToTensor(proto));
    }

    private static List<string> Numbered(string dir, string prefix) => Directory.EnumerateFiles(dir, prefix + "*.pb")
        .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f)[prefix.Length..], CultureInfo.InvariantCulture))
        .ToList();

    /// <summary>Null when <paramref name="actual"/> matches <paramref name="expected"/> within the backend-test tolerance; otherwise what differs.</summary>
    public static string? Compare(Tensor expected, Tensor actual)
    {
        if (expected.ElementType != actual.ElementType) return $"element type {actual.ElementType}, expected {expected.ElementType}";
        if (!expected.Shape.SequenceEqual(actual.Shape)) return $"shape {TensorShape(actual)}, expected {TensorShape(expected)}";
        switch (expected.ElementType)
        {
            case TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16:
            {
                double[] e = ToDoubles(expected), a = ToDoubles(actual);
                for (int i = 0; i < e.Length; i++)
                {
                    if (double.IsNaN(e[i]) && double.IsNaN(a[i])) continue;
                    if (e[i] == a[i]) continue; // also equal infinities
                    if (!(Math.Abs(a[i] - e[i]) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(e[i])))
                        return $"element {i} is {a[i].ToString("R", CultureInfo.InvariantCulture)}, expected {e[i].ToString("R", CultureInfo.InvariantCulture)}";
                }
                return null;
            }
            case TensorElementType.String:
            {
                ReadOnlySpan<string> e = expected.AsSpan<string>(), a = actual.AsSpan<string>();
                for (int i = 0; i < e.Length; i++)
                    if (!string.Equals(e[i], a[i], StringComparison.Ordinal)) return $"element {i} is \"{a[i]}\", expected \"{e[i]}\"";
                return null;
            }
            default:
            {
                int size = TensorElementTypes.SizeOf(expected.ElementType);
                ReadOnlySpan<byte> e = expected.AsBytes(), a = actual.AsBytes();
                int at = e.CommonPrefixLength(a);
                return at == e.Length ? null : $"element {at / size} differs (exact comparison for {expected.ElementType})";
            }
        }
    }

    private static double[] ToDoubles(Tensor t) => t.Data switch
    {
        float[] f => Array.ConvertAll(f, v => (double)v),
        double[] d => d,
        Half[] h => Array.ConvertAll(h, v => (double)v),
        _ => throw new InvalidOperationException($"not a floating tensor: {t}"),
    };

    private static string TensorShape(Tensor t) => "[" + string.Join(",", t.ShapeToArray()) + "]";
}
