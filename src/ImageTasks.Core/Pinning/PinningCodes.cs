namespace ImageTasks.Core.Pinning;

/// <summary>The IMGnnnn codes builds report; stable, so CI logs and docs can name them.</summary>
public static class PinningCodes
{
    /// <summary>A tag now points to another digest than the pin.</summary>
    public const string TagMutation = "IMG1001";

    /// <summary>Locked mode, and there is no lock file.</summary>
    public const string LockMissing = "IMG1002";

    /// <summary>Locked mode, and the lock does not cover a reference (or pins another digest than the reference's own).</summary>
    public const string NotLocked = "IMG1003";

    /// <summary>Locked mode, and the lock lacks a required platform.</summary>
    public const string PlatformNotLocked = "IMG1004";

    /// <summary>Offline, and what the build needs is neither in the lock nor in the store.</summary>
    public const string OfflineMissing = "IMG1005";

    /// <summary>The lock file cannot be read.</summary>
    public const string LockUnreadable = "IMG1006";

    /// <summary>A reference is not a valid image reference, or a platform is not valid.</summary>
    public const string InvalidReference = "IMG1007";

    /// <summary>The registry could not answer (network, auth, missing tag).</summary>
    public const string RegistryFailure = "IMG1008";

    /// <summary>The pinned image has no manifest for a required platform.</summary>
    public const string PlatformMissing = "IMG1010";

    /// <summary>Pulling a pinned image failed.</summary>
    public const string PullFailure = "IMG1020";
}
