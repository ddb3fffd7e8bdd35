using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Platforms;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>
/// The lock against the real registry and a real store: the I/O half of pinning (PinPolicyTests holds the rules). What
/// is asked of the network, what is read from the store, and when the lock file is written.
/// </summary>
public sealed class LockOperationTests : IClassFixture<StandardRegistryFixture>, IDisposable
{
    private readonly StandardRegistryFixture _fixture;
    private readonly TempStore _store = new();
    private readonly string _lockPath;

    public LockOperationTests(StandardRegistryFixture fixture)
    {
        _fixture = fixture;
        _lockPath = Path.Combine(_store.Root, "images.lock.json");
    }

    private StandardSeed Seed => _fixture.Seed;

    private string Multi => Seed.Reference(StandardSeed.MultiOciRepository, "1");

    [Fact]
    public async Task The_first_lock_pins_the_index_and_each_platforms_manifest()
    {
        var result = await LockAsync(new LockOptions(_lockPath), "linux/arm64", "linux/arm/v7");

        Assert.False(result.Failed, string.Join("; ", result.Diagnostics.Select(d => d.Message)));
        Assert.True(result.LockWritten);
        Assert.False(Assert.Single(result.Images).FromStoreRegistryUnreachable);
        var entry = ImageLockFile.Read(_lockPath)!.Images[Multi];
        Assert.Equal(Seed.MultiOci.Digest, entry.Digest);
        Assert.Equal(Seed.MultiOci.PlatformDigests["linux/arm64/v8"], entry.Platforms["linux/arm64"]);
        Assert.Equal(Seed.MultiOci.PlatformDigests["linux/arm/v7"], entry.Platforms["linux/arm/v7"]);
    }

    [Theory]
    [InlineData(true, false)] // offline, the pinned index in the store: answered from the store
    [InlineData(false, true)] // offline, the store empty: IMG1005, nothing written
    public async Task Offline_a_new_platform_is_answered_from_the_store_or_refused(bool storeHit, bool fails)
    {
        await LockAsync(new LockOptions(_lockPath), "linux/arm64");
        if (storeHit)
        {
            await _store.PullAsync(Multi, "linux/arm64");
        }

        var before = await File.ReadAllBytesAsync(_lockPath);
        var result = await LockAsync(new LockOptions(_lockPath) { Offline = true }, "linux/arm64", "linux/arm/v7");

        Assert.Equal(fails, result.Failed);
        if (fails)
        {
            Assert.Equal("IMG1005", Assert.Single(result.Diagnostics).Code.Id);
            Assert.Equal(before, await File.ReadAllBytesAsync(_lockPath));
        }
        else
        {
            Assert.Equal(Seed.MultiOci.PlatformDigests["linux/arm/v7"], ImageLockFile.Read(_lockPath)!.Images[Multi].Platforms["linux/arm/v7"]);
        }
    }

    [Fact]
    public async Task A_platform_the_image_lacks_leaves_the_lock_untouched()
    {
        await LockAsync(new LockOptions(_lockPath), "linux/arm64");
        var before = await File.ReadAllBytesAsync(_lockPath);

        var result = await LockAsync(new LockOptions(_lockPath), "linux/s390x");

        var image = Assert.Single(result.Images);
        Assert.Equal([Platform.Parse("linux/s390x")], image.MissingPlatforms);
        Assert.Equal("IMG1010", image.PlatformCheck()!.Code.Id);
        Assert.False(result.LockWritten);
        Assert.Equal(before, await File.ReadAllBytesAsync(_lockPath)); // linux/arm64 is still pinned
    }

    [Fact]
    public async Task A_malformed_lock_entry_is_IMG1006_naming_the_entry_not_a_registry_failure()
    {
        var entry = """{"digest":"sha256:nothex","mediaType":"x","platforms":{},"resolved":"2026-01-01T00:00:00Z"}""";
        await File.WriteAllTextAsync(_lockPath, "{\"version\":1,\"images\":{\"" + Multi + "\":" + entry + "}}");

        var result = await LockAsync(new LockOptions(_lockPath), "linux/arm64");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("IMG1006", diagnostic.Code.Id);
        Assert.Contains("sha256:nothex", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("refused")] // a port nothing listens on
    [InlineData("dns")] // a name that does not resolve (.invalid never does)
    public async Task An_unreachable_registry_warns_and_uses_the_stored_pin_on_a_developer_build_and_fails_otherwise(string how)
    {
        // Pinned and pulled for linux/arm64; then the lock's entry is moved to a registry that cannot be reached.
        await LockAsync(new LockOptions(_lockPath), "linux/arm64");
        await _store.PullAsync(Multi, "linux/arm64");
        var host = how == "refused" ? $"127.0.0.1:{ClosedPort()}" : "registry.invalid";
        var offline = $"{host}/multi/oci:1";
        var imageLock = ImageLockFile.Read(_lockPath)!;
        imageLock.Images[offline] = imageLock.Images[Multi];
        imageLock.Images.Remove(Multi);
        ImageLockFile.Write(_lockPath, imageLock);
        var before = await File.ReadAllBytesAsync(_lockPath);

        var developer = await LockOfflineAsync(offline, new LockOptions(_lockPath), "linux/arm64");

        Assert.False(developer.Failed, string.Join("; ", developer.Diagnostics.Select(d => d.Message)));
        var warning = Assert.Single(developer.Diagnostics);
        Assert.Equal("IMG1012", warning.Code.Id);
        Assert.Contains($"the registry {host} could not be reached", warning.Message, StringComparison.Ordinal);
        Assert.Equal(Seed.MultiOci.Digest, Assert.Single(developer.Images).Digest.ToString());
        Assert.Equal(Seed.MultiOci.PlatformDigests["linux/arm64/v8"], developer.Images[0].PlatformDigests.Single().Value.ToString());
        Assert.True(developer.Images[0].FromStoreRegistryUnreachable); // what the build's container publishing then reads from the store

        var notStored = await LockOfflineAsync(offline, new LockOptions(_lockPath), "linux/arm64", "linux/amd64");
        Assert.Equal("IMG1008 E", Describe(Assert.Single(notStored.Diagnostics)));
        Assert.Contains("not (wholly) in the image store", notStored.Diagnostics[0].Message, StringComparison.Ordinal);

        var ci = await LockOfflineAsync(offline, new LockOptions(_lockPath) { LockedMode = true }, "linux/arm64");
        Assert.Equal("IMG1008 E", Describe(Assert.Single(ci.Diagnostics)));
        Assert.Contains("ImageLockedMode is true", ci.Diagnostics[0].Message, StringComparison.Ordinal);

        Assert.Equal(before, await File.ReadAllBytesAsync(_lockPath)); // nothing of this wrote the lock
    }

    [Fact]
    public async Task DropUnused_drops_the_entries_no_request_names_and_nothing_else_does()
    {
        var small = Seed.Reference(StandardSeed.SmallRepository, "1.0");
        var both = new[] { new BaseImageRequest(Multi, [Platform.Parse("linux/arm64")]), new BaseImageRequest(small, [Platform.Parse("linux/amd64")]) };
        await new LockOperation(_store.Registry, _store.Store).ExecuteAsync(both, new LockOptions(_lockPath), CancellationToken.None);
        Assert.Equal([small, Multi], ImageLockFile.Read(_lockPath)!.Images.Keys.Order(StringComparer.Ordinal));
        var before = await File.ReadAllBytesAsync(_lockPath);

        var kept = await LockAsync(new LockOptions(_lockPath) { Update = true }, "linux/arm64");
        Assert.False(kept.LockWritten);
        Assert.Equal(before, await File.ReadAllBytesAsync(_lockPath)); // byte for byte: nothing changed, nothing written

        var dropped = await LockAsync(new LockOptions(_lockPath) { Update = true, DropUnused = true }, "linux/arm64");
        Assert.True(dropped.LockWritten);
        Assert.Equal([Multi], ImageLockFile.Read(_lockPath)!.Images.Keys);
    }

    [Fact]
    public async Task Builds_writing_one_shared_lock_at_once_lose_no_entry()
    {
        // Eight builds, each pinning its own entry into one lock file at the same moment (the nodes of dotnet build -m).
        var entry = new LockedImage(Seed.MultiOci.Digest, "application/vnd.oci.image.index.v1+json",
            new SortedDictionary<string, string>(StringComparer.Ordinal) { ["linux/amd64"] = Seed.MultiOci.PlatformDigests["linux/amd64"] },
            DateTimeOffset.UnixEpoch);
        var keys = Enumerable.Range(0, 8).Select(i => $"registry.test/app{i}:1").ToList();

        var written = await Task.WhenAll(keys.Select(key => Task.Run(() =>
            LockFileMerge.WriteAsync(_lockPath, new Dictionary<string, LockedImage> { [key] = entry }, [], CancellationToken.None))));

        Assert.All(written, Assert.True);
        Assert.Equal(keys, ImageLockFile.Read(_lockPath)!.Images.Keys);
        var bytes = await File.ReadAllBytesAsync(_lockPath);
        Assert.False(await LockFileMerge.WriteAsync(_lockPath, new Dictionary<string, LockedImage> { [keys[0]] = entry with { Resolved = DateTimeOffset.UtcNow } }, [], CancellationToken.None));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_lockPath)); // the same pin made later is no change
        Assert.Empty(Directory.GetFiles(_store.Root, ".images.lock.json.*")); // no temp file left beside it
    }

    public void Dispose() => _store.Dispose();

    private static string Describe(PinDiagnostic diagnostic) => $"{diagnostic.Code.Id} {(diagnostic.IsError ? "E" : "W")}";

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private Task<LockResult> LockOfflineAsync(string reference, LockOptions options, params string[] platforms) =>
        new LockOperation(_store.Registry, _store.Store).ExecuteAsync([new BaseImageRequest(reference, [.. platforms.Select(Platform.Parse)])], options, CancellationToken.None);

    private Task<LockResult> LockAsync(LockOptions options, params string[] platforms) =>
        new LockOperation(_store.Registry, _store.Store).ExecuteAsync([new BaseImageRequest(Multi, [.. platforms.Select(Platform.Parse)])], options, CancellationToken.None);
}
