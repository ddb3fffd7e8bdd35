using ImageTasks.Core.Manifests;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Lock;

/// <summary>
/// Resolves base images against images.lock.json, NuGet-lock style: the first resolution pins each reference (and each
/// required platform's manifest) and writes the lock; later builds check each pinned tag with one HEAD request, in
/// parallel, and report a tag that moved (the pinned image is still what the build uses). Locked mode writes nothing
/// and fails on any gap; offline mode makes no request at all and answers from the lock and the store.
/// </summary>
public sealed class LockOperation
{
    private readonly RegistryClient _registry;
    private readonly ImageStore _store;

    public LockOperation(RegistryClient registry, ImageStore store)
    {
        _registry = registry;
        _store = store;
    }

    public async Task<LockResult> ExecuteAsync(IReadOnlyList<BaseImageRequest> requests, LockOptions options, CancellationToken cancellationToken)
    {
        var diagnostics = new List<PinDiagnostic>();
        ImageLock? existing;
        try
        {
            existing = ImageLockFile.Read(options.LockFilePath);
        }
        catch (PinningException e)
        {
            return new LockResult([], [new PinDiagnostic(true, e.Code, e.Message)], false);
        }

        if (options.LockedMode && existing is null)
        {
            diagnostics.Add(new PinDiagnostic(true, PinningCodes.LockMissing,
                $"{options.LockFilePath} does not exist and ImageLockedMode is true: run 'dotnet image lock' (or build once without locked mode) and commit the lock file"));
            return new LockResult([], diagnostics, false);
        }

        var entries = new SortedDictionary<string, LockedImage>(existing?.Images ?? [], StringComparer.Ordinal);
        var resolved = await Task.WhenAll(requests.Select(r => ResolveAsync(r, entries.GetValueOrDefault(Key(r)), options, cancellationToken))).ConfigureAwait(false);

        var images = new List<PinnedImage>();
        var changed = false;
        foreach (var (pinned, entry, messages) in resolved)
        {
            diagnostics.AddRange(messages);
            if (pinned is null || entry is null)
            {
                continue;
            }

            images.Add(pinned);
            var key = pinned.Reference.ToString();
            if (!entries.TryGetValue(key, out var old) || !old.SamePin(entry))
            {
                if (options.LockedMode)
                {
                    diagnostics.Add(new PinDiagnostic(true, old is null ? PinningCodes.NotLocked : PinningCodes.PlatformNotLocked,
                        $"{options.LockFilePath} does not pin {key} for every required platform ({string.Join(", ", entry.Platforms.Keys)}) and ImageLockedMode is true: update the lock with 'dotnet image lock' and commit it"));
                    continue;
                }

                entries[key] = entry;
                changed = true;
            }
        }

        var write = changed && !diagnostics.Any(d => d.IsError);
        if (write)
        {
            ImageLockFile.Write(options.LockFilePath, new ImageLock { Images = entries });
        }

        return new LockResult(images, diagnostics, write);
    }

    private static string Key(BaseImageRequest request) =>
        ImageReference.TryParse(request.Reference, out var reference, out _) && reference is not null ? reference.WithDefaultTag().ToString() : request.Reference;

    private async Task<(PinnedImage? Image, LockedImage? Entry, List<PinDiagnostic> Messages)> ResolveAsync(
        BaseImageRequest request, LockedImage? entry, LockOptions options, CancellationToken cancellationToken)
    {
        var messages = new List<PinDiagnostic>();
        try
        {
            var reference = ImageReference.Parse(request.Reference).WithDefaultTag();
            var repository = reference.Repository;
            var key = reference.ToString();

            // The reference's own @digest is a pin too; a lock that pins something else is out of date.
            var pinned = entry is null ? reference.Digest : Digest.Parse(entry.Digest);
            if (entry is not null && reference.Digest is { } own && own != pinned)
            {
                if (options.LockedMode)
                {
                    messages.Add(new PinDiagnostic(true, PinningCodes.NotLocked, $"{key} pins {own} but {options.LockFilePath} pins {pinned}: update the lock with 'dotnet image lock'"));
                    return (null, null, messages);
                }

                pinned = own;
                entry = null;
            }

            Digest? current = null;
            if (reference.Tag is { } tag && pinned is { } pin && options.TagCheck && !options.Offline)
            {
                current = (await _registry.HeadManifestAsync(repository, tag, cancellationToken).ConfigureAwait(false)).Digest;
                if (current != pin)
                {
                    if (options.Update && !options.LockedMode && reference.Digest is null)
                    {
                        pinned = current;
                        entry = null;
                    }
                    else if (options.Mutation != TagMutationPolicy.None)
                    {
                        messages.Add(new PinDiagnostic(options.Mutation == TagMutationPolicy.Error, PinningCodes.TagMutation,
                            $"The tag {reference.Repository.WithTag(tag).ToFamiliarString()} was mutated in the registry: it is pinned to {pin} but now points to {current}. "
                            + "The build uses the pinned image. If the new image is intended, accept it with 'dotnet image lock --update' or -p:ImageLockUpdate=true."));
                    }
                }
            }

            if (pinned is null)
            {
                if (options.Offline)
                {
                    messages.Add(new PinDiagnostic(true, PinningCodes.OfflineMissing, $"{key} is not pinned in {options.LockFilePath} and ImageOffline is true: resolve it once online"));
                    return (null, null, messages);
                }

                if (options.LockedMode)
                {
                    messages.Add(new PinDiagnostic(true, PinningCodes.NotLocked, $"{options.LockFilePath} does not pin {key} and ImageLockedMode is true: update the lock with 'dotnet image lock' and commit it"));
                    return (null, null, messages);
                }

                pinned = (await _registry.HeadManifestAsync(repository, reference.Tag!, cancellationToken).ConfigureAwait(false)).Digest;
                current = pinned;
            }

            var platforms = entry?.Platforms.ToDictionary(p => Platform.Parse(p.Key), p => Digest.Parse(p.Value)) ?? [];
            var mediaType = entry?.MediaType;
            var missing = new List<Platform>();
            var available = new List<Platform>();
            if (entry is null || request.Platforms.Any(p => !platforms.ContainsKey(p.Normalize())))
            {
                var document = await DocumentAsync(repository, pinned.Value, key, options, cancellationToken).ConfigureAwait(false);
                mediaType = document.MediaType;
                platforms.Clear();
                available.AddRange(await AvailableAsync(repository, document, options, key, cancellationToken).ConfigureAwait(false));
                foreach (var wanted in request.Platforms.Select(p => p.Normalize()).Distinct())
                {
                    var match = document.Index is { } index
                        ? new PlatformMatcher(wanted).SelectBest(PlatformSelection.Candidates(index), m => m.Platform!.ToPlatform())?.Digest
                        : new PlatformMatcher(wanted).Matches(available[0]) ? document.Digest : (Digest?)null;
                    if (match is null)
                    {
                        missing.Add(wanted);
                    }
                    else
                    {
                        platforms[wanted] = match.Value;
                    }
                }
            }

            var lockedEntry = new LockedImage(
                pinned.Value.ToString(),
                mediaType!,
                new SortedDictionary<string, string>(platforms.ToDictionary(p => p.Key.ToString(), p => p.Value.ToString()), StringComparer.Ordinal),
                entry?.Resolved ?? WholeSeconds(DateTimeOffset.UtcNow));
            var image = new PinnedImage(reference, reference.Repository.WithTag(reference.Tag ?? "latest").WithDigest(pinned.Value), pinned.Value, mediaType!,
                platforms, missing, available, current);
            return (image, lockedEntry, messages);
        }
        catch (ReferenceFormatException e)
        {
            messages.Add(new PinDiagnostic(true, PinningCodes.InvalidReference, $"BaseImage '{request.Reference}': {e.Message}"));
        }
        catch (PinningException e)
        {
            messages.Add(new PinDiagnostic(true, e.Code, e.Message));
        }
        catch (ImageTasksException e)
        {
            messages.Add(new PinDiagnostic(true, PinningCodes.RegistryFailure, $"{request.Reference}: {e.Message}"));
        }

        return (null, null, messages);
    }

    /// <summary>Lock files show when a pin was made; sub-second digits would only add noise to diffs.</summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => new(time.UtcDateTime.Ticks - (time.UtcDateTime.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The pinned index or manifest: from the store when it has it, else from the registry by digest.</summary>
    private async Task<ManifestDocument> DocumentAsync(Repository repository, Digest digest, string key, LockOptions options, CancellationToken cancellationToken)
    {
        if (_store.HasBlob(digest))
        {
            return ManifestDocument.Parse(await File.ReadAllBytesAsync(_store.BlobPath(digest), cancellationToken).ConfigureAwait(false), null, key);
        }

        if (options.Offline)
        {
            throw new PinningException(PinningCodes.OfflineMissing, $"{key} ({digest}) is not in the image store and ImageOffline is true: build once online");
        }

        return await _registry.GetManifestAsync(repository, digest.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The platforms the image serves: an index's entries, or a single manifest's own (from its config).</summary>
    private async Task<IReadOnlyList<Platform>> AvailableAsync(Repository repository, ManifestDocument document, LockOptions options, string key, CancellationToken cancellationToken)
    {
        if (document.Index is { } index)
        {
            return PlatformSelection.Candidates(index).Select(m => m.Platform!.ToPlatform()).Distinct().ToList();
        }

        var configDigest = document.Manifest!.Config.Digest;
        if (_store.HasBlob(configDigest))
        {
            return [_store.ReadConfig(configDigest).ToPlatform()];
        }

        if (options.Offline)
        {
            throw new PinningException(PinningCodes.OfflineMissing, $"{key}: its config {configDigest} is not in the image store and ImageOffline is true: build once online");
        }

        return [(await _registry.GetImageConfigAsync(repository, document.Manifest.Config, cancellationToken).ConfigureAwait(false)).ToPlatform()];
    }
}
