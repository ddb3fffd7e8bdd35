using System.Security.Cryptography;
using ImageTasks.Core.Images;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Resolution;
using ImageTasks.Core.Tests.Operations;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Images;

/// <summary>
/// What every <see cref="IImageSource"/> must do, run against each implementation (a subclass per source) over the real
/// registry seeded with the standard images, and over a real store filled from it: the same questions, the same answers.
/// </summary>
public abstract class ImageSourceContract : IDisposable
{
    protected ImageSourceContract(StandardRegistryFixture fixture)
    {
        Fixture = fixture;
        Store = new TempStore();
    }

    protected StandardRegistryFixture Fixture { get; }

    protected StandardSeed Seed => Fixture.Seed;

    protected TempStore Store { get; }

    /// <summary>The source under test, holding at least Small:1.0 and MultiOci:1 for linux/arm/v7 (a store pulls them first).</summary>
    protected abstract Task<IImageSource> CreateSourceAsync();

    private ImageReference Small => ImageReference.Parse(Seed.Reference(StandardSeed.SmallRepository, "1.0"));

    private ImageReference Multi => ImageReference.Parse(Seed.Reference(StandardSeed.MultiOciRepository, "1"));

    [Fact]
    public async Task A_tag_yields_the_manifest_bytes_the_registry_holds()
    {
        var source = await CreateSourceAsync();

        var document = await source.GetManifestAsync(Small, CancellationToken.None);

        Assert.Equal(Seed.Small.Image.Bytes, document.Bytes);
        Assert.Equal(Seed.Small.Digest, document.Digest.ToString());
        Assert.Equal(Seed.Small.MediaType, document.MediaType);
    }

    [Fact]
    public async Task A_digest_yields_that_document_and_head_agrees()
    {
        var source = await CreateSourceAsync();
        var byDigest = Multi.Repository.WithDigest(Digest.Parse(Seed.MultiOci.Digest));

        var index = await source.GetManifestAsync(byDigest, CancellationToken.None);
        var head = await source.HeadAsync(Small, CancellationToken.None);

        Assert.True(index.IsIndex);
        Assert.Equal(Seed.MultiOci.Digest, index.Digest.ToString());
        Assert.Equal(Seed.Small.Digest, head.Digest.ToString());
        Assert.Equal(Seed.Small.MediaType, head.MediaType);
    }

    [Fact]
    public async Task A_blob_streams_bytes_that_hash_to_its_digest()
    {
        var source = await CreateSourceAsync();
        var layer = Seed.Small.Image.Layers[0];

        await using var stream = await source.OpenBlobAsync(Small.Repository, new Descriptor { Digest = Digest.Parse(layer.Digest), Size = layer.Size }, CancellationToken.None);

        Assert.Equal(layer.Digest, "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
    }

    [Fact]
    public async Task What_the_source_lacks_is_a_miss_that_a_chain_can_pass_over()
    {
        var source = await CreateSourceAsync();
        var unknownBlob = new Descriptor { Digest = Digest.Compute("not stored anywhere"u8), Size = 19 };

        var tag = await Assert.ThrowsAnyAsync<ImageTasksException>(() => source.GetManifestAsync(Small.WithTag("no-such-tag"), CancellationToken.None));
        var blob = await Assert.ThrowsAnyAsync<ImageTasksException>(() => source.OpenBlobAsync(Small.Repository, unknownBlob, CancellationToken.None));

        Assert.True(ContentNotFoundException.IsMissing(tag), tag.Message);
        Assert.True(ContentNotFoundException.IsMissing(blob), blob.Message);
    }

    [Fact]
    public async Task The_resolver_over_the_source_picks_platforms_and_names_what_is_missing()
    {
        var resolver = new ImageResolver(await CreateSourceAsync());
        var arm = Platform.Parse("linux/arm/v7");
        var s390x = Platform.Parse("linux/s390x");

        var resolution = await resolver.ResolveAsync(Multi.Repository.WithDigest(Digest.Parse(Seed.MultiOci.Digest)), [arm, s390x], CancellationToken.None);
        var image = await resolver.ImageAsync(resolution, arm, CancellationToken.None);
        var config = await image.GetConfigAsync(CancellationToken.None);

        Assert.Equal(Seed.MultiOci.PlatformDigests["linux/arm/v7"], resolution.Chosen[arm].ToString());
        Assert.Equal([s390x], resolution.Missing);
        Assert.Contains(resolution.Offered, p => p.Os == "windows" && p.Architecture == "amd64");
        Assert.Equal(Seed.MultiOci.ForPlatform("linux/arm/v7").Config.Digest, config.Digest.ToString());
        Assert.Equal("arm", config.Config.Architecture);
        var refused = await Assert.ThrowsAnyAsync<ImageTasksException>(() => resolver.ImageAsync(resolution, s390x, CancellationToken.None));
        Assert.Contains("linux/arm/v7", refused.Message, StringComparison.Ordinal); // the error lists what the index offers
    }

    [Fact]
    public async Task A_single_platform_image_offers_its_configs_platform()
    {
        var resolver = new ImageResolver(await CreateSourceAsync());

        var resolution = await resolver.ResolveAsync(Small, [Platform.Parse("linux/amd64"), Platform.Parse("linux/arm64")], CancellationToken.None);

        Assert.Equal([Platform.Parse("linux/amd64")], resolution.Offered);
        Assert.Equal(Seed.Small.Digest, resolution.Chosen[Platform.Parse("linux/amd64")].ToString());
        Assert.Equal([Platform.Parse("linux/arm64")], resolution.Missing);
        Assert.NotNull(resolution.Single);
    }

    public void Dispose()
    {
        Store.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Fills the test's store from the registry with what the contract asks about.</summary>
    protected async Task FillStoreAsync()
    {
        await Store.PullAsync(Small.ToString());
        await Store.PullAsync(Multi.ToString(), "linux/arm/v7");
    }
}

public sealed class RegistrySourceContractTests(StandardRegistryFixture fixture) : ImageSourceContract(fixture), IClassFixture<StandardRegistryFixture>
{
    protected override Task<IImageSource> CreateSourceAsync() => Task.FromResult<IImageSource>(new RegistrySource(Store.Registry));
}

public sealed class StoreSourceContractTests(StandardRegistryFixture fixture) : ImageSourceContract(fixture), IClassFixture<StandardRegistryFixture>
{
    protected override async Task<IImageSource> CreateSourceAsync()
    {
        await FillStoreAsync();
        return new StoreSource(Store.Store);
    }
}

public sealed class StoreCachedSourceContractTests(StandardRegistryFixture fixture) : ImageSourceContract(fixture), IClassFixture<StandardRegistryFixture>
{
    protected override Task<IImageSource> CreateSourceAsync() => Task.FromResult<IImageSource>(new StoreCachedSource(Store.Store, new RegistrySource(Store.Registry)));
}

public sealed class SourceChainContractTests(StandardRegistryFixture fixture) : ImageSourceContract(fixture), IClassFixture<StandardRegistryFixture>
{
    /// <summary>An empty store first: every answer must come through the chain from the registry behind it.</summary>
    protected override Task<IImageSource> CreateSourceAsync() =>
        Task.FromResult<IImageSource>(new SourceChain(new StoreSource(Store.Store), new RegistrySource(Store.Registry)));
}
