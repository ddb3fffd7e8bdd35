using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>skopeo as the independent peer: it seeds the registry, and it reads what we stored.</summary>
public sealed class SkopeoInteropTests
{
    [Fact]
    public async Task An_index_pushed_by_skopeo_pulls_with_the_digests_skopeo_reports()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using var factory = new ImageFactory();
        var amd64 = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "peer", Format = ManifestFormat.Oci });
        var arm64 = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "peer", Format = ManifestFormat.Oci, Platform = ImagePlatform.LinuxArm64V8 });
        var index = ImageFactory.CreateIndex(ManifestFormat.Oci, [amd64, arm64]);
        var layout = Path.Combine(factory.Directory, "layout");
        await ImageLayouts.WriteOciLayoutAsync(layout, "2.0", index);

        var skopeo = new Skopeo();
        // --all: without it skopeo copies only the host's platform out of an index.
        var copy = await skopeo.RunAsync("copy", "--all", "--dest-tls-verify=false", $"oci:{layout}:2.0", $"docker://{registry.Host}/peer:2.0");
        Assert.True(copy.Succeeded, copy.StandardError);
        var raw = await skopeo.InspectRawAsync($"docker://{registry.Host}/peer:2.0");
        var skopeoIndexDigest = ImageTasks.Core.References.Digest.Compute(System.Text.Encoding.UTF8.GetBytes(raw));

        using var store = new TempStore();
        var result = await store.PullAsync($"{registry.Host}/peer:2.0", "linux/arm64");

        Assert.Equal(skopeoIndexDigest, result.RepoDigest);
        Assert.Equal(arm64.Digest, result.Manifest.ToString());

        var inspect = await skopeo.RunAsync("inspect", "--format", "{{.Digest}} {{.Architecture}}", $"oci:{store.Root}:{registry.Host}/peer:2.0");
        Assert.True(inspect.Succeeded, inspect.StandardError);
        Assert.Equal($"{arm64.Digest} arm64", inspect.StandardOutput.Trim());
        store.AssertEveryBlobMatchesItsDigest();
    }
}
