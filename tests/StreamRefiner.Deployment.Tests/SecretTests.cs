namespace StreamRefiner.Deployment.Tests;

/// <summary>k8s/secret.yaml holds placeholders only: real credentials never enter the repository.</summary>
public sealed class SecretTests
{
    private const string Placeholder = "change-me";

    [Fact]
    public void EverySecretValueIsThePlaceholder()
    {
        var secrets = Manifests.All().Where(o => o.Kind == "Secret").ToList();

        Assert.NotEmpty(secrets);
        Assert.All(secrets, secret =>
        {
            // Base64 `data` hides what a value is; placeholders go in plain `stringData`.
            Assert.Null(YamlPath.Find(secret.Root, "data"));
            var values = YamlPath.ScalarEntries(YamlPath.Mapping(secret.Root, "stringData"));
            Assert.NotEmpty(values);
            Assert.All(values, v => Assert.Equal(Placeholder, v.Value.Value));
        });
    }
}
