namespace ImageTasks.Core.Platforms;

/// <summary>
/// Steps three and four of four: which candidate platforms a wanted platform can run (match) and which of them
/// is best (rank). Semantics are containerd's default <c>platforms.Only</c> matcher with its ordering, including
/// its fallbacks (amd64 accepts 386 last; arm64 accepts arm/v8..v5 after every arm64 candidate).
/// </summary>
/// <remarks>
/// <para>Both sides are normalised first, so aliases (<c>aarch64</c>, <c>x86_64</c>, <c>armhf</c>) match.
/// OS comparison is therefore case-insensitive; architecture and variant must then be equal to one of the
/// platforms in the wanted platform's compatibility list (see <see cref="CompatiblePlatforms"/>).</para>
/// <para>Windows: when the wanted platform has an os.version <c>major.minor.build[.revision]</c>, a windows
/// candidate must have the same major.minor.build or no os.version at all. Among matches of the same
/// architecture, the exact revision ranks first (every revision when the wanted one names none), then other
/// revisions of that build, then candidates without an os.version. A different build never matches: we do not
/// apply containerd's newer "stable ABI" rule that lets Windows Server 2022+ hosts run older 2022-era builds.
/// When the wanted platform has no os.version (or one that is not a Windows version), os.version is ignored
/// altogether and equal ranks are broken by input order in <see cref="SelectBest{T}"/>. Non-windows os.version
/// values are never compared.</para>
/// </remarks>
public sealed class PlatformMatcher
{
    // Windows ranks are spread out per architecture step so the os.version tier never outweighs the architecture.
    private const int WindowsTiers = 3;
    private const int ExactRevisionTier = 0;
    private const int OtherRevisionTier = 1;
    private const int UnversionedTier = 2;

    private readonly IReadOnlyList<Platform> _accepted;
    private readonly WindowsOsVersion? _windowsVersion;

    /// <param name="wanted">The platform to run on; normalised here.</param>
    public PlatformMatcher(Platform wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        Wanted = wanted.Normalize();
        _accepted = CompatiblePlatforms.For(Wanted);
        _windowsVersion = Wanted.Os == "windows" && WindowsOsVersion.TryParse(Wanted.OsVersion, out var version)
            ? version
            : null;
    }

    /// <summary>The normalised wanted platform.</summary>
    public Platform Wanted { get; }

    /// <summary>True when a machine of the wanted platform can run an image built for <paramref name="candidate"/>.</summary>
    public bool Matches(Platform candidate) => Rank(candidate) != int.MaxValue;

    /// <summary>Lower is better; <see cref="int.MaxValue"/> when <paramref name="candidate"/> does not match.</summary>
    public int Rank(Platform candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var normalized = candidate.Normalize();

        var position = IndexOfAccepted(normalized);
        if (position < 0)
        {
            return int.MaxValue;
        }

        if (_windowsVersion is not { } wantedVersion)
        {
            return position;
        }

        var tier = WindowsTier(wantedVersion, normalized.OsVersion);
        return tier < 0 ? int.MaxValue : (position * WindowsTiers) + tier;
    }

    /// <summary>
    /// The best-ranked candidate, or null when none matches. Ties go to the earliest candidate, so the order of
    /// an image index decides between equally good entries, as in containerd.
    /// </summary>
    public T? SelectBest<T>(IEnumerable<T> candidates, Func<T, Platform> platformOf)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(platformOf);

        T? best = null;
        var bestRank = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (candidate is null)
            {
                continue;
            }

            var rank = Rank(platformOf(candidate));
            if (rank < bestRank)
            {
                best = candidate;
                bestRank = rank;
            }
        }

        return best;
    }

    private int IndexOfAccepted(Platform candidate)
    {
        for (var i = 0; i < _accepted.Count; i++)
        {
            var accepted = _accepted[i];
            if (accepted.Os == candidate.Os
                && accepted.Architecture == candidate.Architecture
                && accepted.Variant == candidate.Variant)
            {
                return i;
            }
        }

        return -1;
    }

    // -1 when the candidate's build cannot run on the wanted one.
    private static int WindowsTier(WindowsOsVersion wanted, string? candidateOsVersion)
    {
        if (candidateOsVersion is null)
        {
            // Unversioned windows images may work (containerd matches them too); prefer known-good builds.
            return UnversionedTier;
        }

        if (!WindowsOsVersion.TryParse(candidateOsVersion, out var candidate) || !candidate.IsSameBuild(wanted))
        {
            return -1;
        }

        return wanted.Revision is null || wanted.Revision == candidate.Revision ? ExactRevisionTier : OtherRevisionTier;
    }
}
