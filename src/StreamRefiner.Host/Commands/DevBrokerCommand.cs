using StreamRefiner.Pipeline.Kafka;

namespace StreamRefiner.Host.Commands;

/// <summary>
/// <c>streamrefiner dev-broker</c>: hosts librdkafka's mock cluster on 127.0.0.1 with the project's topics
/// created, prints the bootstrap servers, and stays up until stopped (Ctrl-C or SIGTERM).
/// </summary>
public static class DevBrokerCommand
{
    public static int Run(string[] args)
    {
        var cli = new CliArgs(args, "brokers", "bootstrap-file");
        var kafka = CliConfiguration.Kafka(CliConfiguration.Load(args));
        using var cluster = MockKafkaCluster.Start(cli.Int("brokers", 3));
        CreateTopics(cluster, kafka);

        Console.WriteLine($"dev-broker: {cluster.BootstrapServers}");
        if (cli.Text("bootstrap-file") is { } file)
        {
            // Written last and atomically, so a script waiting for the file sees a ready broker.
            File.WriteAllText(file + ".tmp", cluster.BootstrapServers);
            File.Move(file + ".tmp", file, overwrite: true);
        }

        using var stop = new StopSignal();
        stop.Token.WaitHandle.WaitOne();
        Console.WriteLine("dev-broker: stopped");
        return 0;
    }

    /// <summary>Creates every topic the worker reads or writes, with the configured partition counts.</summary>
    public static void CreateTopics(MockKafkaCluster cluster, KafkaOptions kafka)
    {
        foreach (var topic in kafka.Topics.Inputs.Append(kafka.Topics.Transitions).Append(kafka.Topics.DeadLetter))
        {
            cluster.CreateTopic(topic, kafka.TopicPartitions);
        }

        cluster.CreateTopic(kafka.Topics.Events, kafka.EventsPartitions);
    }
}
