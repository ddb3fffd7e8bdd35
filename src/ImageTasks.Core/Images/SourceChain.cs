using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Images;

/// <summary>
/// Sources asked in order, each question going to the next source only when the one before does not have the content
/// (the store before the registry). Any other failure stops the chain: a registry that
/// refuses us is an answer, not a miss (mirrors, which any failure passes over, are
/// <see cref="MirroredRegistrySource"/>). Content is verified by its digest whichever source serves it.
/// </summary>
public sealed class SourceChain : IImageSource
{
    private readonly IReadOnlyList<IImageSource> _sources;

    public SourceChain(params IReadOnlyList<IImageSource> sources)
    {
        if (sources.Count == 0)
        {
            throw new ArgumentException("a chain needs at least one source", nameof(sources));
        }

        _sources = sources;
    }

    public string Name => string.Join(", then ", _sources.Select(s => s.Name));

    public Task<ManifestHead> HeadAsync(ImageReference reference, CancellationToken cancellationToken) =>
        FirstAsync(s => s.HeadAsync(reference, cancellationToken));

    public Task<ManifestDocument> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken) =>
        FirstAsync(s => s.GetManifestAsync(reference, cancellationToken));

    public Task<Stream> OpenBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken) =>
        FirstAsync(s => s.OpenBlobAsync(repository, blob, cancellationToken));

    private async Task<T> FirstAsync<T>(Func<IImageSource, Task<T>> ask)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await ask(_sources[i]).ConfigureAwait(false);
            }
            catch (Exception e) when (i < _sources.Count - 1 && ContentNotFoundException.IsMissing(e))
            {
            }
        }
    }
}
