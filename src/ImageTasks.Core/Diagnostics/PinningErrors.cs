using ImageTasks.Core.Pinning;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// The build integration's failures (IMG1xxx), each worded here once: the input, the rule, the fix. The lock, the tag
/// check and the pinned pull throw what these return, or turn it into a build diagnostic with
/// <c>PinDiagnostic.From(error, isError)</c> when the policy makes it a warning.
/// </summary>
public static class PinningErrors
{
    private const string UpdateTheLock = "update the lock with 'dotnet image lock' and commit it";

    /// <summary>IMG1001: <paramref name="tag"/> (a reference with its tag) now points to <paramref name="current"/>, not the pin.</summary>
    public static PinningException TagMutated(ImageReference tag, Digest pinned, Digest current) => new(DiagnosticCodes.TagMutated,
        $"The tag {tag.ToFamiliarString()} was mutated in the registry: it is pinned to {pinned} but now points to {current}. "
        + "The build uses the pinned image. If the new image is intended, accept it with 'dotnet image lock --update' or -p:ImageLockUpdate=true.");

    /// <summary>IMG1002: locked mode, and the lock file does not exist.</summary>
    public static PinningException LockMissing(string lockFilePath, LockedModeSwitch by = LockedModeSwitch.ImageLockedModeProperty) => new(DiagnosticCodes.LockMissing,
        by == LockedModeSwitch.VerifyFlag
            ? $"{lockFilePath} does not exist, and --verify only checks an existing lock: run 'dotnet image lock' and commit the lock file"
            : $"{lockFilePath} does not exist and ImageLockedMode is true: run 'dotnet image lock' (or build once without locked mode) and commit the lock file");

    /// <summary>IMG1002: a command that only reads the lock (<c>outdated</c>) found none.</summary>
    public static PinningException LockMissingToRead(string lockFilePath) => new(DiagnosticCodes.LockMissing,
        $"{lockFilePath} does not exist: run 'dotnet image lock' first");

    /// <summary>IMG1003: locked mode, and the lock has no entry for <paramref name="reference"/>.</summary>
    public static PinningException NotLocked(string reference, string lockFilePath, LockedModeSwitch by = LockedModeSwitch.ImageLockedModeProperty) => new(DiagnosticCodes.NotLocked,
        $"{lockFilePath} does not pin {reference}{Locked(by)}: {UpdateTheLock}");

    /// <summary>IMG1003: locked mode, and the reference's own @digest is not what the lock pins.</summary>
    public static PinningException LockPinsOtherDigest(string reference, Digest own, string lockFilePath, Digest locked) => new(DiagnosticCodes.NotLocked,
        $"{reference} pins {own} but {lockFilePath} pins {locked}: update the lock with 'dotnet image lock'");

    /// <summary>
    /// Locked mode, and the lock does not pin <paramref name="reference"/> for every required platform: IMG1004 when the
    /// lock has the reference (a platform is missing), IMG1003 when it has not.
    /// </summary>
    public static PinningException PlatformNotLocked(string reference, IEnumerable<string> platforms, string lockFilePath, bool referenceLocked, LockedModeSwitch by = LockedModeSwitch.ImageLockedModeProperty) =>
        new(referenceLocked ? DiagnosticCodes.PlatformNotLocked : DiagnosticCodes.NotLocked,
            $"{lockFilePath} does not pin {reference} for every required platform ({string.Join(", ", platforms)}){Locked(by)}: {UpdateTheLock}");

    /// <summary>Why nothing was written, in the words of the switch the user set.</summary>
    private static string Locked(LockedModeSwitch by) =>
        by == LockedModeSwitch.VerifyFlag ? " (--verify writes nothing)" : " and ImageLockedMode is true";

    /// <summary>IMG1005: offline, and the lock does not pin <paramref name="reference"/>.</summary>
    public static PinningException OfflineNotPinned(string reference, string lockFilePath) => new(DiagnosticCodes.OfflineMissing,
        $"{reference} is not pinned in {lockFilePath} and ImageOffline is true: resolve it once online");

    /// <summary>IMG1005: offline, and the pinned index or manifest is not in the store.</summary>
    public static PinningException OfflineManifestMissing(string reference, Digest digest) => new(DiagnosticCodes.OfflineMissing,
        $"{reference} ({digest}) is not in the image store and ImageOffline is true: build once online");

    /// <summary>IMG1005: offline, and the config of the pinned single-platform image is not in the store.</summary>
    public static PinningException OfflineConfigMissing(string reference, Digest config) => new(DiagnosticCodes.OfflineMissing,
        $"{reference}: its config {config} is not in the image store and ImageOffline is true: build once online");

    /// <summary>IMG1005: offline, and the pinned image for <paramref name="platform"/> is not (wholly) in the store.</summary>
    public static PinningException OfflineImageMissing(ImageReference pinned, Platform platform) => new(DiagnosticCodes.OfflineMissing,
        $"{pinned.ToFamiliarString()} for {platform} is not in the image store and ImageOffline is true: build once online");

    /// <summary>IMG1006: the lock file is empty (JSON <c>null</c>).</summary>
    public static PinningException LockEmpty(string lockFilePath) => new(DiagnosticCodes.LockUnreadable, $"{lockFilePath} is empty");

    /// <summary>IMG1006: the lock file was written by another lock format version.</summary>
    public static PinningException LockVersion(string lockFilePath, int version, int supported) => new(DiagnosticCodes.LockUnreadable,
        $"{lockFilePath} has version {version}; this ImageTasks reads version {supported}");

    /// <summary>IMG1006: the lock file is not valid JSON or not a lock (<paramref name="reason"/> says where).</summary>
    public static PinningException LockUnreadable(string lockFilePath, string reason, Exception? innerException = null) => new(DiagnosticCodes.LockUnreadable,
        $"{lockFilePath} is not a valid images.lock.json: {reason}", innerException);

    /// <summary>IMG1011: the lock could not be written (a read-only folder, a full disk).</summary>
    public static PinningException LockUnwritable(string lockFilePath, Exception innerException) => new(DiagnosticCodes.LockUnwritable,
        $"cannot write {lockFilePath}: {Failures.Describe(innerException)}: make its folder writable, or set ImageLockFile to a writable path",
        innerException);

    /// <summary>IMG1007: a BaseImage (or ContainerBaseImage) that is not a valid reference, or whose Platforms are not valid.</summary>
    public static PinningException InvalidReference(string reference, ImageTasksException error) => new(DiagnosticCodes.InvalidInput,
        $"BaseImage '{reference}': {error.Message}", error);

    /// <summary>IMG1007: a platform (ImagePlatforms, a RuntimeIdentifier) that is not valid.</summary>
    public static PinningException InvalidPlatform(string setting, PlatformFormatException error) => new(DiagnosticCodes.InvalidInput,
        $"{setting}: {error.Message}", error);

    /// <summary>IMG1007: an MSBuild setting outside its values, e.g. <c>ImageTagMutation 'Loud' is not valid. Valid values are Error, Warning and None.</c></summary>
    public static PinningException InvalidSetting(string setting, string value, IReadOnlyList<string> valid) => new(DiagnosticCodes.InvalidInput,
        $"{setting} '{value}' is not valid. Valid values are {string.Join(", ", valid.Take(valid.Count - 1))}{(valid.Count > 1 ? " and " : "")}{valid[^1]}.");

    /// <summary>IMG1008: the registry could not be reached or refused (<paramref name="error"/> says which) while resolving <paramref name="reference"/>.</summary>
    public static PinningException RegistryFailed(string reference, Exception error) => new(DiagnosticCodes.RegistryFailure,
        $"{reference}: {Failures.Describe(error)}", error);

    /// <summary>IMG1008: the registry of <paramref name="reference"/> could not be reached at all (DNS, refused, timed out).</summary>
    public static PinningException RegistryUnreachable(string reference, Exception error) => new(DiagnosticCodes.RegistryFailure,
        $"{reference}: the registry could not be reached: {Failures.Describe(error)}; check the network, or build with ImageOffline=true when everything is pinned and in the store",
        error);

    /// <summary>
    /// IMG1012 (a warning): a developer build could not reach the registry of <paramref name="tag"/> to check it, and uses
    /// the pinned image, which the store holds whole for every required platform.
    /// </summary>
    public static PinningException RegistryUnreachableUsingStore(ImageReference tag, Digest pinned, Exception error) => new(DiagnosticCodes.RegistryUnreachableUsingStore,
        $"the registry {tag.Domain} could not be reached to check {tag.ToFamiliarString()} ({Failures.Describe(error)}): the build uses the pinned image {pinned} from the image store. "
        + "Set ImageLockedMode=true (as CI builds do) to make this an error, or ImageTagCheck=false to skip the check.",
        error);

    /// <summary>IMG1008: the registry could not be reached, and the build cannot do without it (locked mode, a first pin, an update, or the pinned image not in the store).</summary>
    public static PinningException RegistryUnreachableNoFallback(ImageReference tag, Exception error, string why) => new(DiagnosticCodes.RegistryFailure,
        $"the registry {tag.Domain} could not be reached to check {tag.ToFamiliarString()} ({Failures.Describe(error)}), and {why}: check the network, or build with ImageOffline=true when everything is pinned and in the store",
        error);

    /// <summary>IMG1009: the path names neither a project nor a folder.</summary>
    public static PinningException NoProjectAt(string path) => new(DiagnosticCodes.ProjectNotFound, $"no project or folder at {path}");

    /// <summary>IMG1009: the folder holds no project file.</summary>
    public static PinningException NoProjectIn(string folder) => new(DiagnosticCodes.ProjectNotFound, $"no project file in {folder}: name one");

    /// <summary>IMG1009: the folder holds several project files.</summary>
    public static PinningException SeveralProjectsIn(string folder, IEnumerable<string> projectFiles) => new(DiagnosticCodes.ProjectNotFound,
        $"{folder} holds several project files: name one ({string.Join(", ", projectFiles)})");

    /// <summary>IMG1009: the project file cannot be read or is not XML.</summary>
    public static PinningException ProjectUnreadable(string projectPath, Exception error) => new(DiagnosticCodes.ProjectNotFound,
        $"{projectPath} is not a readable project file: {error.Message}", error);

    /// <summary>IMG1010: the pinned image lacks required platforms; the message lists what it offers and the fixes.</summary>
    public static PinningException PlatformMissing(ImageReference pinned, IEnumerable<Platform> missing, IEnumerable<Platform> available, bool isIndex) =>
        new(DiagnosticCodes.PlatformMissing,
            $"{pinned.ToFamiliarString()} has no manifest for {string.Join(", ", missing)}. "
            + $"Its {(isIndex ? "manifest list" : "single-platform image")} offers: {string.Join(", ", available)}. "
            + "Change the RuntimeIdentifier, ImagePlatforms or the BaseImage's Platforms, or choose another image.");

    /// <summary>IMG1020: pulling the pinned image for <paramref name="platform"/> failed (<paramref name="error"/> says why).</summary>
    public static PinningException PullFailed(ImageReference pinned, Platform platform, Exception error) => new(DiagnosticCodes.PullFailure,
        $"pulling {pinned.ToFamiliarString()} for {platform} failed: {Failures.Describe(error)}", error);

    /// <summary>IMG1020: the registry served another manifest for the platform than the lock pins.</summary>
    public static PinningException PullServedOther(ImageReference pinned, Platform platform, Digest served, Digest locked) => new(DiagnosticCodes.PullFailure,
        $"{pinned.ToFamiliarString()} for {platform}: the registry served manifest {served}, but the lock pins {locked}");
}
