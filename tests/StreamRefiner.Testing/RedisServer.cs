using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace StreamRefiner.Testing;

/// <summary>
/// A real redis-server on a free loopback port, in its own temporary directory, owned by the test run:
/// started here, stopped by its PID. The suite needs Debian's redis-server on PATH (`make test` installs it).
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _directory;
    private readonly bool _persistent;
    private Process? _process;

    public RedisServer()
        : this(persistent: false)
    {
    }

    /// <param name="persistent">Keep every write in an append-only file (fsync always), so a restart loses nothing.</param>
    private RedisServer(bool persistent)
    {
        _persistent = persistent;
        _directory = Path.Combine(Path.GetTempPath(), $"streamrefiner-redis-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        Port = FreePort();
        Start();
        Connection = ConnectionMultiplexer.Connect($"{Endpoint},abortConnect=false,connectTimeout=2000,allowAdmin=true");
    }

    /// <summary>A server that keeps every write in an append-only file (fsync always): a restart loses nothing.</summary>
    public static RedisServer Persistent() => new(persistent: true);

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public IConnectionMultiplexer Connection { get; }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Start()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1", "--dir", _directory, "--save", "", "--appendonly", _persistent ? "yes" : "no",
                "--appendfsync", "always",
                "--daemonize", "no", "--loglevel", "warning",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed; run `make test`, which installs it", e);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilAccepting();
    }

    public void Dispose()
    {
        Connection.Dispose();
        Stop();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind is harmless.
        }
    }

    private void WaitUntilAccepting()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }

        throw new InvalidOperationException($"redis-server did not accept connections on port {Port}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
