using System.CommandLine;
using AgentChain.Inference;
using AgentChain.Inference.Conformance;

namespace AgentChain.Cli.Commands;

/// <summary><c>agentchain onnx-conformance [--backend NAME] PATH</c>: runs an inference backend over the ONNX backend node tests.</summary>
public static class OnnxConformanceCommand
{
    /// <summary>Debian's libonnx-testdata installs the ONNX backend tests here.</summary>
    public const string DebianTestDataPath = "/usr/share/libonnx-testdata/data/node";

    /// <summary>Every backend the CLI can run: the reproducible managed backend and our ONNX Runtime binding ("ort").</summary>
    public static InferenceBackendCatalog BackendCatalog() =>
        InferenceBackendCatalog.CreateDefault().Register("ort", () => new AgentChain.Inference.OnnxRuntime.OnnxRuntimeBackend());

    public static Command Create()
    {
        var backendOption = new Option<string>("--backend") { Description = "backend to test: " + string.Join(", ", BackendCatalog().Names), DefaultValueFactory = _ => "reproducible" };
        var threadsOption = new Option<int>("--threads") { Description = "threads per run (0: the backend's default)", DefaultValueFactory = _ => 0 };
        var verboseOption = new Option<bool>("--verbose") { Description = "print every case, not only failures" };
        var pathArgument = new Argument<string>("PATH")
        {
            Description = $"a test case directory, or a directory of them (default: {DebianTestDataPath}, from Debian's libonnx-testdata)",
            DefaultValueFactory = _ => DebianTestDataPath,
        };
        var command = new Command("onnx-conformance", "Run an inference backend over the ONNX backend node tests and compare outputs (rtol 1e-3, atol 1e-7; exact for integers).")
        {
            backendOption, threadsOption, verboseOption, pathArgument,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(pathArgument)!;
            IInferenceBackend backend;
            try
            {
                backend = BackendCatalog().Create(parse.GetValue(backendOption)!);
            }
            catch (InferenceException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            if (!Directory.Exists(path))
            {
                Console.Error.WriteLine($"'{path}' does not exist. The ONNX backend tests come from Debian's libonnx-testdata: apt-get install -y libonnx-testdata");
                return 2;
            }
            bool verbose = parse.GetValue(verboseOption);
            Console.WriteLine($"backend {backend.Name} ({backend.RuntimeId}) on {path}");
            var runner = new OnnxConformanceRunner(backend, new InferenceOptions { Threads = parse.GetValue(threadsOption) });
            ConformanceReport report;
            try
            {
                report = runner.Run(path, result =>
                {
                    if (result.Outcome == ConformanceOutcome.Failed) Console.WriteLine($"  FAIL  {result.Name}: {result.Detail}");
                    else if (verbose) Console.WriteLine($"  {(result.Outcome == ConformanceOutcome.Passed ? "ok  " : "skip")}  {result.Name}{(result.Detail.Length > 0 ? ": " + result.Detail : "")}");
                });
            }
            catch (DirectoryNotFoundException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            foreach ((string op, int cases) in report.SkippedByOp)
                Console.WriteLine($"  skipped {cases,3} case(s): op {op} not supported by backend {backend.Name}");
            Console.WriteLine(report.Summary);
            return report.Failed == 0 ? 0 : 1;
        });
        return command;
    }
}
