using ImageTasks.Core.Archives;
using ImageTasks.Core.Images;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Resolution;
using ImageTasks.Core.Tests.Operations;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Images;

/// <summary>
/// What every <see cref="IImageSink"/> must do, run against each implementation (a subclass per sink) with the real
/// registry and a real store: an image copied in blob by blob, then its manifest, reads back byte for byte; a blob whose
/// bytes are not what its descriptor says is refused and never becomes visible.
/// </summary>
public abstract class ImageSinkContract : IDisposable
{
    protected ImageSinkContract(StandardRegistryFixture fixture)
    {
        Fixture = fixture;
        Store = new TempStore();
    }

    protected StandardRegistryFixture Fixture { get; }

    protected TempStore Store { get; }

    protected ImageReference Small => ImageReference.Parse(Fixture.Seed.Reference(StandardSeed.SmallRepository, "1.0"));

    /// <summary>The sink, where to write in it, where the image comes from, and how to read the sink back.</summary>
    protected abstract Task<(IImageSink Sink, ImageReference Target, IImageSource From, IImageSource ReadBack)> CreateAsync();

    [Fact]
    public async Task An_image_copied_into_the_sink_reads_back_byte_for_byte()
    {
        var (sink, target, from, readBack) = await CreateAsync();
        var image = (await new ImageResolver(from).ResolveAsync(Small, [], CancellationToken.None)).Single!;
        var diffIds = await image.GetDiffIdsAsync("small", CancellationToken.None);

        await sink.PutBlobAsync(target.Repository, image.ConfigDescriptor, null, t => from.OpenBlobAsync(image.Repository, image.ConfigDescriptor, t), null, CancellationToken.None);
        for (var i = 0; i < image.Layers.Count; i++)
        {
            long sent = 0;
            await sink.PutBlobAsync(target.Repository, image.Layers[i], diffIds[i], image.OpenLayerAsync(image.Layers[i]), n => sent = n, CancellationToken.None);
            Assert.Equal(image.Layers[i].Size, sent);
        }

        var digest = await sink.PutManifestAsync(target, image.Document, CancellationToken.None);

        Assert.Equal(image.Digest, digest);
        var back = await readBack.GetManifestAsync(target.Repository.WithDigest(digest), CancellationToken.None);
        Assert.Equal(image.Document.Bytes, back.Bytes);
        foreach (var blob in image.Layers.Append(image.ConfigDescriptor))
        {
            Assert.True(await sink.HasBlobAsync(target.Repository, blob, CancellationToken.None), $"{blob.Digest} is in {sink.Name}");
        }
    }

    [Fact]
    public async Task A_blob_whose_bytes_lie_is_refused_and_not_stored()
    {
        var (sink, target, from, _) = await CreateAsync();
        var image = (await new ImageResolver(from).ResolveAsync(Small, [], CancellationToken.None)).Single!;
        var diffIds = await image.GetDiffIdsAsync("small", CancellationToken.None);
        var claimed = image.Layers[0];
        var actual = image.ConfigDescriptor; // other bytes, of the right length, under the layer's name

        await Assert.ThrowsAnyAsync<ImageTasksException>(() =>
            sink.PutBlobAsync(target.Repository, claimed with { Size = actual.Size }, diffIds[0], image.OpenLayerAsync(actual), null, CancellationToken.None));

        Assert.False(await sink.HasBlobAsync(target.Repository, claimed, CancellationToken.None));
    }

    public void Dispose()
    {
        Store.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The store as a sink, filled from the registry: the shape of a pull (and, next, of a load).</summary>
public sealed class StoreSinkContractTests(StandardRegistryFixture fixture) : ImageSinkContract(fixture), IClassFixture<StandardRegistryFixture>
{
    protected override Task<(IImageSink Sink, ImageReference Target, IImageSource From, IImageSource ReadBack)> CreateAsync() =>
        Task.FromResult<(IImageSink, ImageReference, IImageSource, IImageSource)>(
            (new StoreSink(Store.Store), Small, new RegistrySource(Store.Registry), new StoreSource(Store.Store)));
}

/// <summary>A registry as a sink, filled from a store: the shape of a push, into a repository of its own per test.</summary>
public sealed class RegistrySinkContractTests(StandardRegistryFixture fixture) : ImageSinkContract(fixture), IClassFixture<StandardRegistryFixture>
{
    protected override async Task<(IImageSink Sink, ImageReference Target, IImageSource From, IImageSource ReadBack)> CreateAsync()
    {
        await Store.PullAsync(Small.ToString());
        var target = ImageReference.Parse($"{Fixture.Seed.Host}/contract/sink{Guid.NewGuid():N}:copied");
        return (new RegistrySink(Store.Registry, 1 << 20), target, new StoreSource(Store.Store), new RegistrySource(Store.Registry));
    }
}

/// <summary>
/// An archive as a sink, filled from the registry: the shape of a save. Read back once written: the archive is finished
/// and read again as a load reads it.
/// </summary>
public sealed class ArchiveSinkContractTests(StandardRegistryFixture fixture) : ImageSinkContract(fixture), IClassFixture<StandardRegistryFixture>
{
    protected override Task<(IImageSink Sink, ImageReference Target, IImageSource From, IImageSource ReadBack)> CreateAsync()
    {
        var written = new MemoryStream();
        var sink = new ArchiveSink(written);
        return Task.FromResult<(IImageSink, ImageReference, IImageSource, IImageSource)>(
            (sink, Small, new RegistrySource(Store.Registry), new WrittenArchive(sink, written, Store.Store)));
    }

    /// <summary>The archive the sink wrote, finished and read on the first question.</summary>
    private sealed class WrittenArchive(ArchiveSink sink, MemoryStream written, ImageTasks.Core.Store.ImageStore store) : IImageSource
    {
        private ArchiveSource? _read;

        public string Name => "the written archive";

        public async Task<ManifestHead> HeadAsync(ImageReference reference, CancellationToken cancellationToken) =>
            await (await ReadAsync(cancellationToken)).HeadAsync(reference, cancellationToken);

        public async Task<ManifestDocument> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken) =>
            await (await ReadAsync(cancellationToken)).GetManifestAsync(reference, cancellationToken);

        public async Task<Stream> OpenBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken) =>
            await (await ReadAsync(cancellationToken)).OpenBlobAsync(repository, blob, cancellationToken);

        private async Task<ArchiveSource> ReadAsync(CancellationToken cancellationToken)
        {
            if (_read is null)
            {
                await sink.FinishAsync(cancellationToken);
                var archive = await ArchiveReader.ReadAsync(new MemoryStream(written.ToArray()), store, cancellationToken);
                _read = new ArchiveSource(archive, ArchiveCatalog.Read(archive));
            }

            return _read;
        }
    }
}
