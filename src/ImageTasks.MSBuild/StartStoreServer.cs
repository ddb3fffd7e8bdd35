using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.References;
using ImageTasks.Core.Serving;
using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>
/// Offline container publishing: serves the store on a free loopback port for the SDK's own container tasks, which
/// then read the pinned base image from it instead of its registry. Returns the address and the name the base image
/// has there (see <see cref="ServedName"/>); the targets point ContainerBaseRegistry and ContainerBaseName at them,
/// after the SDK has made its labels from the real name.
/// </summary>
public sealed class StartStoreServer : ImageTask
{
    /// <summary>The base image as the SDK will publish on it (ContainerBaseImage, pinned).</summary>
    [Required]
    public string BaseImage { get; set; } = "";

    /// <summary>The lock's platform manifests of the base image (<c>linux/amd64=sha256:...;...</c>, ImageItems' PlatformDigests).</summary>
    public string? PlatformDigests { get; set; }

    [Output]
    public string Address { get; private set; } = "";

    /// <summary>
    /// The digest the SDK is to fetch when it is not the pinned one: the one platform manifest of the lock the store
    /// holds, when the store lacks the pinned manifest list (an image loaded from an archive carries its platform's
    /// manifest only, as docker save writes it). Empty otherwise.
    /// </summary>
    [Output]
    public string ServedDigest { get; private set; } = "";

    [Output]
    public string ServedName { get; private set; } = "";

    internal static string TaskObjectKey(string address) => "ImageTasks.StoreServer:" + address;

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(BaseImage);
        var served = Core.Serving.ServedName.For(reference.Repository)
            ?? throw ServeErrors.OfflinePublishUnserved(BaseImage, $"the repository {reference.Repository} cannot be named in a registry path");
        var store = OpenStore();
        if (reference.Digest is { } pinned && !store.HasBlob(pinned) && StoredPlatformManifest(store) is { } platformManifest)
        {
            ServedDigest = platformManifest.ToString();
        }

        var server = await StoreServerProcess.StartAsync(store.Root, BaseImage, cancellationToken).ConfigureAwait(false);

        // Held by the build, not the task: StopStoreServer disposes it after publishing, and the build disposes it
        // when it ends, publishing failed or not.
        BuildEngine4.RegisterTaskObject(TaskObjectKey(server.Address), server, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        Address = server.Address;
        ServedName = served;
        Log.LogMessage(MessageImportance.High, $"ImageTasks: offline: the container base image {reference.ToFamiliarString()} is served from the image store on {Address} as {served}{(ServedDigest.Length > 0 ? "@" + ServedDigest : "")}");
    }

    /// <summary>The lock's platform manifest the store holds whole, when there is exactly one (else the SDK picks from the list).</summary>
    private Digest? StoredPlatformManifest(Core.Store.ImageStore store)
    {
        var records = store.ListImages();
        var held = (PlatformDigests ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Digest.TryParse(p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..], out var digest) ? digest : (Digest?)null)
            .Where(d => d is { } digest && records.Any(r => r.Manifest == digest && store.MissingBlob(r) is null))
            .Distinct()
            .ToList();
        return held.Count == 1 ? held[0] : null;
    }
}
