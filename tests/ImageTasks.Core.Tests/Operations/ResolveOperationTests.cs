using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Operations.Resolve;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>Resolve as the build calls it: a reference and the platforms it targets, against the real registry.</summary>
public sealed class ResolveOperationTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public ResolveOperationTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    [Fact]
    public async Task Every_platform_asked_for_gets_its_manifest_digest_from_one_index_read()
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        using var registry = new RegistryClient(new RegistryOptions());
        var platforms = new[] { Platform.Parse("linux/amd64"), Platform.Parse("linux/arm64/v8"), Platform.Parse("windows/amd64") };

        var result = await new ResolveOperation(registry).ExecuteAsync(
            new ResolveOptions(ImageReference.Parse($"{proxy.Host}/multi/docker:1"), platforms), CancellationToken.None);

        Assert.Equal(Seed.MultiDocker.Digest, result.Digest.ToString());
        Assert.Equal(MediaTypes.DockerManifestList, result.MediaType);
        Assert.Equal($"{proxy.Host}/multi/docker:1", result.Reference.ToString());
        Assert.Equal(
            new[] { "linux/amd64", "linux/arm64/v8", "windows/amd64" }.Select(p => Seed.MultiDocker.PlatformDigests[p]),
            platforms.Select(p => result.PlatformDigests[p].ToString()));
        Assert.Equal(1, proxy.Count("GET", "/manifests/"));
        Assert.Equal(0, proxy.Count("HEAD", "/manifests/"));
    }

    [Fact]
    public async Task Without_platforms_one_head_answers_and_the_default_tag_is_latest()
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        using var registry = new RegistryClient(new RegistryOptions());

        var result = await new ResolveOperation(registry).ExecuteAsync(
            new ResolveOptions(ImageReference.Parse($"{proxy.Host}/library/small")), CancellationToken.None);

        Assert.Equal((Seed.Small.Digest, MediaTypes.DockerManifest), (result.Digest.ToString(), result.MediaType));
        Assert.Equal("latest", result.Reference.Tag);
        Assert.Empty(result.PlatformDigests);
        Assert.Equal(["HEAD"], proxy.Requests.Where(r => r.Path.Contains("/manifests/", StringComparison.Ordinal)).Select(r => r.Method));
    }

    [Fact]
    public async Task A_single_platform_image_serves_the_platforms_its_config_matches()
    {
        using var registry = new RegistryClient(new RegistryOptions());
        var resolve = new ResolveOperation(registry);
        var reference = ImageReference.Parse(Seed.Oci.Reference(Seed.Host));

        var result = await resolve.ExecuteAsync(new ResolveOptions(reference, [Platform.Parse("linux/amd64")]), CancellationToken.None);
        var error = await Assert.ThrowsAsync<ManifestException>(() =>
            resolve.ExecuteAsync(new ResolveOptions(reference, [Platform.Parse("linux/arm64")]), CancellationToken.None));

        Assert.Equal(Seed.Oci.Digest, result.PlatformDigests[Platform.Parse("linux/amd64")].ToString());
        Assert.Equal(
            $"image with reference {Seed.Host}/oci/app:1 was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64",
            error.Message);
    }
}
