using System.Collections.Concurrent;
using System.Diagnostics;

namespace AgentChain.Agents.Tests;

/// <summary>The real <c>agentchain</c> command (the built CLI) as a child process, with its output kept for assertions.</summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Action<string>? _echo;

    private CliProcess(Process process, Action<string>? echo)
    {
        _process = process;
        _echo = echo;
    }

    public IEnumerable<string> Lines => _lines;

    public static CliProcess Start(Action<string>? echo, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(CliPath());
        foreach (string a in args) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process, echo);
        process.OutputDataReceived += (_, e) => cli.Add(e.Data);
        process.ErrorDataReceived += (_, e) => cli.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>
    /// <c>agentchain devnet</c> from genesis in a fresh temporary data directory on <paramref name="port"/>, 100 ms
    /// blocks, plus <paramref name="options"/>.
    /// </summary>
    public static CliProcess StartDevnet(Action<string>? echo, int port, params string[] options) =>
        Start(echo, ["devnet", "--fresh", "--port", port.ToString(), "--data-dir", TestPaths.TempDirectory(), "--block-time", "100", .. options]);

    private void Add(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        try
        {
            _echo?.Invoke(line);
        }
        catch (InvalidOperationException)
        {
            // The test's output helper is closed once the test ends; the process may still be printing.
        }
    }

    /// <summary>Waits until a line contains <paramref name="text"/>; fails with the whole output if the process exits or time runs out.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            string? hit = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (hit is not null) return hit;
            if (_process.HasExited)
            {
                // A process that printed and exited at once may still have lines on their way to the output handlers:
                // waiting for the exit drains the redirected streams.
                await _process.WaitForExitAsync();
                hit = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
                if (hit is not null) return hit;
                throw new Xunit.Sdk.XunitException($"agentchain exited ({_process.ExitCode}) before printing '{text}':\n{string.Join('\n', _lines)}");
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"agentchain did not print '{text}' within {timeout.TotalSeconds:0} s:\n{string.Join('\n', _lines)}");
    }

    public bool Printed(string text) => _lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    private static string CliPath()
    {
        // tests/AgentChain.Agents.Tests/bin/<Configuration>/net10.0 -> cli/AgentChain.Cli/bin/<Configuration>/net10.0
        string here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        string dll = Path.Combine(TestPaths.RepositoryRoot(), "cli", "AgentChain.Cli", "bin", configuration, "net10.0", "agentchain.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build cli/AgentChain.Cli ({configuration}) first: {dll} is missing");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
