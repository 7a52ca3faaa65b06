using BenchmarkDotNet.Running;

namespace AgentChain.Bench;

/// <summary>Entry point when run directly: <c>dotnet run -c Release --project bench/AgentChain.Bench -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
