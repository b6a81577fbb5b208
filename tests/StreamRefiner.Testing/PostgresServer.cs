using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StreamRefiner.Testing;

/// <summary>
/// A real PostgreSQL (Debian's postgresql 15) owned by the test run: a throwaway cluster initialised into a
/// temporary directory as the <c>postgres</c> user (the server refuses to run as root), started with pg_ctl on a
/// free 127.0.0.1 port with its socket in that directory, stopped by pg_ctl and its PID, then deleted.
/// `make test` installs the package.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string _directory;
    private readonly string _data;
    private int? _pid;

    public PostgresServer()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException("PostgreSQL 15 is not installed; run `make test`, which installs it");
        }

        _directory = Path.Combine(Path.GetTempPath(), $"streamrefiner-pg-{Guid.NewGuid():N}");
        _data = Path.Combine(_directory, "data");
        Directory.CreateDirectory(_directory);
        Port = FreePort();
        AsPostgres("chown", "postgres", _directory, asRoot: true);
        AsPostgres(Path.Combine(BinDirectory, "initdb"), "-D", _data, "-U", "postgres", "-A", "trust", "--no-sync",
            "-E", "UTF8");
        Start();
    }

    public int Port { get; }

    /// <summary>A connection string for a database of the server (created by <see cref="CreateDatabase"/>).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=5";

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"t{Guid.NewGuid():N}"[..20];
        AsPostgres(Path.Combine(BinDirectory, "createdb"), "-h", "127.0.0.1", "-p",
            Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", name);
        return ConnectionString(name);
    }

    /// <summary>Starts the server (again) on its port; <see cref="Stop"/> and this simulate an outage.</summary>
    public void Start()
    {
        var options = $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_directory} "
            + "-c listen_addresses=127.0.0.1 -c fsync=off";
        AsPostgres(Path.Combine(BinDirectory, "pg_ctl"), "-D", _data, "-o", options, "-l",
            Path.Combine(_directory, "server.log"), "-w", "start");
        var pidFile = File.ReadLines(Path.Combine(_data, "postmaster.pid")).First();
        _pid = int.Parse(pidFile, CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the server: by pg_ctl, else by its PID.</summary>
    public void Stop()
    {
        if (_pid is { } pid)
        {
            try
            {
                AsPostgres(Path.Combine(BinDirectory, "pg_ctl"), "-D", _data, "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // pg_ctl failed: stop the postmaster by its PID instead.
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    process.WaitForExit(10_000);
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }

            _pid = null;
        }
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static void AsPostgres(string program, params string[] args) => AsPostgres(program, args, false);

    private static void AsPostgres(string program, string user, string path, bool asRoot) =>
        AsPostgres(program, [user, path], asRoot);

    /// <summary>Runs a program as the postgres user (through runuser when we are root) and waits for it.</summary>
    private static void AsPostgres(string program, string[] args, bool asRoot)
    {
        var isRoot = Environment.UserName == "root";
        var info = new ProcessStartInfo(isRoot && !asRoot ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (isRoot && !asRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish within 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
