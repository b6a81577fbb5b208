using YamlDotNet.RepresentationModel;

namespace StreamRefiner.Deployment.Tests;

/// <summary>Every file under k8s/: each YAML document parses and is a well-formed Kubernetes object.</summary>
public sealed class ManifestTests
{
    public static TheoryData<string> ManifestFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Manifests.Files())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void EveryDocumentParsesAndNamesItsApiVersionKindAndObject(string file)
    {
        var documents = Manifests.Documents(Path.Combine(Manifests.Folder, file));

        Assert.NotEmpty(documents);
        Assert.All(documents, document =>
        {
            var root = Assert.IsType<YamlMappingNode>(document.RootNode);
            var manifest = new KubernetesObject(file, root);
            Assert.NotEmpty(manifest.ApiVersion);
            Assert.NotEmpty(manifest.Kind);
            Assert.Matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", manifest.Name);
        });
    }

    [Fact]
    public void MultiDocumentFilesAreReadDocumentByDocument()
    {
        // The loader must see every object of a `---`-separated file, and skip an empty trailing document.
        var file = Path.Combine(Path.GetTempPath(), $"streamrefiner-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\napiVersion: v1\nkind: B\n"
            + "metadata: {name: b}\n---\n");
        try
        {
            Assert.Equal(new[] { "A", "B" }, Manifests.Documents(file)
                .Select(d => new KubernetesObject(file, (YamlMappingNode)d.RootNode).Kind));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void TheDeploymentConfigMapAndSecretAreDefinedOnce()
    {
        var objects = Manifests.All();

        Assert.Single(objects, o => o.Kind == "Deployment" && o.Name == WorkerDeployment.Name);
        Assert.Single(objects, o => o.Kind == "ConfigMap" && o.Name == WorkerDeployment.ConfigMapName);
        Assert.Single(objects, o => o.Kind == "Secret" && o.Name == WorkerDeployment.SecretName);
        Assert.Equal(objects.Count, objects.Select(o => (o.Kind, o.Name)).Distinct().Count());
    }

    [Fact]
    public void EveryObjectLivesInTheStreamrefinerNamespace()
    {
        // envFrom and secretKeyRef resolve only within the Deployment's own namespace.
        Assert.All(Manifests.All(), o => Assert.Equal("streamrefiner", o.Namespace));
    }

    [Fact]
    public void ValuesKubernetesReadsAsStringsAreNotUnquotedNumbersOrBooleans()
    {
        var worker = WorkerDeployment.Load();
        var annotations = YamlPath.Find(worker.PodTemplate, "metadata", "annotations") as YamlMappingNode;
        var stringValues = worker.ConfigMapData()
            .Concat(YamlPath.ScalarEntries(YamlPath.Mapping(worker.Secret.Root, "stringData")))
            .Concat(annotations is null ? [] : YamlPath.ScalarEntries(annotations))
            .Concat(worker.Env()
                .Where(e => YamlPath.Find(e, "value") is not null)
                .Select(e => KeyValuePair.Create(YamlPath.Scalar(e, "name"), YamlPath.ScalarNode(e, "value"))))
            .ToList();

        Assert.NotEmpty(stringValues);
        Assert.All(stringValues, entry => Assert.True(YamlScalars.IsString(entry.Value),
            $"'{entry.Key}: {entry.Value.Value}' (line {entry.Value.Start.Line}) is no string to Kubernetes"));
    }

    [Theory]
    [InlineData("\"9464\"", true)]
    [InlineData("sms.clicks", true)]
    [InlineData("http://0.0.0.0:9464", true)]
    [InlineData("9464", false)]
    [InlineData("true", false)]
    [InlineData("yes", false)]
    [InlineData("on", false)]
    [InlineData("1.5", false)]
    [InlineData("~", false)]
    public void UnquotedNumbersBooleansAndNullsAreRecognisedAsNotStrings(string yamlValue, bool isString)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader($"key: {yamlValue}"));
        var value = YamlPath.ScalarNode(stream.Documents[0].RootNode, "key");

        Assert.Equal(isString, YamlScalars.IsString(value));
    }
}
