namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// The catalogue: every code a user can see, from the build (IMG1xxx) and from the CLI (IMG2xxx). The README's code
/// table is held equal to <see cref="All"/> by a test. The wording of each failure lives in one factory method
/// (<see cref="PinningErrors"/>, <see cref="UsageErrors"/>, <see cref="Failures"/>) or in the exception that owns it.
/// </summary>
public static class DiagnosticCodes
{
    // Build integration: the lock, the tag check, the pinned pull. Numbers and meanings are public; keep them.

    public static readonly DiagnosticCode TagMutated = new("IMG1001", "a pinned tag was mutated in the registry");

    public static readonly DiagnosticCode LockMissing = new("IMG1002", "locked mode and no lock file");

    public static readonly DiagnosticCode NotLocked = new("IMG1003", "locked mode and the lock misses a reference");

    public static readonly DiagnosticCode PlatformNotLocked = new("IMG1004", "locked mode and the lock misses a platform");

    public static readonly DiagnosticCode OfflineMissing = new("IMG1005", "offline and something needed is not in the lock or the store");

    public static readonly DiagnosticCode LockUnreadable = new("IMG1006", "the lock file cannot be read");

    public static readonly DiagnosticCode InvalidInput = new("IMG1007", "an invalid reference, platform or setting");

    public static readonly DiagnosticCode RegistryFailure = new("IMG1008", "the registry could not answer");

    public static readonly DiagnosticCode ProjectNotFound = new("IMG1009", "no project file, several, or one that cannot be read");

    public static readonly DiagnosticCode PlatformMissing = new("IMG1010", "the pinned image has no manifest for a required platform (the error lists what it has)");

    public static readonly DiagnosticCode LockUnwritable = new("IMG1011", "the lock file cannot be written");

    public static readonly DiagnosticCode PullFailure = new("IMG1020", "pulling a pinned image failed");

    // The offline inner loop (a warning).

    public static readonly DiagnosticCode RegistryUnreachableUsingStore = new("IMG1012", "the registry could not be reached; a developer build uses the pinned image from the store");

    public static readonly DiagnosticCode OfflinePublishUnserved = new("IMG1030", "offline container publishing could not serve the base image from the store");

    // One evaluation for the build and the CLI: dotnet image lock|outdated ask MSBuild what the build sees.

    public static readonly DiagnosticCode EvaluationFailed = new("IMG1021", "MSBuild could not evaluate a project (dotnet msbuild failed, timed out or could not start)");

    public static readonly DiagnosticCode NoBuildIntegration = new("IMG1022", "the project does not use the ImageTasks package, so its build pins nothing");

    public static readonly DiagnosticCode UnpinnedGlobalBaseImage = new("IMG1023", "ContainerBaseImage was given with -p: by tag, so the build cannot pin it");

    // The package: where its tasks can run.

    public static readonly DiagnosticCode DotnetBuildRequired = new("IMG1040", "the build runs in .NET Framework MSBuild (Visual Studio's MSBuild.exe); the tasks need `dotnet build`");

    // The CLI (and the store, the registry and the files under both faces).

    public static readonly DiagnosticCode StoreUnusable = new("IMG2001", "the image store is damaged, locked or cannot be used");

    public static readonly DiagnosticCode InvalidArgument = new("IMG2002", "an invalid command-line argument, option or filter");

    public static readonly DiagnosticCode ImageNotFound = new("IMG2003", "no such image in the store");

    public static readonly DiagnosticCode RemoveConflict = new("IMG2004", "removing the image would break a repository or a project using it (forcing overrides)");

    public static readonly DiagnosticCode PushFailed = new("IMG2005", "the image cannot be pushed");

    public static readonly DiagnosticCode LoginFailed = new("IMG2006", "credentials are missing or cannot be read, stored or accepted");

    public static readonly DiagnosticCode TemplateInvalid = new("IMG2007", "a --format template is invalid");

    public static readonly DiagnosticCode ManifestInvalid = new("IMG2008", "a manifest, index or config cannot be used");

    public static readonly DiagnosticCode PlatformNotFound = new("IMG2009", "the image has no manifest for the platform asked for");

    public static readonly DiagnosticCode FileAccess = new("IMG2010", "a file or folder cannot be read or written");

    public static readonly DiagnosticCode ContentMismatch = new("IMG2011", "downloaded content does not match its digest or size");

    public static readonly DiagnosticCode ArchiveUnreadable = new("IMG2012", "an image archive cannot be read: not a tar, truncated, an entry that is unsafe, duplicated or links outside it, or a part missing or oversized");

    public static readonly DiagnosticCode ArchiveContentMismatch = new("IMG2013", "an image archive's content does not match its digests or sizes");

    public static readonly DiagnosticCode ArchiveTerminal = new("IMG2014", "save or load would use a terminal for the archive (use -o/-i or redirect)");

    public static readonly DiagnosticCode ArchiveOutputUnwritable = new("IMG2015", "save cannot write the archive file (its folder is missing or not writable)");

    public static readonly DiagnosticCode ServeAddressUnusable = new("IMG2020", "the store cannot be served on the address asked for (not an address, in use, or not this machine's)");

    public static readonly DiagnosticCode ServeNotLoopback = new("IMG2021", "serving the store on a non-loopback address was not allowed (--allow-remote)");

    // Registry mirrors.

    public static readonly DiagnosticCode MirrorSettingInvalid = new("IMG2030", "a registry mirror setting (IMAGETASKS_REGISTRY_MIRRORS, ImageRegistryMirrors, daemon.json registry-mirrors, IMAGETASKS_MIRROR_TAG_CHECK) is invalid");

    public static readonly DiagnosticCode Internal = new("IMG2999", "an unexpected internal failure (a bug; the details say where)");

    /// <summary>Every code, in number order: the README's table.</summary>
    public static IReadOnlyList<DiagnosticCode> All { get; } =
    [
        TagMutated, LockMissing, NotLocked, PlatformNotLocked, OfflineMissing, LockUnreadable, InvalidInput, RegistryFailure,
        ProjectNotFound, PlatformMissing, LockUnwritable, RegistryUnreachableUsingStore, PullFailure,
        EvaluationFailed, NoBuildIntegration, UnpinnedGlobalBaseImage, OfflinePublishUnserved, DotnetBuildRequired,
        StoreUnusable, InvalidArgument, ImageNotFound, RemoveConflict, PushFailed, LoginFailed, TemplateInvalid, ManifestInvalid,
        PlatformNotFound, FileAccess, ContentMismatch, ArchiveUnreadable, ArchiveContentMismatch, ArchiveTerminal, ArchiveOutputUnwritable, ServeAddressUnusable, ServeNotLoopback,
        MirrorSettingInvalid,
        Internal,
    ];
}
