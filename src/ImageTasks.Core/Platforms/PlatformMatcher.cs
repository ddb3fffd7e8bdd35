namespace ImageTasks.Core.Platforms;

/// <summary>
/// Steps three and four of four: which candidate platforms a wanted platform can run (match) and which of them
/// is best (rank). Semantics are containerd's default <c>platforms.Only</c> matcher with its ordering, including
/// its fallbacks (amd64 accepts 386 last; arm64 accepts arm/v8..v5 after every arm64 candidate).
/// </summary>
/// <remarks>
/// <para>Both sides are normalised first, so aliases (<c>aarch64</c>, <c>x86_64</c>, <c>armhf</c>, <c>v9.0</c>) match.
/// OS comparison is therefore case-insensitive; architecture and variant must then be equal to one of the
/// platforms in the wanted platform's compatibility list (see <see cref="CompatiblePlatforms"/>).</para>
/// <para>os.features: a candidate's features must all be among the wanted platform's (containerd's subset rule), so an
/// image that needs <c>win32k</c> only matches a request that offers it; a candidate without features always passes.</para>
/// <para>Windows: when the wanted platform has an os.version <c>major.minor.build[.revision]</c>, a windows
/// candidate must have no os.version or one the host can run, by containerd's rule: the same major.minor, and the
/// same build below Windows Server 2022 (10.0.20348); from that build on, any build from 20348 up to the host's
/// ("stable ABI": 10.0.26100 and 10.0.22621 run 10.0.20348 images). Among matches of the same architecture, the
/// host's build with the exact revision ranks first (every revision when the wanted one names none), then other
/// revisions of that build, then older compatible builds, then candidates without an os.version; containerd itself
/// only orders by architecture and leaves the rest to index order, which is what equal ranks fall back to here
/// (<see cref="SelectBest{T}"/>). When the wanted platform has no os.version (or one that is not a Windows
/// version), os.version is ignored altogether. Non-windows os.version values are never compared.</para>
/// </remarks>
public sealed class PlatformMatcher
{
    // Windows ranks are spread out per architecture step so the os.version tier never outweighs the architecture.
    private const int WindowsTiers = 4;
    private const int ExactRevisionTier = 0;
    private const int OtherRevisionTier = 1;
    private const int CompatibleBuildTier = 2;
    private const int UnversionedTier = 3;

    // Windows Server 2022 (ltsc2022): the first build whose images later hosts keep running (containerd's compatLTSCReleases).
    private const int StableAbiBuild = 20348;

    private readonly IReadOnlyList<Platform> _accepted;
    private readonly WindowsOsVersion? _windowsVersion;

    /// <param name="wanted">The platform to run on; normalised here.</param>
    public PlatformMatcher(Platform wanted)
        : this(wanted, strict: false)
    {
    }

    private PlatformMatcher(Platform wanted, bool strict)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        Wanted = wanted.Normalize();
        _accepted = strict ? [Wanted] : CompatiblePlatforms.For(Wanted);
        _windowsVersion = Wanted.Os == "windows" && WindowsOsVersion.TryParse(Wanted.OsVersion, out var version)
            ? version
            : null;
    }

    /// <summary>
    /// containerd's <c>OnlyStrict</c>: the wanted platform itself (any spelling of it) and nothing older, so arm/v7 does
    /// not take arm/v6 and amd64 does not take 386. For naming one platform of a stored image (docker's <c>--platform</c>
    /// on inspect, history, rm) rather than for picking what runs. os.version and os.features still follow the rules above.
    /// </summary>
    public static PlatformMatcher Strict(Platform wanted) => new(wanted, strict: true);

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
                && accepted.Variant == candidate.Variant
                && IsSubset(candidate.OsFeatures, Wanted.OsFeatures))
            {
                return i;
            }
        }

        return -1;
    }

    // Both lists are normalised (sorted, distinct), but they are short: a plain lookup is clearer than a merge.
    private static bool IsSubset(IReadOnlyList<string> needed, IReadOnlyList<string> offered) =>
        needed.All(feature => offered.Contains(feature, StringComparer.Ordinal));

    // -1 when the candidate's build cannot run on the wanted one.
    private static int WindowsTier(WindowsOsVersion wanted, string? candidateOsVersion)
    {
        if (candidateOsVersion is null)
        {
            // Unversioned windows images may work (containerd matches them too); prefer known-good builds.
            return UnversionedTier;
        }

        if (!WindowsOsVersion.TryParse(candidateOsVersion, out var candidate) || !CanRun(wanted, candidate))
        {
            return -1;
        }

        if (!candidate.IsSameBuild(wanted))
        {
            return CompatibleBuildTier;
        }

        return wanted.Revision is null || wanted.Revision == candidate.Revision ? ExactRevisionTier : OtherRevisionTier;
    }

    // containerd's checkWindowsHostAndContainerCompat.
    private static bool CanRun(WindowsOsVersion host, WindowsOsVersion image)
    {
        if (host.Major != image.Major || host.Minor != image.Minor)
        {
            return false;
        }

        return host.Build < StableAbiBuild
            ? host.Build == image.Build
            : image.Build >= StableAbiBuild && image.Build <= host.Build;
    }
}
