using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace StreamRefiner.Testing;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package) on a free loopback port, with its own configuration
/// directory and a temporary TSDB, owned by the test: started here, stopped by its PID.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly string _directory;
    private readonly Process _process;
    private readonly HttpClient _http;

    /// <param name="configuration">prometheus.yml; rule files it names are written beside it.</param>
    /// <param name="files">Other files to write into the configuration directory (name → content).</param>
    public PrometheusServer(string configuration, IReadOnlyDictionary<string, string> files)
    {
        _directory = Path.Combine(Path.GetTempPath(), $"streamrefiner-prometheus-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_directory, "data"));
        File.WriteAllText(Path.Combine(_directory, "prometheus.yml"), configuration);
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(_directory, name), content);
        }

        Port = FreePort();
        var info = new ProcessStartInfo("prometheus")
        {
            ArgumentList =
            {
                $"--config.file={Path.Combine(_directory, "prometheus.yml")}",
                $"--storage.tsdb.path={Path.Combine(_directory, "data")}",
                $"--web.listen-address=127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}",
                "--log.level=warn",
            },
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _process = Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("prometheus is not installed; run `make test`, which installs it", e);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        WaitUntilReady();
    }

    public int Port { get; }

    /// <summary>Runs <paramref name="expression"/> as an instant query; returns <c>data.result</c>.</summary>
    public async Task<JsonElement> QueryAsync(string expression)
    {
        var json = await GetAsync($"api/v1/query?query={Uri.EscapeDataString(expression)}").ConfigureAwait(false);
        return json.GetProperty("data").GetProperty("result");
    }

    /// <summary>The names of alerts in state firing.</summary>
    public async Task<HashSet<string>> FiringAlertsAsync()
    {
        var json = await GetAsync("api/v1/alerts").ConfigureAwait(false);
        return json.GetProperty("data").GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("state").GetString() == "firing")
            .Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every alerting rule Prometheus loaded: name and expression.</summary>
    public async Task<List<(string Name, string Expression)>> AlertRulesAsync()
    {
        var json = await GetAsync("api/v1/rules?type=alert").ConfigureAwait(false);
        return [.. json.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("query").GetString()!))];
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"prometheus answered {(int)response.StatusCode} to {path}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind is harmless.
        }
    }

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode}");
            }

            try
            {
                using var response = _http.GetAsync(new Uri("-/ready", UriKind.Relative)).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Thread.Sleep(100);
        }

        throw new InvalidOperationException($"prometheus did not become ready on port {Port}");
    }

    /// <summary>A free TCP port on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
