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

    public void Dispose() => _store.Dispose();

    private Task<LockResult> LockAsync(LockOptions options, params string[] platforms) =>
        new LockOperation(_store.Registry, _store.Store).ExecuteAsync([new BaseImageRequest(Multi, [.. platforms.Select(Platform.Parse)])], options, CancellationToken.None);
}
