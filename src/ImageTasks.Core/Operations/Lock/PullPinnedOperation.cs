using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Pull;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Lock;

/// <param name="ProjectPath">the project whose in-use root records the images (null: record none)</param>
/// <param name="LockFilePath">its lock file: the root counts only while the lock still names the images</param>
public sealed record PullPinnedOptions(string? ProjectPath, string? LockFilePath, bool Offline);

/// <summary>
/// Brings the pinned images, for every required platform, into the store: nothing is fetched that the store holds
/// (no request at all then), so a build with everything present costs no download. Then records the project's root.
/// </summary>
public sealed class PullPinnedOperation
{
    private readonly RegistryClient _registry;
    private readonly ImageStore _store;

    public PullPinnedOperation(RegistryClient registry, ImageStore store)
    {
        _registry = registry;
        _store = store;
    }

    public async Task<IReadOnlyList<PinDiagnostic>> ExecuteAsync(IReadOnlyList<PinnedImage> images, PullPinnedOptions options, IProgress<PullEvent>? progress, CancellationToken cancellationToken)
    {
        var diagnostics = new List<PinDiagnostic>();
        var rooted = new List<RootedImage>();
        var stored = _store.ListImages(); // one index read: a pull below adds only the manifest it was missing
        foreach (var image in images)
        {
            foreach (var (platform, manifest) in image.PlatformDigests)
            {
                try
                {
                    var present = PresentInStore(_store, stored, manifest);
                    if (present is null)
                    {
                        if (options.Offline)
                        {
                            throw PinningErrors.OfflineImageMissing(image.Pinned, platform);
                        }

                        var result = await PullAsync(image, platform, progress, cancellationToken).ConfigureAwait(false);
                        if (result.Manifest != manifest)
                        {
                            throw PinningErrors.PullServedOther(image.Pinned, platform, result.Manifest, manifest);
                        }

                        present = result.ImageId;
                    }

                    rooted.Add(new RootedImage(present.Value.ToString(), [image.Digest.ToString(), manifest.ToString()]));
                }
                catch (PinningException e)
                {
                    diagnostics.Add(PinDiagnostic.From(e));
                }
                catch (ImageTasksException e)
                {
                    diagnostics.Add(PinDiagnostic.From(PinningErrors.PullFailed(image.Pinned, platform, e)));
                }
            }
        }

        if (options.ProjectPath is { } project && rooted.Count > 0)
        {
            _store.SetProjectRoot(new ProjectRoot { ProjectPath = project, LockFilePath = options.LockFilePath, Images = rooted });
        }

        return diagnostics;
    }

    /// <summary>The image ID when the store (its <paramref name="records"/>) holds this manifest with every blob it needs.</summary>
    internal static Digest? PresentInStore(ImageStore store, IReadOnlyList<ImageRecord> records, Digest manifest)
    {
        var record = records.FirstOrDefault(r => r.Manifest == manifest);
        return record is not null && store.MissingBlob(record) is null ? record.Config : null;
    }

    private async Task<PullResult> PullAsync(PinnedImage image, Platform platform, IProgress<PullEvent>? progress, CancellationToken cancellationToken)
    {
        var results = await new PullOperation(_registry, _store).ExecuteAsync(new PullOptions(image.Pinned, platform), progress, cancellationToken).ConfigureAwait(false);
        return results[0];
    }
}
