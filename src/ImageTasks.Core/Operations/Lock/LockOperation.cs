using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Images;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Resolution;
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
    private readonly RegistryClient _client;
    private readonly ImageStore _imageStore;
    private readonly ImageResolver _registry;
    private readonly ImageResolver _store;
    private readonly ImageResolver _storeThenRegistry;

    public LockOperation(RegistryClient registry, ImageStore store)
    {
        _client = registry;
        _imageStore = store;
        var registrySource = new MirroredRegistrySource(registry, store);
        _registry = new ImageResolver(registrySource);
        _store = new ImageResolver(new StoreSource(store));
        _storeThenRegistry = new ImageResolver(new StoreCachedSource(store, registrySource));
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
            return new LockResult([], [PinDiagnostic.From(e)], false);
        }

        if (options.LockedMode && existing is null)
        {
            diagnostics.Add(PinDiagnostic.From(PinningErrors.LockMissing(options.LockFilePath, options.LockedModeSwitch)));
            return new LockResult([], diagnostics, false);
        }

        var entries = new SortedDictionary<string, LockedImage>(existing?.Images ?? [], StringComparer.Ordinal);
        // A developer build checks pinned tags with a short connect timeout and no retry of a connection that cannot be
        // made: an unreachable registry then costs well under a second and the pinned image in the store is used.
        using var quickClient = options.LockedMode || options.Update ? null : _client.ForTagCheck();
        var tagCheck = quickClient is null ? _registry : new ImageResolver(new MirroredRegistrySource(quickClient, _imageStore));
        var resolved = await Task.WhenAll(requests.Select(r => ResolveAsync(r, entries.GetValueOrDefault(Key(r)), options, tagCheck, cancellationToken))).ConfigureAwait(false);

        var images = new List<PinnedImage>();
        var pins = new Dictionary<string, LockedImage>(StringComparer.Ordinal);
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
                    diagnostics.Add(PinDiagnostic.From(PinningErrors.PlatformNotLocked(key, entry.Platforms.Keys, options.LockFilePath, old is not null, options.LockedModeSwitch)));
                    continue;
                }

                pins[key] = entry;
            }
        }

        var requested = requests.Select(Key).ToHashSet(StringComparer.Ordinal);
        var dropped = options.DropUnused && !options.LockedMode ? entries.Keys.Where(k => !requested.Contains(k)).ToList() : [];

        // A build that will fail (an error now, or a required platform the image lacks, which VerifyManifestList reports)
        // leaves the lock as it was: a failing edit must not rewrite pins, nor drop the platforms pinned before.
        var write = (pins.Count > 0 || dropped.Count > 0) && !diagnostics.Any(d => d.IsError) && images.All(i => i.MissingPlatforms.Count == 0);
        if (write)
        {
            try
            {
                // Merged under a file lock with what other builds sharing the lock wrote since it was read.
                write = await LockFileMerge.WriteAsync(options.LockFilePath, pins, dropped, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(PinDiagnostic.From(PinningErrors.LockUnwritable(options.LockFilePath, e)));
                write = false;
            }
            catch (PinningException e)
            {
                diagnostics.Add(PinDiagnostic.From(e)); // another build left the file unreadable meanwhile: IMG1006, nothing written
                write = false;
            }
        }

        return new LockResult(images, diagnostics, write);
    }

    /// <summary>The lock's key for a request: the reference's full form with its default tag.</summary>
    public static string Key(BaseImageRequest request) =>
        ImageReference.TryParse(request.Reference, out var reference, out _) && reference is not null ? reference.WithDefaultTag().ToString() : request.Reference;

    private async Task<(PinnedImage? Image, LockedImage? Entry, List<PinDiagnostic> Messages)> ResolveAsync(
        BaseImageRequest request, LockedImage? entry, LockOptions options, ImageResolver tagCheck, CancellationToken cancellationToken)
    {
        var messages = new List<PinDiagnostic>();
        try
        {
            var reference = ImageReference.Parse(request.Reference).WithDefaultTag();
            var key = reference.ToString();
            var wanted = request.Platforms.Select(p => p.Normalize()).Distinct().ToList();
            var facts = new PinFacts(key, reference.Tag is not null, reference.Digest, entry is null ? null : Digest.Parse(entry.Digest), null);
            if (PinPolicy.ChecksTag(facts, options))
            {
                // Only a tag that may fall back to the store is checked the quick way; a first pin waits as long as it must.
                var resolver = PinPolicy.MayFallBackToStore(facts, options) ? tagCheck : _registry;
                try
                {
                    facts = facts with { Current = (await resolver.CurrentAsync(reference.Repository.WithTag(reference.Tag!), cancellationToken).ConfigureAwait(false)).Digest };
                }
                catch (RegistryException e) when (e.IsUnreachable)
                {
                    facts = facts with { Unreachable = e, PinnedInStore = LockedInStore(entry, reference, wanted) };
                }
            }

            var decision = PinPolicy.Decide(facts, options);
            if (decision.Diagnostic is { } diagnostic)
            {
                messages.Add(diagnostic);
            }

            if (decision.Stop)
            {
                return (null, null, messages);
            }

            var pinned = decision.Pin!.Value;
            var kept = decision.KeepsLockedPlatforms ? entry : null;
            var platforms = kept?.Platforms.ToDictionary(p => Platform.Parse(p.Key), p => Digest.Parse(p.Value)) ?? [];
            var mediaType = kept?.MediaType;
            IReadOnlyList<Platform> missing = [];
            IReadOnlyList<Platform> available = [];
            if (kept is null || wanted.Any(p => !platforms.ContainsKey(p)))
            {
                var resolution = await ResolvePinnedAsync(reference, pinned, wanted, options, cancellationToken).ConfigureAwait(false);
                mediaType = resolution.Top.MediaType;
                // Added to what the same pin already locks: a build for one runtime never drops another's platform.
                foreach (var (platform, manifest) in resolution.Chosen)
                {
                    platforms[platform] = manifest;
                }

                missing = resolution.Missing;
                available = resolution.Offered;
            }

            var lockedEntry = new LockedImage(
                pinned.ToString(),
                mediaType!,
                new SortedDictionary<string, string>(platforms.ToDictionary(p => p.Key.ToString(), p => p.Value.ToString()), StringComparer.Ordinal),
                kept?.Resolved ?? WholeSeconds(options.ResolvedTime ?? DateTimeOffset.UtcNow));
            // The build uses (pulls, roots) the platforms it needs; the lock keeps every platform pinned for this digest.
            var used = platforms.Where(p => wanted.Contains(p.Key)).ToDictionary();
            var image = new PinnedImage(reference, reference.Repository.WithTag(reference.Tag ?? "latest").WithDigest(pinned), pinned, mediaType!,
                used, missing, available, facts.Current) { FromStoreRegistryUnreachable = facts.Unreachable is not null };
            return (image, lockedEntry, messages);
        }
        catch (ReferenceFormatException e)
        {
            messages.Add(PinDiagnostic.From(PinningErrors.InvalidReference(request.Reference, e)));
        }
        catch (RegistryException e)
        {
            messages.Add(PinDiagnostic.From(PinningErrors.RegistryFailed(request.Reference, e)));
        }
        catch (ImageTasksException e)
        {
            messages.Add(PinDiagnostic.From(e)); // a store, manifest or pinning failure keeps its own code
        }

        return (null, null, messages);
    }

    /// <summary>
    /// Whether the lock's pin (the one the reference's own digest agrees with) is whole in the store for every wanted
    /// platform: what the build can use without the registry.
    /// </summary>
    private bool LockedInStore(LockedImage? entry, ImageReference reference, IReadOnlyList<Platform> wanted)
    {
        if (entry is null || (reference.Digest is { } own && own != Digest.Parse(entry.Digest)))
        {
            return false;
        }

        var stored = _imageStore.ListImages();
        return wanted.All(p => entry.Platforms.TryGetValue(p.ToString(), out var manifest)
            && PullPinnedOperation.PresentInStore(_imageStore, stored, Digest.Parse(manifest)) is not null);
    }

    /// <summary>Lock files show when a pin was made; sub-second digits would only add noise to diffs.</summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => new(time.UtcDateTime.Ticks - (time.UtcDateTime.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The pinned image's platforms, from the store when it has the documents (no request), else from the registry.</summary>
    private async Task<ImageResolution> ResolvePinnedAsync(ImageReference reference, Digest pinned, IReadOnlyList<Platform> wanted, LockOptions options, CancellationToken cancellationToken)
    {
        var resolver = options.Offline ? _store : _storeThenRegistry;
        try
        {
            return await resolver.ResolveAsync(reference.WithDigest(pinned), wanted, cancellationToken).ConfigureAwait(false);
        }
        catch (ContentNotFoundException) when (options.Offline)
        {
            throw PinningErrors.OfflineManifestMissing(reference.ToString(), pinned);
        }
    }
}
