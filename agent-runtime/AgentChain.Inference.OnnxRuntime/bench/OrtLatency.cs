#:project ../AgentChain.Inference.OnnxRuntime.csproj
#:property Optimize=true
#:property TieredPGO=true
#:property PublishAot=false

// Latency of one model through our C# binding, with the same method as ort-node-latency.js (same library, same
// session settings, same input, per-call wall time including reading the output). Prints one JSON line.
//   dotnet run OrtLatency.cs -- <model.onnx> <features> <batch> <warmup> <iterations>
using System.Diagnostics;
using AgentChain.Inference;
using AgentChain.Inference.OnnxRuntime;

string model = args[0];
int features = int.Parse(args[1]), batch = int.Parse(args[2]), warmup = int.Parse(args[3]), iterations = int.Parse(args[4]);
var data = new float[features * batch];
for (int i = 0; i < data.Length; i++) data[i] = (i % 17) / 2f;
var feeds = new Dictionary<string, Tensor> { ["features"] = Tensor.Create(data, batch, features) };

// The fast profile with one intra-op thread matches the node side's options (sequential, all optimisations).
using IInferenceSession session = new OnnxRuntimeBackend(new OnnxRuntimeBackendOptions { InterOpThreads = 1 })
    .Load(File.ReadAllBytes(model), new InferenceOptions { Deterministic = false, Threads = 1 });
double sink = 0;
for (int i = 0; i < warmup; i++) sink += session.Run(feeds)["probabilities"].AsSpan<float>()[0];
var latency = new double[iterations];
long start = Stopwatch.GetTimestamp();
for (int i = 0; i < iterations; i++)
{
    long t0 = Stopwatch.GetTimestamp();
    sink += session.Run(feeds)["probabilities"].AsSpan<float>()[0];
    latency[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
}
double total = Stopwatch.GetElapsedTime(start).TotalSeconds;
Array.Sort(latency);
double Pct(double p) => latency[Math.Min(iterations - 1, (int)(p * iterations))];
Console.WriteLine($"{{\"runner\":\"agentchain-csharp\",\"p50_us\":{Pct(0.5):F2},\"p99_us\":{Pct(0.99):F2},\"mean_us\":{latency.Average():F2},\"max_us\":{latency[^1]:F0},\"runs_per_s\":{iterations / total:F0},\"sink\":{(sink > 0 ? "true" : "false")}}}");
