using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Lock;

/// <summary>A base image a project declares (BaseImage item or ContainerBaseImage) and the platforms it needs.</summary>
public sealed record BaseImageRequest(string Reference, IReadOnlyList<Platform> Platforms);

/// <summary>The build's pinning settings: ImageLockFile, ImageLockedMode, ImageTagMutation, ImageTagCheck, ImageOffline, ImageLockUpdate.</summary>
public sealed record LockOptions(string LockFilePath)
{
    public bool LockedMode { get; init; }

    /// <summary>What turned <see cref="LockedMode"/> on: its failures name that switch (the CLI sets VerifyFlag).</summary>
    public LockedModeSwitch LockedModeSwitch { get; init; } = LockedModeSwitch.ImageLockedModeProperty;

    public TagMutationPolicy Mutation { get; init; } = TagMutationPolicy.Error;

    public bool TagCheck { get; init; } = true;

    public bool Offline { get; init; }

    /// <summary>Accept what tags point to now (dotnet image lock --update, -p:ImageLockUpdate=true).</summary>
    public bool Update { get; init; }

    /// <summary>
    /// Drop the lock's entries that no request names. Set it only when the requests are everything that uses the lock:
    /// a project's own lock (<see cref="LockOwnership.IsProjectsOwn"/>), or every project sharing it (<c>dotnet image
    /// lock</c>, when every project of the lock file was evaluated). Never in locked mode.
    /// </summary>
    public bool DropUnused { get; init; }

    /// <summary>The time new pins record as <c>resolved</c> (SOURCE_DATE_EPOCH, see <see cref="PinTime"/>); null: now.</summary>
    public DateTimeOffset? ResolvedTime { get; init; }
}

/// <summary>A message for the build log: an error fails the build, a warning does not.</summary>
public sealed record PinDiagnostic(bool IsError, DiagnosticCode Code, string Message)
{
    /// <summary>A catalogue failure as a build diagnostic; <paramref name="isError"/> false makes it a warning (ImageTagMutation=Warning).</summary>
    public static PinDiagnostic From(ImageTasksException failure, bool isError = true)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(isError, failure.Code, failure.Message);
    }
}

/// <param name="Reference">the reference as declared, with its default tag</param>
/// <param name="Pinned">the form the build uses: <c>repo:tag@sha256:...</c></param>
/// <param name="Digest">the pinned index or manifest digest</param>
/// <param name="PlatformDigests">each required platform the image has, with its manifest digest</param>
/// <param name="MissingPlatforms">required platforms the image lacks (VerifyManifestList reports them)</param>
/// <param name="AvailablePlatforms">what the image offers, when it was read to answer a platform question</param>
/// <param name="CurrentDigest">what the tag points to now, when it was checked</param>
public sealed record PinnedImage(
    ImageReference Reference,
    ImageReference Pinned,
    Digest Digest,
    string MediaType,
    IReadOnlyDictionary<Platform, Digest> PlatformDigests,
    IReadOnlyList<Platform> MissingPlatforms,
    IReadOnlyList<Platform> AvailablePlatforms,
    Digest? CurrentDigest)
{
    /// <summary>
    /// The registry could not be reached and the build uses the pin from the lock and the store (IMG1012): whatever else
    /// would fetch this image from its registry (the SDK's container publishing) is to be given the store instead.
    /// </summary>
    public bool FromStoreRegistryUnreachable { get; init; }

    /// <summary>IMG1010 when the image lacks a required platform (VerifyManifestList and `lock` report it alike); else null.</summary>
    public PinDiagnostic? PlatformCheck() => MissingPlatforms.Count == 0 ? null : PinDiagnostic.From(
        PinningErrors.PlatformMissing(Pinned, MissingPlatforms, AvailablePlatforms, AvailablePlatforms.Count > 1 || Manifests.MediaTypes.IsIndex(MediaType)));
}

public sealed record LockResult(IReadOnlyList<PinnedImage> Images, IReadOnlyList<PinDiagnostic> Diagnostics, bool LockWritten)
{
    public bool Failed => Diagnostics.Any(d => d.IsError);
}
