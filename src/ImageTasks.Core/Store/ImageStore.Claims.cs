using ImageTasks.Core.IO;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>
/// Each blob fetched once, however many processes pull it at the same time (the nodes of <c>dotnet build -m</c>, two
/// terminals): a per-digest claim, an OS file lock under <c>imagetasks/claims/</c>, is held while the blob is fetched
/// and verified. Whoever waited finds the blob present ("Already exists"). If the holder dies, the OS drops its lock
/// and the next waiter fetches the blob itself.
/// </summary>
public sealed partial class ImageStore
{
    private string ClaimsFolder => Path.Combine(PrivateFolder, "claims");

    /// <summary>
    /// Holds the claim on <paramref name="digest"/> until disposed, waiting while another process holds it. Check for the
    /// blob only once the claim is held: what the holder stored is there then.
    /// </summary>
    /// <param name="waiting">called once if another process holds the claim (a "Waiting" progress line)</param>
    public Task<FileLock> ClaimBlobAsync(Digest digest, Action? waiting, CancellationToken cancellationToken)
    {
        EnsureLayout();
        return FileLock.AcquireAsync(Path.Combine(ClaimsFolder, $"{digest.Algorithm}-{digest.Hex}"), waiting, deleteOnRelease: true, cancellationToken);
    }

    /// <summary>
    /// The verified ingest of a layer (<see cref="IngestLayerAsync"/>), under the layer's claim: the content is opened
    /// (the download starts) only when no other process has stored the layer meanwhile.
    /// </summary>
    /// <param name="open">opens the layer's bytes; not called when the layer turns out to be present</param>
    /// <param name="waiting">called once if another process is fetching the layer now</param>
    /// <returns>the layer's diff_id and unpacked size, and whether it was present (stored by another process while we waited)</returns>
    public async Task<(LayerInfo Layer, bool WasPresent)> IngestLayerOnceAsync(
        Descriptor layer, Digest expectedDiffId, Func<CancellationToken, Task<Stream>> open, Action<long>? received, Action? waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(open);
        using var claim = await ClaimBlobAsync(layer.Digest, waiting, cancellationToken).ConfigureAwait(false);
        if (VerifiedLayer(layer.Digest, expectedDiffId) is { } known)
        {
            return (known, true);
        }

        await using var content = await open(cancellationToken).ConfigureAwait(false);
        return (await IngestLayerAsync(layer, expectedDiffId, content, received, null, cancellationToken).ConfigureAwait(false), false);
    }
}
