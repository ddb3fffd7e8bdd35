using System.Collections.Concurrent;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Images;

/// <summary>
/// A registry with its mirrors in front (<see cref="RegistryOptions.Mirrors"/>): each question goes to the mirrors of the
/// reference's registry in order, then to the origin. A mirror that is down, refuses us, errs or serves wrong bytes is
/// passed over, and not asked again by this source (one command, one build task); one that lacks the content (404) is
/// passed over for that question only. Nothing a mirror sends is trusted: manifests are asked by digest and checked,
/// blobs are spooled and checked before a reader sees them (<see cref="VerifiedSpool"/>). Tags are answered by the origin
/// unless <see cref="MirrorTagCheck.Mirror"/> says the mirrors may answer them, since a mirror may lag behind a moved tag.
/// Registries without mirrors go straight to the origin, exactly as <see cref="RegistrySource"/>.
/// </summary>
public sealed class MirroredRegistrySource : IImageSource
{
    private readonly RegistryClient _registry;
    private readonly RegistrySource _origin;
    private readonly RegistryMirrors _mirrors;
    private readonly ImageStore? _spoolStore;
    private readonly ConcurrentDictionary<RegistryMirror, string> _passedOver = new();

    /// <param name="spoolStore">the store a mirror's blobs are spooled beside before they are read (pull and the build
    /// pass theirs, so large layers go to the store's disk); null: the system's temp folder</param>
    public MirroredRegistrySource(RegistryClient registry, ImageStore? spoolStore = null)
    {
        _registry = registry;
        _origin = new RegistrySource(registry);
        _mirrors = registry.Options.Mirrors;
        _spoolStore = spoolStore;
    }

    public string Name => _origin.Name;

    /// <summary>Mirrors this source stopped asking, and why (the failure's one line).</summary>
    public IReadOnlyDictionary<RegistryMirror, string> PassedOver => _passedOver;

    public Task<ManifestHead> HeadAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var mirrors = MirrorsFor(reference);
        return mirrors.Count == 0
            ? _origin.HeadAsync(reference, cancellationToken)
            : FirstAsync(mirrors, reference.Repository, async (repository, token) =>
            {
                var head = await _registry.HeadManifestAsync(repository, RegistrySource.ManifestKey(reference), token).ConfigureAwait(false);
                return reference.Digest is { } asked && head.Digest != asked
                    ? throw new ManifestException($"manifest for {repository.WithDigest(asked).ToFamiliarString()} is announced with digest {head.Digest}")
                    : head;
            }, () => _origin.HeadAsync(reference, cancellationToken), cancellationToken);
    }

    public async Task<ManifestDocument> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        if (_mirrors.For(reference.Domain).Count == 0)
        {
            return await _origin.GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        }

        // A tag the origin answers becomes a digest the mirrors can serve verifiably: HEAD at the origin, GET by digest.
        if (reference.Digest is null && _mirrors.TagCheck == MirrorTagCheck.Origin)
        {
            var head = await _origin.HeadAsync(reference, cancellationToken).ConfigureAwait(false);
            reference = reference.WithDigest(head.Digest);
        }

        // RegistryClient checks the bytes against the digest asked for (and any digest the mirror announces).
        return await FirstAsync(MirrorsFor(reference), reference.Repository,
            (repository, token) => _registry.GetManifestAsync(repository, RegistrySource.ManifestKey(reference), token),
            () => _origin.GetManifestAsync(reference, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream> OpenBlobAsync(Repository repository, Descriptor blob, CancellationToken cancellationToken)
    {
        var mirrors = _mirrors.For(repository.Domain);
        return mirrors.Count == 0
            ? _origin.OpenBlobAsync(repository, blob, cancellationToken)
            : FirstAsync(mirrors, repository, async (mirrored, token) =>
            {
                await using var content = await _registry.OpenBlobAsync(mirrored, blob.Digest, blob.Size, token).ConfigureAwait(false);
                // In the store's temp folder, the store takes the verified spool as it is (a rename, not a second copy).
                var spool = _spoolStore?.NewTempPath("mirror") ?? Path.Combine(Path.GetTempPath(), $"imagetasks-mirror-{Guid.NewGuid():N}");
                return await VerifiedSpool.ReadAsync(content, blob, $"blob {blob.Digest} from mirror {mirrored.Domain}", spool, forStore: _spoolStore is not null, token).ConfigureAwait(false);
            }, () => _origin.OpenBlobAsync(repository, blob, cancellationToken), cancellationToken);
    }

    /// <summary>The mirrors that may answer this reference: none for a tag the origin answers.</summary>
    private IReadOnlyList<RegistryMirror> MirrorsFor(ImageReference reference) =>
        reference.Digest is null && _mirrors.TagCheck == MirrorTagCheck.Origin ? [] : _mirrors.For(reference.Domain);

    private async Task<T> FirstAsync<T>(
        IReadOnlyList<RegistryMirror> mirrors, Repository repository, Func<Repository, CancellationToken, Task<T>> askMirror, Func<Task<T>> askOrigin, CancellationToken cancellationToken)
    {
        foreach (var mirror in mirrors)
        {
            if (_passedOver.ContainsKey(mirror))
            {
                continue;
            }

            try
            {
                return await askMirror(mirror.Map(repository), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested
                && e is ImageTasksException or HttpRequestException or IOException or OperationCanceledException)
            {
                // A miss is about this content only; anything else says the mirror cannot be relied on for this command.
                var missing = ContentNotFoundException.IsMissing(e);
                if (!missing)
                {
                    _passedOver.TryAdd(mirror, e.Message);
                }

                _registry.Options.DebugLog?.Invoke(missing
                    ? $"mirror {mirror} does not have {repository}: asking the next"
                    : $"mirror {mirror} passed over for the rest of this command: {e.Message}");
            }
        }

        return await askOrigin().ConfigureAwait(false);
    }
}
