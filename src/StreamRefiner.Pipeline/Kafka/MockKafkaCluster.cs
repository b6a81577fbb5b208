using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace StreamRefiner.Pipeline.Kafka;

/// <summary>
/// librdkafka's mock cluster: a Kafka-protocol broker set on 127.0.0.1 inside this process, used by the
/// <c>dev-broker</c> command and by tests. Any Kafka client can connect to <see cref="BootstrapServers"/>
/// while this object lives. Topics are created through the mock API (its CreateTopics admin call does not
/// complete), and brokers can be taken down and up for fault tests.
/// </summary>
public sealed partial class MockKafkaCluster : IDisposable
{
    private const string Library = "streamrefiner-librdkafka";
    private const int ProducerType = 0;

    private IntPtr _client;
    private IntPtr _cluster;

    static MockKafkaCluster()
    {
        NativeLibrary.SetDllImportResolver(typeof(MockKafkaCluster).Assembly, Resolve);
    }

    private MockKafkaCluster(IntPtr client, IntPtr cluster, string bootstrapServers)
    {
        _client = client;
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The brokers' addresses, e.g. <c>127.0.0.1:40123,127.0.0.1:40125</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers on ephemeral loopback ports.</summary>
    public static MockKafkaCluster Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        var conf = rd_kafka_conf_new();
        var error = new byte[512];

        // The hosting client only owns the cluster; keep it quiet.
        rd_kafka_conf_set(conf, "log_level", "3", error, (nuint)error.Length);
        var client = rd_kafka_new(ProducerType, conf, error, (nuint)error.Length);
        if (client == IntPtr.Zero)
        {
            throw new InvalidOperationException($"librdkafka refused to start: {Text(error)}");
        }

        var cluster = rd_kafka_mock_cluster_new(client, brokers);
        if (cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(client);
            throw new InvalidOperationException("librdkafka could not start a mock cluster");
        }

        var bootstraps = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster)) ?? string.Empty;
        return new MockKafkaCluster(client, cluster, bootstraps);
    }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        var code = rd_kafka_mock_topic_create(_cluster, topic, partitions, replicationFactor);
        if (code != 0)
        {
            throw new InvalidOperationException($"creating topic '{topic}' failed with librdkafka error {code}");
        }
    }

    /// <summary>
    /// Makes broker <paramref name="brokerId"/> (1-based) unreachable until <see cref="SetBrokerUp"/>.
    /// </summary>
    public void SetBrokerDown(int brokerId) => rd_kafka_mock_broker_set_down(_cluster, brokerId);

    public void SetBrokerUp(int brokerId) => rd_kafka_mock_broker_set_up(_cluster, brokerId);

    /// <summary>
    /// Makes the next <paramref name="count"/> requests of Kafka API <paramref name="apiKey"/> (e.g. 8,
    /// OffsetCommit), to any broker, fail with the Kafka protocol error <paramref name="errorCode"/>.
    /// </summary>
    public void FailNextRequests(short apiKey, int errorCode, int count = 1)
    {
        var errors = Enumerable.Repeat(errorCode, count).ToArray();
        rd_kafka_mock_push_request_errors_array(_cluster, apiKey, (nuint)errors.Length, errors);
    }

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero)
        {
            rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = IntPtr.Zero;
        }

        if (_client != IntPtr.Zero)
        {
            rd_kafka_destroy(_client);
            _client = IntPtr.Zero;
        }
    }

    private static string Text(byte[] error) => Encoding.UTF8.GetString(error).TrimEnd('\0');

    /// <summary>
    /// Loads the librdkafka build that ships in Confluent's librdkafka.redist package. The CentOS 8 build is
    /// preferred: the generic one needs libsasl2.so.3, which Debian machines often lack.
    /// </summary>
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        string[] candidates =
        [
            Path.Combine(native, "centos8-librdkafka.so"),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "centos8-librdkafka.so"),
            Path.Combine(native, "librdkafka.so"),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "librdkafka.so"),
            Path.Combine(native, "librdkafka.dylib"),
        ];
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException($"no loadable librdkafka under {native}");
    }

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte[] error, nuint size);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_new(int type, IntPtr conf, byte[] error, nuint size);

    [LibraryImport(Library)]
    private static partial void rd_kafka_destroy(IntPtr client);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_mock_cluster_new(IntPtr client, int brokers);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [LibraryImport(Library)]
    private static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions,
        int replication);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    [LibraryImport(Library)]
    private static partial void rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, nuint count,
        int[] errors);
}
