using System.Diagnostics;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests.Faults;

/// <summary>
/// The real <c>streamrefiner</c> command as a child process of the test (<c>run</c> or <c>dev-broker</c>), its
/// output appended to a log file; stopped only through its own PID (SIGKILL or SIGTERM).
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ChildProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>streamrefiner</c> with <paramref name="arguments"/> and the configuration in
    /// <paramref name="environment"/> (keys like <c>Kafka__BootstrapServers</c>).</summary>
    public static ChildProcess Start(string logFile, IReadOnlyDictionary<string, string> environment,
        params string[] arguments)
    {
        // The host built in the same configuration as the tests (bin/<Configuration>/net10.0).
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/')))!;
        var dll = Path.Combine(ProcessRunner.RepositoryRoot(), "src", "StreamRefiner.Host", "bin", configuration,
            "net10.0", "streamrefiner.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(logFile)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException("streamrefiner did not start");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, log);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for the graceful shutdown (finish the batch, commit, leave the group).</summary>
    public int Terminate(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            var pid = Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var kill = Process.Start("kill", ["-TERM", pid]);
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"streamrefiner (pid {Pid}) did not stop within {timeout.TotalSeconds} s");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after the test let go of the process.
            }
        }
    }
}
