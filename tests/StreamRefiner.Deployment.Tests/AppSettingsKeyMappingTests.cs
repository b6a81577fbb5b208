namespace StreamRefiner.Deployment.Tests;

/// <summary>
/// How an environment variable name finds its appsettings.json setting, checked apart from the manifests so a
/// broken manifest cannot hide a broken mapping (or the reverse).
/// </summary>
public sealed class AppSettingsKeyMappingTests
{
    private readonly AppSettings _settings = AppSettings.Load();

    [Theory]
    [InlineData("Kafka__BootstrapServers", true)]
    [InlineData("Kafka__Topics__Transitions", true)]
    [InlineData("kafka__topics__transitions", true)]
    [InlineData("Urls", true)]
    [InlineData("Kafka__Topics__Transition", false)]
    [InlineData("Kafka__Topics", false)]
    [InlineData("Kafka_BootstrapServers", false)]
    public void EnvironmentNamesMapToSettingsTheWayDotnetConfigurationDoes(string name, bool isSetting)
    {
        Assert.Equal(isSetting, _settings.HasSetting(AppSettings.KeyOfEnvironmentVariable(name)));
    }
}
