using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Pinning;

/// <summary>
/// The build's codes under their first names. Kept only while the lock operations move to <see cref="PinningErrors"/>;
/// new code names <see cref="DiagnosticCodes"/> directly.
/// </summary>
public static class PinningCodes
{
    public static readonly DiagnosticCode TagMutation = DiagnosticCodes.TagMutated;

    public static readonly DiagnosticCode LockMissing = DiagnosticCodes.LockMissing;

    public static readonly DiagnosticCode NotLocked = DiagnosticCodes.NotLocked;

    public static readonly DiagnosticCode PlatformNotLocked = DiagnosticCodes.PlatformNotLocked;

    public static readonly DiagnosticCode OfflineMissing = DiagnosticCodes.OfflineMissing;

    public static readonly DiagnosticCode LockUnreadable = DiagnosticCodes.LockUnreadable;

    public static readonly DiagnosticCode InvalidReference = DiagnosticCodes.InvalidInput;

    public static readonly DiagnosticCode RegistryFailure = DiagnosticCodes.RegistryFailure;

    public static readonly DiagnosticCode PlatformMissing = DiagnosticCodes.PlatformMissing;

    public static readonly DiagnosticCode PullFailure = DiagnosticCodes.PullFailure;
}
