using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Lock;

/// <summary>What is known about one reference before its platforms are looked at.</summary>
/// <param name="Key">the reference in full, with its default tag (the lock's key)</param>
/// <param name="HasTag">whether the reference names a tag (a digest-only reference has nothing to check)</param>
/// <param name="Own">the reference's own <c>@digest</c>, if it has one (a pin too)</param>
/// <param name="Locked">what the lock pins, if it has an entry</param>
/// <param name="Current">what the tag points to now, when it was asked (see <see cref="PinPolicy.ChecksTag"/>)</param>
public sealed record PinFacts(string Key, bool HasTag, Digest? Own, Digest? Locked, Digest? Current)
{
    /// <summary>Why the registry could not be reached when the tag was looked up (no DNS answer, refused, connect timeout, no TLS); null when it answered or was not asked.</summary>
    public Exception? Unreachable { get; init; }

    /// <summary>The store holds the pinned image whole for every required platform: what a developer build falls back to when the registry is unreachable.</summary>
    public bool PinnedInStore { get; init; }
}

/// <param name="Pin">the digest the build uses; null when <see cref="Stop"/></param>
/// <param name="KeepsLockedPlatforms">the lock's per-platform digests still apply (the pin did not change)</param>
/// <param name="Diagnostic">an error or warning to report, if any</param>
/// <param name="Stop">the reference cannot be pinned; the diagnostic says why</param>
public sealed record PinDecision(Digest? Pin, bool KeepsLockedPlatforms, PinDiagnostic? Diagnostic, bool Stop);

/// <summary>
/// The pinning rules, without I/O: which digest a build uses given the lock, the reference, what the tag points to now,
/// and the settings (locked mode, offline, update, tag check, mutation policy). LockOperation asks the network only
/// what <see cref="ChecksTag"/> says and then follows <see cref="Decide"/>, so the whole matrix is testable as tables.
/// </summary>
public static class PinPolicy
{
    /// <summary>Whether the tag must be looked up: to check a pin (tag check on), or to make the first pin (not locked).</summary>
    public static bool ChecksTag(PinFacts facts, LockOptions options) =>
        facts.HasTag && !options.Offline && !DisagreesWithLock(facts, options)
        && (StartingPin(facts, options) is null ? !options.LockedMode : options.TagCheck);

    /// <summary>
    /// Whether an unreachable registry may be answered from the store: a developer build (not locked mode, not an update,
    /// which asks what the tag points to now) of a reference already pinned. LockOperation checks such tags with a short
    /// connect timeout and no retry, so being offline costs well under a second.
    /// </summary>
    public static bool MayFallBackToStore(PinFacts facts, LockOptions options) =>
        !options.LockedMode && !options.Update && StartingPin(facts, options) is not null;

    public static PinDecision Decide(PinFacts facts, LockOptions options)
    {
        var lockFile = options.LockFilePath;
        if (DisagreesWithLock(facts, options))
        {
            return Stop(PinningErrors.LockPinsOtherDigest(facts.Key, facts.Own!.Value, lockFile, facts.Locked!.Value));
        }

        var pin = StartingPin(facts, options);
        var keeps = pin is not null && pin == facts.Locked;
        if (facts.Unreachable is { } unreachable)
        {
            var reference = ImageReference.Parse(facts.Key);
            var tag = reference.Repository.WithTag(reference.Tag!);
            var noFallback = pin is null ? "it is not pinned yet"
                : options.LockedMode ? "ImageLockedMode is true"
                : options.Update ? "ImageLockUpdate asks what the tag points to now"
                : !facts.PinnedInStore ? "the pinned image is not (wholly) in the image store for every required platform"
                : null;
            return noFallback is null
                ? new PinDecision(pin, keeps, PinDiagnostic.From(PinningErrors.RegistryUnreachableUsingStore(tag, pin!.Value, unreachable), isError: false), false)
                : Stop(PinningErrors.RegistryUnreachableNoFallback(tag, unreachable, noFallback));
        }
        if (pin is null)
        {
            if (options.Offline)
            {
                return Stop(PinningErrors.OfflineNotPinned(facts.Key, lockFile));
            }

            if (options.LockedMode)
            {
                return Stop(PinningErrors.NotLocked(facts.Key, lockFile, options.LockedModeSwitch));
            }

            return facts.Current is { } first
                ? new PinDecision(first, false, null, false)
                : throw new InvalidOperationException("the tag must be looked up before a first pin (ChecksTag)");
        }

        if (facts.Current is { } current && current != pin)
        {
            if (options.Update && !options.LockedMode && facts.Own is null)
            {
                return new PinDecision(current, false, null, false);
            }

            if (options.Mutation != TagMutationPolicy.None)
            {
                var reference = ImageReference.Parse(facts.Key);
                var tag = reference.Repository.WithTag(reference.Tag!);
                return new PinDecision(pin, keeps, PinDiagnostic.From(PinningErrors.TagMutated(tag, pin.Value, current), options.Mutation == TagMutationPolicy.Error), false);
            }
        }

        return new PinDecision(pin, keeps, null, false);
    }

    /// <summary>Locked mode, and the reference's own @digest is not what the lock pins: nothing to ask, the lock is out of date.</summary>
    private static bool DisagreesWithLock(PinFacts facts, LockOptions options) =>
        options.LockedMode && facts.Locked is { } locked && facts.Own is { } own && own != locked;

    /// <summary>The reference's own @digest wins over a lock that pins something else (outside locked mode); else the lock's.</summary>
    private static Digest? StartingPin(PinFacts facts, LockOptions options) =>
        facts.Own is { } own && (facts.Locked is null || own != facts.Locked) && !options.LockedMode ? own : facts.Locked ?? facts.Own;

    private static PinDecision Stop(PinningException failure) => new(null, false, PinDiagnostic.From(failure), true);
}
