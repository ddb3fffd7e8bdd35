using System.Text.Json;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Operations.Pull;
using ImageTasks.Core.References;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>Pulls from the real distribution registry, seeded with the standard synthetic images.</summary>
public sealed class PullOperationTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public PullOperationTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    [Fact]
    public async Task A_single_platform_image_is_stored_verified_under_its_full_reference()
    {
        using var store = new TempStore();
        var result = await store.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"));

        Assert.Equal(Seed.Small.Digest, result.Manifest.ToString());
        Assert.Equal(Seed.Small.Digest, result.RepoDigest.ToString());
        Assert.Equal(Seed.Small.Image.Config.Digest, result.ImageId.ToString());
        Assert.False(result.UpToDate);
        Assert.Equal(Seed.Small.Image.Layers.Count, result.LayersDownloaded);

        var record = Assert.Single(store.Store.ListImages());
        Assert.Equal($"{Seed.Host}/library/small:1.0", record.Reference!.ToString());
        Assert.Equal(Seed.Small.Image.Layers.Sum(l => l.ContentSize), record.Size);
        store.AssertEveryBlobMatchesItsDigest();
    }

    [Theory]
    [InlineData(StandardSeed.MultiOciRepository, "linux/arm64/v8", "linux/arm64/v8", "arm64")]
    [InlineData(StandardSeed.MultiOciRepository, "linux/arm/v7", "linux/arm/v7", "arm")]
    [InlineData(StandardSeed.MultiOciRepository, "windows/amd64", "windows/amd64", "amd64")]
    [InlineData(StandardSeed.MultiOciRepository, "linux/amd64", "linux/amd64", "amd64")]
    [InlineData(StandardSeed.MultiDockerRepository, "linux/arm64", "linux/arm64/v8", "arm64")]
    [InlineData(StandardSeed.MultiDockerRepository, "linux/arm/v7", "linux/arm/v7", "arm")]
    [InlineData(StandardSeed.MultiDockerRepository, "windows/amd64", "windows/amd64", "amd64")]
    public async Task A_multi_platform_image_yields_the_manifest_for_the_platform_asked_for(string repository, string asked, string seeded, string architecture)
    {
        var index = repository == StandardSeed.MultiOciRepository ? Seed.MultiOci : Seed.MultiDocker;
        using var store = new TempStore();
        var result = await store.PullAsync(Seed.Reference(repository, "1"), asked);

        Assert.Equal(index.PlatformDigests[seeded], result.Manifest.ToString());
        Assert.Equal(index.Digest, result.RepoDigest.ToString()); // RepoDigests name the index, as Docker's do

        await using var configFile = store.Store.OpenBlob(result.ImageId);
        var config = ImageConfigReader.Read(configFile, "config");
        Assert.Equal(architecture, config.Architecture);
        Assert.Equal(seeded.Split('/')[0], config.Os);
        if (seeded == "windows/amd64")
        {
            Assert.Equal(index.ForPlatform(seeded).Config.Platform.OsVersion, config.OsVersion);
        }

        Assert.True(store.Store.HasBlob(Digest.Parse(index.Digest)), "the index itself is kept for inspect");
        store.AssertEveryBlobMatchesItsDigest();
    }

    [Fact]
    public async Task A_platform_the_index_lacks_is_refused_with_the_platforms_it_has()
    {
        using var store = new TempStore();
        var error = await Assert.ThrowsAsync<ManifestException>(() => store.PullAsync(Seed.Reference(StandardSeed.MultiOciRepository, "1"), "linux/s390x"));

        Assert.Equal(
            $"no matching manifest for linux/s390x in the manifest list entries of {Seed.Host}/multi/oci:1 (available: linux/amd64, linux/arm64, linux/arm/v7, windows/amd64)",
            error.Message);
        Assert.Empty(store.Store.ListImages());
    }

    [Fact]
    public async Task Layers_shared_with_an_image_in_the_store_are_not_downloaded_again()
    {
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.SharedOneRepository, "1"));
        store.Events.Clear();
        var baseLayer = Seed.SharedBaseLayer.Digest;
        var before = await _fixture.Registry.CountRequestsAsync("GET", "/blobs/" + baseLayer);

        var result = await store.PullAsync(Seed.Reference(StandardSeed.SharedTwoRepository, "1"));

        Assert.Equal(before, await _fixture.Registry.CountRequestsAsync("GET", "/blobs/" + baseLayer));
        Assert.Contains(new LayerExists(Digest.Parse(baseLayer)), store.Events);
        Assert.Equal(1, result.LayersExisting);
        Assert.Equal(Seed.SharedTwo.Image.Layers.Count - 1, result.LayersDownloaded);
        Assert.Single(Directory.GetFiles(Path.Combine(store.Root, "blobs", "sha256"), Seed.SharedBaseLayer.Digest["sha256:".Length..]));
        store.AssertEveryBlobMatchesItsDigest();
    }

    [Fact]
    public async Task Pulling_again_is_up_to_date_and_downloads_no_blob()
    {
        using var store = new TempStore();
        var reference = Seed.Reference(StandardSeed.OciRepository, "1");
        await store.PullAsync(reference);
        var blobGets = await _fixture.Registry.CountRequestsAsync("GET", "/v2/oci/app/blobs/");

        var again = await store.PullAsync(reference);

        Assert.True(again.UpToDate);
        Assert.Equal(0, again.LayersDownloaded);
        Assert.Equal(blobGets, await _fixture.Registry.CountRequestsAsync("GET", "/v2/oci/app/blobs/"));
    }

    [Fact]
    public async Task A_digest_already_in_the_store_needs_no_request_at_all()
    {
        using var store = new TempStore();
        var pinned = $"{Seed.Host}/{StandardSeed.MultiOciRepository}@{Seed.MultiOci.Digest}";
        var first = await store.PullAsync(pinned, "linux/arm/v7");
        Assert.Null(Assert.Single(store.Store.ListImages()).Reference); // pulled by digest: untagged, repository known
        var requests = (await _fixture.Registry.CountRequestsAsync("GET", "/v2/multi/oci/")) + _fixture.Registry.CountRequests("HEAD", "/v2/multi/oci/");

        var second = await store.PullAsync(pinned, "linux/arm/v7");

        Assert.True(second.UpToDate);
        Assert.Equal(first.Manifest, second.Manifest);
        Assert.Equal(requests, (await _fixture.Registry.CountRequestsAsync("GET", "/v2/multi/oci/")) + _fixture.Registry.CountRequests("HEAD", "/v2/multi/oci/"));
    }

    [Fact]
    public async Task All_tags_of_a_repository_share_their_layers()
    {
        using var store = new TempStore();
        var options = new PullOptions(ImageReference.Parse($"{Seed.Host}/{StandardSeed.SmallRepository}"), allTags: true);
        var results = await new PullOperation(store.Registry, store.Store).ExecuteAsync(options, null, CancellationToken.None);

        Assert.Equal(["latest", "1.0"], results.Select(r => r.Reference.Tag)); // docker pulls the default tag first
        Assert.Equal(Seed.Small.Image.Layers.Count, results[0].LayersDownloaded);
        Assert.Equal(0, results[1].LayersDownloaded);
        Assert.Equal(2, store.Store.ListImages().Count(r => r.Manifest.ToString() == Seed.Small.Digest));
    }

    [Fact]
    public async Task A_tag_with_all_tags_is_refused_before_any_request()
    {
        var error = Assert.Throws<UsageException>(() => new PullOptions(ImageReference.Parse("alpine:3.19"), allTags: true));
        Assert.Equal("alpine:3.19 names a tag or digest, and all tags of its repository were asked for: give the repository alone", error.Message);
        Assert.Equal(DiagnosticCodes.InvalidArgument, error.Code);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_pulled_oci_image_is_readable_by_skopeo_under_its_full_reference()
    {
        using var store = new TempStore();
        var result = await store.PullAsync(Seed.Reference(StandardSeed.MultiOciRepository, "1"), "linux/arm64");

        var inspect = await new Skopeo().RunAsync("inspect", $"oci:{store.Root}:{Seed.Host}/multi/oci:1");

        Assert.True(inspect.Succeeded, inspect.StandardError);
        using var json = JsonDocument.Parse(inspect.StandardOutput);
        Assert.Equal(result.Manifest.ToString(), json.RootElement.GetProperty("Digest").GetString());
        Assert.Equal("arm64", json.RootElement.GetProperty("Architecture").GetString());
        Assert.Equal(Seed.MultiOci.ForPlatform("linux/arm64/v8").Layers.Count, json.RootElement.GetProperty("Layers").GetArrayLength());
    }

    [Fact]
    public async Task A_single_platform_image_for_another_platform_is_refused_when_a_platform_is_asked_for()
    {
        using var store = new TempStore();
        var error = await Assert.ThrowsAsync<ManifestException>(() => store.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"), "linux/arm64"));

        Assert.Equal($"image with reference {Seed.Host}/library/small:1.0 was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64", error.Message);
    }

    [Fact]
    public async Task A_missing_tag_gets_dockers_message()
    {
        using var store = new TempStore();
        var error = await Assert.ThrowsAsync<ImageTasks.Core.Registry.RegistryException>(() => store.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "nope")));

        Assert.Equal($"manifest for {Seed.Host}/library/small:nope not found: manifest unknown: manifest unknown", error.Message);
    }
}
