using ImageTasks.Core.Images;
using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Operations.Pull;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Tests.Operations;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Images;

/// <summary>
/// Mirrors against real parts: a second distribution registry in pull-through-cache mode in front of the origin, the
/// same stopped, one that lacks the content, one that lags behind a moved tag, one serving inverted bytes through the
/// fault proxy, and one that challenges for credentials. The origin's access log says who served what: requests with
/// our user agent reached it from us, the others came from the cache filling itself.
/// </summary>
public sealed class MirroredRegistrySourceTests
{
    private static readonly SyntheticImageOptions App = new() { Name = "app", NewLayers = 2, FilesPerLayer = 2, FileSize = 64 * 1024 };

    [Fact]
    public async Task A_pull_goes_through_the_pull_through_cache_and_the_origin_only_says_what_the_tag_points_to()
    {
        using var factory = new ImageFactory();
        var (origin, image) = await StartOriginAsync(factory);
        await using var _ = origin;
        await using var mirror = await RegistryProcess.StartAsync(new RegistryProcessOptions { ProxyRemoteUrl = origin.BaseUri });
        var mirrors = MirrorsOf(origin, mirror.Host);

        using (var first = new TempStore(mirrors: mirrors))
        {
            var result = await first.PullAsync($"{origin.Host}/app:1");

            Assert.Equal(image.Digest, result.Manifest.ToString());
            first.AssertEveryBlobMatchesItsDigest();
        }

        await origin.FlushAccessLogAsync();
        Assert.Equal(["HEAD /v2/app/manifests/1"], OursAt(origin));
        await mirror.FlushAccessLogAsync();
        foreach (var blob in BlobsOf(image))
        {
            Assert.Equal(1, mirror.CountRequests("GET", "/blobs/" + blob));
        }

        // The cache stores what it streamed to the first machine in the background; the second is to find it stored.
        await WaitUntilCachedAsync(mirror, BlobsOf(image));
        var blobsSentByOrigin = await origin.CountRequestsAsync("GET", "/blobs/");
        using (var second = new TempStore(mirrors: mirrors))
        {
            var again = await second.PullAsync($"{origin.Host}/app:1");

            Assert.Equal(image.Digest, again.Manifest.ToString());
            second.AssertEveryBlobMatchesItsDigest();
        }

        // The second machine of the fleet cost the origin one HEAD and no blob: the cache had them.
        Assert.Equal(blobsSentByOrigin, await origin.CountRequestsAsync("GET", "/blobs/"));
        Assert.Equal(["HEAD /v2/app/manifests/1", "HEAD /v2/app/manifests/1"], OursAt(origin));
    }

    [Fact]
    public async Task A_stopped_mirror_is_passed_over_for_the_rest_of_the_command_and_the_origin_serves()
    {
        using var factory = new ImageFactory();
        var (origin, image) = await StartOriginAsync(factory);
        await using var _ = origin;
        var mirror = await RegistryProcess.StartAsync(new RegistryProcessOptions { ProxyRemoteUrl = origin.BaseUri });
        var mirrors = MirrorsOf(origin, mirror.Host);
        await mirror.StopAsync();
        using var store = new TempStore(mirrors: mirrors);
        var source = new MirroredRegistrySource(store.Registry, store.Store);

        var result = Assert.Single(await new PullOperation(source, store.Store).ExecuteAsync(
            new PullOptions(ImageReference.Parse($"{origin.Host}/app:1"), null), null, CancellationToken.None));

        Assert.Equal(image.Digest, result.Manifest.ToString());
        store.AssertEveryBlobMatchesItsDigest();
        Assert.Equal([mirror.Host], source.PassedOver.Keys.Select(m => m.Host));
        await origin.FlushAccessLogAsync();
        Assert.All(BlobsOf(image), blob => Assert.Equal(1, OursAt(origin).Count(r => r == $"GET /v2/app/blobs/{blob}")));
    }

    [Fact]
    public async Task A_mirror_that_lacks_the_content_is_a_miss_and_stays_in_use()
    {
        using var factory = new ImageFactory();
        var (origin, image) = await StartOriginAsync(factory);
        await using var _ = origin;
        await using var empty = await RegistryProcess.StartAsync();
        using var store = new TempStore(mirrors: MirrorsOf(origin, empty.Host));
        var source = new MirroredRegistrySource(store.Registry, store.Store);

        var result = Assert.Single(await new PullOperation(source, store.Store).ExecuteAsync(
            new PullOptions(ImageReference.Parse($"{origin.Host}/app:1"), null), null, CancellationToken.None));

        Assert.Equal(image.Digest, result.Manifest.ToString());
        store.AssertEveryBlobMatchesItsDigest();
        Assert.Empty(source.PassedOver);
        await empty.FlushAccessLogAsync();
        // Asked for every part (a 404 each), since a miss does not make a mirror unreliable.
        Assert.All(BlobsOf(image), blob => Assert.Contains(empty.AccessLog(), e => e.Uri == $"/v2/app/blobs/{blob}" && e.Status == 404));
    }

    [Theory]
    [InlineData("manifest")]
    [InlineData("config")]
    [InlineData("layer")]
    public async Task A_mirror_serving_wrong_bytes_is_refused_and_the_origin_serves_them(string part)
    {
        using var factory = new ImageFactory();
        var (origin, image) = await StartOriginAsync(factory);
        await using var _ = origin;
        await using var mirror = await RegistryProcess.StartAsync(new RegistryProcessOptions { ProxyRemoteUrl = origin.BaseUri });
        await using var liar = FaultProxy.Start(mirror.BaseUri);
        var path = part switch
        {
            "manifest" => "/manifests/" + image.Digest,
            "config" => "/blobs/" + image.Config.Digest,
            _ => "/blobs/" + image.Layers[1].Digest,
        };
        liar.AddFault(FaultProxy.When("GET", path), ProxyFault.CorruptBody(), times: null);
        using var store = new TempStore(mirrors: MirrorsOf(origin, liar.Host));

        var result = await store.PullAsync($"{origin.Host}/app:1");

        Assert.Equal(image.Digest, result.Manifest.ToString());
        store.AssertEveryBlobMatchesItsDigest(); // and no temp file left in the store
        Assert.Equal(1, liar.Count("GET", path));
        await origin.FlushAccessLogAsync();
        Assert.Equal(1, OursAt(origin).Count(r => r == $"GET /v2/app{path}"));
    }

    [Fact]
    public async Task A_mirror_that_errs_is_asked_once_since_the_origin_is_its_retry()
    {
        using var factory = new ImageFactory();
        var (origin, image) = await StartOriginAsync(factory);
        await using var _ = origin;
        await using var mirror = await RegistryProcess.StartAsync(new RegistryProcessOptions { ProxyRemoteUrl = origin.BaseUri });
        await using var flaky = FaultProxy.Start(mirror.BaseUri);
        var config = "/blobs/" + image.Config.Digest;
        flaky.RespondWithStatus(FaultProxy.When("GET", config), 503, times: 1);
        using var store = new TempStore(mirrors: MirrorsOf(origin, flaky.Host));

        var result = await store.PullAsync($"{origin.Host}/app:1");

        Assert.Equal(image.Digest, result.Manifest.ToString());
        Assert.Equal(1, flaky.Count("GET", config)); // a retry would have found the mirror well again
        Assert.Equal(0, flaky.Count("GET", "/blobs/" + image.Layers[0].Digest)); // passed over for the rest of the pull
        await origin.FlushAccessLogAsync();
        Assert.All(BlobsOf(image), blob => Assert.Contains($"GET /v2/app/blobs/{blob}", OursAt(origin)));
    }

    [Theory]
    [InlineData(MirrorTagCheck.Origin, false)]
    [InlineData(MirrorTagCheck.Mirror, true)]
    public async Task A_tag_is_the_origins_to_answer_unless_the_mirror_may_since_a_mirror_may_lag(MirrorTagCheck tagCheck, bool staleExpected)
    {
        using var factory = new ImageFactory();
        var (origin, fresh) = await StartOriginAsync(factory);
        await using var _ = origin;
        await using var lagging = await RegistryProcess.StartAsync();
        var stale = await factory.CreateImageAsync(App with { Name = "stale" });
        using (var seeder = lagging.CreateSeeder())
        {
            await seeder.PushImageAsync("app", stale, "1");
        }

        using var store = new TempStore(mirrors: MirrorsOf(origin, lagging.Host).WithTagCheck(tagCheck));

        var result = await store.PullAsync($"{origin.Host}/app:1");

        Assert.Equal(staleExpected ? stale.Digest : fresh.Digest, result.Manifest.ToString());
        store.AssertEveryBlobMatchesItsDigest();
    }

    [Theory]
    [InlineData(MirrorTagCheck.Origin, "")]
    [InlineData(MirrorTagCheck.Mirror, "IMG1001")]
    public async Task The_locks_tag_check_asks_the_origin_so_a_lagging_mirror_reports_no_false_mutation(MirrorTagCheck tagCheck, string expectedCodes)
    {
        using var factory = new ImageFactory();
        var (origin, fresh) = await StartOriginAsync(factory);
        await using var _ = origin;
        await using var lagging = await RegistryProcess.StartAsync();
        using (var seeder = lagging.CreateSeeder())
        {
            await seeder.PushImageAsync("app", await factory.CreateImageAsync(App with { Name = "stale" }), "1");
        }

        using var store = new TempStore(mirrors: MirrorsOf(origin, lagging.Host).WithTagCheck(tagCheck));
        var lockPath = Path.Combine(store.Root, "images.lock.json");
        BaseImageRequest[] requests = [new($"{origin.Host}/app:1", [Platform.Parse("linux/amd64")])];
        using (var direct = new TempStore())
        {
            var pinned = await new LockOperation(direct.Registry, direct.Store).ExecuteAsync(requests, new LockOptions(lockPath), CancellationToken.None);
            Assert.Equal(fresh.Digest, Assert.Single(pinned.Images).Digest.ToString());
        }

        var check = await new LockOperation(store.Registry, store.Store).ExecuteAsync(requests, new LockOptions(lockPath), CancellationToken.None);

        Assert.Equal(expectedCodes, string.Join(",", check.Diagnostics.Select(d => d.Code.Id)));
    }

    [Fact]
    public async Task A_mirror_is_never_sent_the_origins_credentials()
    {
        using var factory = new ImageFactory();
        var auth = new RegistryProcessOptions { Username = "fleet", Password = "origin-secret" };
        var (origin, image) = await StartOriginAsync(factory, auth);
        await using var _ = origin;
        // The same user and password would open the mirror too: only keeping them from it makes it refuse us.
        await using var mirror = await RegistryProcess.StartAsync(auth);
        using (var seeder = mirror.CreateSeeder())
        {
            await seeder.PushImageAsync("app", image, "1");
        }

        await using var spy = FaultProxy.Start(mirror.BaseUri);
        using var config = DockerConfig.WithAuth(origin.Host, "fleet", "origin-secret");
        using var store = new TempStore(config.Directory, MirrorsOf(origin, spy.Host));

        var result = await store.PullAsync($"{origin.Host}/app:1");

        Assert.Equal(image.Digest, result.Manifest.ToString());
        Assert.NotEmpty(spy.Requests);
        Assert.All(spy.Requests, r => Assert.False(r.HasAuthorization, $"{r.Method} {r.Path} carried credentials"));
        await origin.FlushAccessLogAsync();
        Assert.All(BlobsOf(image), blob => Assert.Contains($"GET /v2/app/blobs/{blob}", OursAt(origin)));
    }

    private static async Task<(RegistryProcess Origin, SyntheticImage Image)> StartOriginAsync(ImageFactory factory, RegistryProcessOptions? options = null)
    {
        var origin = await RegistryProcess.StartAsync(options ?? new RegistryProcessOptions());
        var image = await factory.CreateImageAsync(App);
        using var seeder = origin.CreateSeeder();
        await seeder.PushImageAsync("app", image, "1");
        return (origin, image);
    }

    private static RegistryMirrors MirrorsOf(RegistryProcess origin, string mirrorHost) =>
        RegistryMirrors.Parse($"{origin.Host}=http://{mirrorHost}", RegistryMirrors.Variable);

    /// <summary>
    /// Waits until a pull-through cache has committed these blobs to its storage (distribution's filesystem layout):
    /// it writes what it streams from its upstream after the client has its bytes, so a request just after could still
    /// go upstream.
    /// </summary>
    private static async Task WaitUntilCachedAsync(RegistryProcess cache, IEnumerable<string> blobs)
    {
        var files = blobs.Select(Digest.Parse)
            .Select(d => Path.Combine(cache.StorageDirectory, "docker", "registry", "v2", "blobs", d.Algorithm, d.Hex[..2], d.Hex, "data"))
            .ToList();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!files.All(File.Exists))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the cache did not store {string.Join(", ", files.Where(f => !File.Exists(f)))} within 30 s");
            await Task.Delay(50);
        }
    }

    private static IEnumerable<string> BlobsOf(SyntheticImage image) => image.Layers.Select(l => l.Digest).Append(image.Config.Digest);

    /// <summary>"METHOD URI" of the requests that reached the registry from us (not from a cache filling itself).</summary>
    private static List<string> OursAt(RegistryProcess registry) =>
        registry.AccessLog().Where(e => e.UserAgent.StartsWith("imagetasks/", StringComparison.Ordinal)).Select(e => $"{e.Method} {e.Uri}").ToList();
}

/// <summary>The source contract over a pull-through cache in front of the standard registry, the mirrors answering tags too.</summary>
public sealed class MirroredRegistrySourceContractTests(StandardRegistryFixture fixture) : ImageSourceContract(fixture), IClassFixture<StandardRegistryFixture>, IAsyncLifetime
{
    private RegistryProcess? _mirror;
    private RegistryClient? _client;

    public async Task InitializeAsync() =>
        _mirror = await RegistryProcess.StartAsync(new RegistryProcessOptions { ProxyRemoteUrl = Fixture.Registry.BaseUri });

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_mirror is not null)
        {
            await _mirror.DisposeAsync();
        }
    }

    protected override Task<IImageSource> CreateSourceAsync()
    {
        var mirrors = RegistryMirrors.Parse($"{Fixture.Registry.Host}=http://{_mirror!.Host}", RegistryMirrors.Variable).WithTagCheck(MirrorTagCheck.Mirror);
        _client = new RegistryClient(new RegistryOptions { Mirrors = mirrors });
        return Task.FromResult<IImageSource>(new MirroredRegistrySource(_client));
    }
}
