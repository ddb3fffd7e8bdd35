using System.Globalization;
using ImageTasks.Core.Operations.Push;
using ImageTasks.Core.References;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>
/// Pushes to the real distribution registry: images are pulled from the seeded registry, given a local name the target
/// lacks (as docker tag would), pushed, and read back by a pull that verifies every blob.
/// </summary>
public sealed class PushOperationTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public PushOperationTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    [Fact]
    public async Task A_pushed_image_keeps_its_digest_and_each_blob_goes_in_one_PUT()
    {
        await using var target = await RegistryProcess.StartAsync();
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.OciRepository, "1"));
        await new ImageTasks.Core.Operations.Tag.TagOperation(store.Store).ExecuteAsync(Seed.Reference(StandardSeed.OciRepository, "1"), $"{target.Host}/copy/app:2", CancellationToken.None);
        var events = new List<PushEvent>();

        var result = Assert.Single(await PushAsync(store, $"{target.Host}/copy/app:2", events));

        Assert.Equal(Seed.Oci.Digest, result.Digest.ToString());
        Assert.Equal((int)Seed.Oci.Image.Size, result.Size);
        Assert.Equal((2, 0, 0), (result.LayersPushed, result.LayersMounted, result.LayersExisting));
        Assert.Equal(3, await target.CountRequestsAsync("PUT", "/v2/copy/app/blobs/uploads/")); // two layers and the config
        Assert.Equal(0, target.CountRequests("PATCH", "/v2/copy/app/blobs/uploads/"));

        using var back = new TempStore();
        var pulled = await back.PullAsync($"{target.Host}/copy/app:2");
        Assert.Equal(Seed.Oci.Digest, pulled.Manifest.ToString());
        back.AssertEveryBlobMatchesItsDigest();
    }

    [Fact]
    public async Task Layers_are_reported_top_first_by_their_diff_ids_and_preparing_comes_before_any_outcome()
    {
        await using var target = await RegistryProcess.StartAsync();
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.OciRepository, "1"));
        await new ImageTasks.Core.Operations.Tag.TagOperation(store.Store).ExecuteAsync(Seed.Reference(StandardSeed.OciRepository, "1"), $"{target.Host}/order/app:1", CancellationToken.None);
        var events = new List<PushEvent>();

        await PushAsync(store, $"{target.Host}/order/app:1", events, new PushOptions(ImageReference.Parse($"{target.Host}/order/app:1")) { MaxConcurrentUploads = 1 });

        var layers = Seed.Oci.Image.Layers;
        var top = new LayerToPush(Digest.Parse(layers[1].Digest), Digest.Parse(layers[1].DiffId), layers[1].Size, false);
        var bottom = new LayerToPush(Digest.Parse(layers[0].Digest), Digest.Parse(layers[0].DiffId), layers[0].Size, false);
        Assert.Equal(
            [
                new PushStarted(ImageReference.Parse($"{target.Host}/order/app").Repository),
                new LayerPreparing(top),
                new LayerPreparing(bottom),
                new LayerWaiting(bottom), // one upload at a time: the second layer waits for the first
                new LayerPushed(top),
                new LayerPushed(bottom),
            ],
            events.Where(e => e is not LayerPushing and not TagPushed));
        Assert.IsType<TagPushed>(events[^1]);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(405)]
    [InlineData(501)]
    public async Task A_refused_monolithic_PUT_falls_back_to_contiguous_PATCH_chunks(int refusal)
    {
        await using var target = await RegistryProcess.StartAsync();
        await using var proxy = FaultProxy.Start(target.BaseUri);
        var refused = proxy.RespondWithStatus(FaultProxy.When("PUT", "/blobs/uploads/"), refusal, times: 1);
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"));
        var name = $"{proxy.Host}/chunked/small:1.0";
        await new ImageTasks.Core.Operations.Tag.TagOperation(store.Store).ExecuteAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"), name, CancellationToken.None);
        const int chunk = 1000;

        var result = Assert.Single(await PushAsync(store, name, [], new PushOptions(ImageReference.Parse(name)) { ChunkSize = chunk }));

        Assert.Equal(Seed.Small.Digest, result.Digest.ToString());
        Assert.Equal(1, refused.Hits);
        // Once refused, every blob of the push goes in chunks: the layer's and the config's ranges tile each blob exactly.
        var ranges = proxy.RequestsMatching("PATCH", "/v2/chunked/small/blobs/uploads/").Select(r => r.Header("Content-Range")!).ToList();
        var layer = Assert.Single(Seed.Small.Image.Layers);
        Assert.Equal([.. Tiles(layer.Size, chunk), .. Tiles(Seed.Small.Image.Config.Size, chunk)], ranges);
        Assert.All(proxy.RequestsMatching("PATCH", "/blobs/uploads/"), r => Assert.Equal(202, r.StatusCode));

        using var back = new TempStore();
        Assert.Equal(Seed.Small.Digest, (await back.PullAsync(name)).Manifest.ToString());
        back.AssertEveryBlobMatchesItsDigest();
    }

    [Fact]
    public async Task Blobs_another_repository_of_the_registry_holds_are_mounted_from_it_not_uploaded()
    {
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.SharedTwoRepository, "1"));
        var repository = $"mounted/{Guid.NewGuid():N}";
        var name = $"{Seed.Host}/{repository}:1";
        await new ImageTasks.Core.Operations.Tag.TagOperation(store.Store).ExecuteAsync(Seed.Reference(StandardSeed.SharedTwoRepository, "1"), name, CancellationToken.None);
        var events = new List<PushEvent>();

        var result = Assert.Single(await PushAsync(store, name, events));

        Assert.Equal(Seed.SharedTwo.Digest, result.Digest.ToString());
        Assert.Equal((0, Seed.SharedTwo.Image.Layers.Count, 0), (result.LayersPushed, result.LayersMounted, result.LayersExisting));
        Assert.All(events.OfType<LayerMounted>(), m => Assert.Equal(StandardSeed.SharedTwoRepository, m.From));
        var mounts = (await _fixture.Registry.CountRequestsAsync("POST", $"/v2/{repository}/blobs/uploads/?mount=")) ;
        Assert.Equal(Seed.SharedTwo.Image.Layers.Count + 1, mounts); // the config too
        Assert.Equal(0, _fixture.Registry.CountRequests("PUT", $"/v2/{repository}/blobs/uploads/"));
    }

    [Fact]
    public async Task A_multi_platform_image_pulled_for_one_platform_pushes_that_platforms_manifest()
    {
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.MultiOciRepository, "1"), "linux/arm64");
        var name = $"{Seed.Host}/single/{Guid.NewGuid():N}:arm64";
        await new ImageTasks.Core.Operations.Tag.TagOperation(store.Store).ExecuteAsync(Seed.Reference(StandardSeed.MultiOciRepository, "1"), name, CancellationToken.None);

        var result = Assert.Single(await PushAsync(store, name, []));

        Assert.Equal(Seed.MultiOci.PlatformDigests["linux/arm64/v8"], result.Digest.ToString());
        var raw = await new Skopeo().InspectRawAsync(name);
        Assert.Equal(Seed.MultiOci.ForPlatform("linux/arm64/v8").Text, raw);
    }

    [Fact]
    public async Task All_tags_of_a_repository_are_pushed_in_order_and_the_second_finds_its_layers_there()
    {
        await using var target = await RegistryProcess.StartAsync();
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"));
        await new ImageTasks.Core.Operations.Tag.TagOperation(store.Store).ExecuteAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"), $"{target.Host}/all/small:b", CancellationToken.None);
        await new ImageTasks.Core.Operations.Tag.TagOperation(store.Store).ExecuteAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"), $"{target.Host}/all/small:a", CancellationToken.None);

        var results = await PushAsync(store, $"{target.Host}/all/small", [], new PushOptions(ImageReference.Parse($"{target.Host}/all/small"), allTags: true));

        Assert.Equal(["a", "b"], results.Select(r => r.Reference.Tag));
        Assert.Equal((1, 0), (results[0].LayersPushed, results[0].LayersExisting));
        Assert.Equal((0, 1), (results[1].LayersPushed, results[1].LayersExisting));
        Assert.Equal(1, await target.CountRequestsAsync("HEAD", "/v2/all/small/blobs/" + Seed.Small.Image.Layers[0].Digest));
    }

    [Theory]
    [InlineData("nothing/here:1", "An image does not exist locally with the tag: {host}/nothing/here")]
    [InlineData("library/small:2.0", "tag does not exist: {host}/library/small:2.0")]
    public async Task A_name_the_store_lacks_is_refused_in_dockers_words_without_a_request(string name, string expected)
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"));
        await new ImageTasks.Core.Operations.Tag.TagOperation(store.Store).ExecuteAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"), $"{proxy.Host}/library/small:1.0", CancellationToken.None);

        var error = await Assert.ThrowsAsync<PushException>(() => PushAsync(store, $"{proxy.Host}/{name}", []));

        Assert.Equal(expected.Replace("{host}", proxy.Host, StringComparison.Ordinal), error.Message);
        Assert.Empty(proxy.Requests);
    }

    [Theory]
    [InlineData("alpine@sha256:0123456789012345678901234567890123456789012345678901234567890123", false, "cannot push a digest reference")]
    [InlineData("alpine:3.19", true, "alpine:3.19 names a tag or digest, and all tags of its repository were asked for: give the repository alone")]
    public void Options_refuse_what_docker_refuses(string name, bool allTags, string expected)
    {
        var error = Assert.ThrowsAny<ImageTasksException>(() => new PushOptions(ImageReference.Parse(name), allTags));
        Assert.Equal(expected, error.Message);
    }

    private static IEnumerable<string> Tiles(long size, int chunk)
    {
        for (long offset = 0; offset < size; offset += chunk)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{offset}-{Math.Min(offset + chunk, size) - 1}");
        }
    }

    private static Task<IReadOnlyList<PushResult>> PushAsync(TempStore store, string name, List<PushEvent> events, PushOptions? options = null) =>
        new PushOperation(store.Registry, store.Store).ExecuteAsync(options ?? new PushOptions(ImageReference.Parse(name)), new Recorder(events), CancellationToken.None);

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need events recorded as they happen.</summary>
    private sealed class Recorder(List<PushEvent> events) : IProgress<PushEvent>
    {
        public void Report(PushEvent value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }
}
