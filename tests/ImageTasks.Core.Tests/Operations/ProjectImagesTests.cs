using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Platforms;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>
/// The one model of a project's images that the build and the CLI share: which platforms each image needs, how the
/// projects of one lock file merge, the pin time (SOURCE_DATE_EPOCH), and the entries no project uses any more.
/// </summary>
public sealed class ProjectImagesTests : IClassFixture<StandardRegistryFixture>, IDisposable
{
    private readonly StandardRegistryFixture _fixture;
    private readonly TempStore _store = new();

    public ProjectImagesTests(StandardRegistryFixture fixture) => _fixture = fixture;

    public void Dispose() => _store.Dispose();

    private string LockPath => Path.Combine(_store.Root, "images.lock.json");

    [Theory]
    [InlineData("linux/s390x", "linux-arm64", "linux/ppc64le", "linux-x64", "linux/s390x")] // the item's Platforms first
    [InlineData(null, "linux-arm64;linux-x64", "linux/ppc64le", "linux-x64", "linux/arm64 linux/amd64")] // then its own RIDs (the SDK image's)
    [InlineData(null, null, "linux/ppc64le", "linux-x64", "linux/ppc64le")] // then ImagePlatforms
    [InlineData(null, null, null, "linux-musl-arm64", "linux/arm64")] // then the project's RuntimeIdentifier
    public void An_images_platforms_come_from_the_first_source_that_names_any(string? platforms, string? itemRids, string? imagePlatforms, string? rid, string expected)
    {
        var project = new ProjectImages("/p/App.csproj", "/p/images.lock.json", []) { ImagePlatforms = imagePlatforms, RuntimeIdentifier = rid };

        var request = project.Request(new DeclaredImage("alpine:3.19", platforms, itemRids));

        Assert.Equal(expected, string.Join(' ', request.Platforms.Select(p => p.ToString())));
    }

    [Fact]
    public void Projects_sharing_a_lock_merge_into_one_request_per_reference_with_every_platform()
    {
        var a = new ProjectImages("/s/A/A.csproj", "/s/images.lock.json", [new DeclaredImage("alpine:3.19", "linux/amd64"), new DeclaredImage("busybox")]);
        var b = new ProjectImages("/s/B/B.csproj", "/s/images.lock.json", [new DeclaredImage("docker.io/library/alpine:3.19", "linux/arm64;linux/amd64")]);

        var merged = ProjectImages.Merge([a, b]);

        Assert.Equal(["alpine:3.19", "busybox"], merged.Select(r => r.Reference));
        Assert.Equal([Platform.Parse("linux/amd64"), Platform.Parse("linux/arm64")], merged[0].Platforms);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("1700000000", "2023-11-14T22:13:20+00:00")]
    [InlineData("0", "1970-01-01T00:00:00+00:00")]
    public void SOURCE_DATE_EPOCH_is_the_pin_time(string? value, string? expected)
    {
        var time = PinTime.FromEnvironment(name => name == "SOURCE_DATE_EPOCH" ? value : null);

        Assert.Equal(expected, time?.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("99999999999999")]
    public void A_SOURCE_DATE_EPOCH_that_is_not_whole_seconds_is_IMG1007(string value)
    {
        var error = Assert.Throws<PinningException>(() => PinTime.FromEnvironment(_ => value));

        Assert.Equal(DiagnosticCodes.InvalidInput, error.Code);
        Assert.StartsWith($"SOURCE_DATE_EPOCH '{value}' is not valid.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dropping_unused_entries_keeps_what_is_named_and_records_the_pin_time()
    {
        var small = _fixture.Seed.Reference(StandardSeed.SmallRepository, "1.0");
        var oci = _fixture.Seed.Reference(StandardSeed.OciRepository, "1");
        var amd64 = new[] { Platform.Parse("linux/amd64") };
        var operation = new LockOperation(_store.Registry, _store.Store);
        var at = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        await operation.ExecuteAsync([new BaseImageRequest(small, amd64), new BaseImageRequest(oci, amd64)], new LockOptions(LockPath) { ResolvedTime = at }, CancellationToken.None);
        var both = await File.ReadAllBytesAsync(LockPath);

        var kept = await operation.ExecuteAsync([new BaseImageRequest(oci, amd64)], new LockOptions(LockPath), CancellationToken.None);
        Assert.False(kept.LockWritten); // without DropUnused another project's entry stays
        Assert.Equal(both, await File.ReadAllBytesAsync(LockPath));

        var verified = await operation.ExecuteAsync([new BaseImageRequest(oci, amd64)], new LockOptions(LockPath) { DropUnused = true, LockedMode = true }, CancellationToken.None);
        Assert.False(verified.LockWritten); // locked mode never writes, not even to drop

        var dropped = await operation.ExecuteAsync([new BaseImageRequest(oci, amd64)], new LockOptions(LockPath) { DropUnused = true }, CancellationToken.None);
        Assert.True(dropped.LockWritten);
        var entry = Assert.Single(ImageLockFile.Read(LockPath)!.Images);
        Assert.Equal(oci, entry.Key);
        Assert.Equal(at, entry.Value.Resolved); // the pin kept its time
    }
}
