using ImageTasks.Core.Platforms;
using Xunit;

namespace ImageTasks.Core.Tests.Platforms;

/// <summary>
/// containerd's own tables, ported row for row so our matcher answers exactly as containerd's (and so Docker's) does.
/// Sources: github.com/containerd/platforms compare_test.go (TestOnly, TestOnlyStrict) and
/// platform_windows_compat_test.go (Test_PlatformCompat, Test_PlatformOrder). Both sides go through
/// <see cref="Platform.Parse"/>, as containerd's tests go through its Parse.
/// </summary>
public sealed class ContainerdTableTests
{
    /// <summary>compare_test.go, TestOnly: (wanted, candidate, matches).</summary>
    public static TheoryData<string, string, bool> Only => new()
    {
        { "linux/amd64", "linux/amd64", true },
        { "linux/amd64", "linux/386", true },
        { "linux/amd64", "linux/amd64/v2", false },
        { "linux/amd64", "linux/arm/v7", false },
        { "linux/amd64", "linux/arm64", false },
        { "linux/amd64", "windows/amd64", false },
        { "linux/amd64", "windows/arm", false },
        { "linux/amd64/v2", "linux/amd64", true },
        { "linux/amd64/v2", "linux/amd64/v1", true },
        { "linux/amd64/v2", "linux/amd64/v2", true },
        { "linux/amd64/v2", "linux/386", true },
        { "linux/amd64/v2", "linux/amd64/v3", false },
        { "linux/amd64/v2", "linux/amd64/v4", false },
        { "linux/amd64/v2", "linux/arm/v7", false },
        { "linux/amd64/v2", "linux/arm64", false },
        { "linux/amd64/v2", "windows/amd64", false },
        { "linux/amd64/v2", "windows/arm", false },
        { "linux/386", "linux/386", true },
        { "linux/386", "linux/amd64", false },
        { "linux/386", "linux/arm/v7", false },
        { "linux/386", "linux/arm64", false },
        { "linux/386", "windows/amd64", false },
        { "linux/386", "windows/arm", false },
        { "windows/amd64", "windows/amd64", true },
        { "windows/amd64", "windows(10.0.17763)/amd64", true },
        { "windows/amd64", "linux/amd64", false },
        { "windows/amd64", "linux/arm/v7", false },
        { "windows/amd64", "linux/arm64", false },
        { "windows/amd64", "windows/arm", false },
        { "linux/arm/v8", "linux/arm", true },
        { "linux/arm/v8", "linux/arm/v5", true },
        { "linux/arm/v8", "linux/arm/v6", true },
        { "linux/arm/v8", "linux/arm/v7", true },
        { "linux/arm/v8", "linux/arm/v8", true },
        { "linux/arm/v8", "linux/amd64", false },
        { "linux/arm/v8", "linux/arm/v4", false },
        { "linux/arm/v8", "linux/arm64", false },
        { "linux/arm/v8", "windows/amd64", false },
        { "linux/arm/v8", "windows/arm", false },
        { "linux/arm/v7", "linux/arm", true },
        { "linux/arm/v7", "linux/arm/v5", true },
        { "linux/arm/v7", "linux/arm/v6", true },
        { "linux/arm/v7", "linux/arm/v7", true },
        { "linux/arm/v7", "linux/amd64", false },
        { "linux/arm/v7", "linux/arm/v4", false },
        { "linux/arm/v7", "linux/arm/v8", false },
        { "linux/arm/v7", "linux/arm64", false },
        { "linux/arm/v7", "windows/amd64", false },
        { "linux/arm/v7", "windows/arm", false },
        { "linux/arm/v6", "linux/arm/v5", true },
        { "linux/arm/v6", "linux/arm/v6", true },
        { "linux/arm/v6", "linux/amd64", false },
        { "linux/arm/v6", "linux/arm", false },
        { "linux/arm/v6", "linux/arm/v4", false },
        { "linux/arm/v6", "linux/arm/v7", false },
        { "linux/arm/v6", "linux/arm/v8", false },
        { "linux/arm/v6", "linux/arm64", false },
        { "linux/arm/v6", "windows/amd64", false },
        { "linux/arm/v6", "windows/arm", false },
        { "linux/arm/v5", "linux/arm/v5", true },
        { "linux/arm/v5", "linux/amd64", false },
        { "linux/arm/v5", "linux/arm", false },
        { "linux/arm/v5", "linux/arm/v4", false },
        { "linux/arm/v5", "linux/arm/v6", false },
        { "linux/arm/v5", "linux/arm/v7", false },
        { "linux/arm/v5", "linux/arm/v8", false },
        { "linux/arm/v5", "linux/arm64", false },
        { "linux/arm/v5", "windows/amd64", false },
        { "linux/arm/v5", "windows/arm", false },
        { "linux/arm/v4", "linux/arm/v4", true },
        { "linux/arm/v4", "linux/amd64", false },
        { "linux/arm/v4", "linux/arm", false },
        { "linux/arm/v4", "linux/arm/v5", false },
        { "linux/arm/v4", "linux/arm/v6", false },
        { "linux/arm/v4", "linux/arm/v7", false },
        { "linux/arm/v4", "linux/arm/v8", false },
        { "linux/arm/v4", "linux/arm64", false },
        { "linux/arm/v4", "windows/amd64", false },
        { "linux/arm/v4", "windows/arm", false },
        { "linux/arm64/v9", "linux/arm", true },
        { "linux/arm64/v9", "linux/arm/v5", true },
        { "linux/arm64/v9", "linux/arm/v6", true },
        { "linux/arm64/v9", "linux/arm/v7", true },
        { "linux/arm64/v9", "linux/arm/v8", true },
        { "linux/arm64/v9", "linux/arm64", true },
        { "linux/arm64/v9", "linux/arm64/v8", true },
        { "linux/arm64/v9", "linux/arm64/v8.1", true },
        { "linux/arm64/v9", "linux/arm64/v8.2", true },
        { "linux/arm64/v9", "linux/arm64/v8.3", true },
        { "linux/arm64/v9", "linux/arm64/v8.4", true },
        { "linux/arm64/v9", "linux/arm64/v8.5", true },
        { "linux/arm64/v9", "linux/arm64/v9", true },
        { "linux/arm64/v9", "linux/arm64/v9.0", true },
        { "linux/arm64/v9", "linux/amd64", false },
        { "linux/arm64/v9", "linux/arm/v4", false },
        { "linux/arm64/v9", "windows/amd64", false },
        { "linux/arm64/v9", "windows/arm", false },
        { "linux/arm64/v9", "linux/arm64/v8.6", false },
        { "linux/arm64/v8.1", "linux/arm", true },
        { "linux/arm64/v8.1", "linux/arm/v5", true },
        { "linux/arm64/v8.1", "linux/arm/v6", true },
        { "linux/arm64/v8.1", "linux/arm/v7", true },
        { "linux/arm64/v8.1", "linux/arm/v8", true },
        { "linux/arm64/v8.1", "linux/arm64", true },
        { "linux/arm64/v8.1", "linux/arm64/v8", true },
        { "linux/arm64/v8.1", "linux/arm64/v8.1", true },
        { "linux/arm64/v8.1", "linux/amd64", false },
        { "linux/arm64/v8.1", "linux/arm/v4", false },
        { "linux/arm64/v8.1", "linux/arm/v9", false },
        { "linux/arm64/v8.1", "linux/arm64/v9", false },
        { "linux/arm64/v8.1", "windows/amd64", false },
        { "linux/arm64/v8.1", "windows/arm", false },
        { "linux/arm64", "linux/arm", true },
        { "linux/arm64", "linux/arm/v5", true },
        { "linux/arm64", "linux/arm/v6", true },
        { "linux/arm64", "linux/arm/v7", true },
        { "linux/arm64", "linux/arm/v8", true },
        { "linux/arm64", "linux/arm64", true },
        { "linux/arm64", "linux/arm64/v8", true },
        { "linux/arm64", "linux/amd64", false },
        { "linux/arm64", "linux/arm/v4", false },
        { "linux/arm64", "linux/arm/v9", false },
        { "linux/arm64", "linux/arm64/v9", false },
        { "linux/arm64", "windows/amd64", false },
        { "linux/arm64", "windows/arm", false },
    };

    /// <summary>compare_test.go, TestOnlyStrict: (wanted, candidate, matches).</summary>
    public static TheoryData<string, string, bool> OnlyStrict => new()
    {
        { "linux/amd64", "linux/amd64", true },
        { "linux/amd64", "linux/386", false },
        { "linux/amd64", "linux/arm/v7", false },
        { "linux/amd64", "linux/arm64", false },
        { "linux/amd64", "windows/amd64", false },
        { "linux/amd64", "windows/arm", false },
        { "linux/386", "linux/386", true },
        { "linux/386", "linux/amd64", false },
        { "linux/386", "linux/arm/v7", false },
        { "linux/386", "linux/arm64", false },
        { "linux/386", "windows/amd64", false },
        { "linux/386", "windows/arm", false },
        { "windows/amd64", "windows/amd64", true },
        { "windows/amd64", "windows(10.0.17763)/amd64", true },
        { "windows/amd64", "linux/amd64", false },
        { "windows/amd64", "linux/arm/v7", false },
        { "windows/amd64", "linux/arm64", false },
        { "windows/amd64", "windows/arm", false },
        { "windows(10.0.17763)/amd64", "windows/amd64", true },
        { "windows(10.0.17763)/amd64", "windows(10.0.17763)/amd64", true },
        { "windows(10.0.17763)/amd64", "linux/amd64", false },
        { "windows(10.0.17763)/amd64", "linux/arm/v7", false },
        { "windows(10.0.17763)/amd64", "linux/arm64", false },
        { "windows(10.0.17763)/amd64", "windows/arm", false },
        { "linux/arm/v8", "linux/arm/v8", true },
        { "linux/arm/v8", "linux/arm", false },
        { "linux/arm/v8", "linux/arm/v5", false },
        { "linux/arm/v8", "linux/arm/v6", false },
        { "linux/arm/v8", "linux/arm/v7", false },
        { "linux/arm/v8", "linux/amd64", false },
        { "linux/arm/v8", "linux/arm/v4", false },
        { "linux/arm/v8", "linux/arm64", false },
        { "linux/arm/v8", "windows/amd64", false },
        { "linux/arm/v8", "windows/arm", false },
        { "linux/arm/v7", "linux/arm", true },
        { "linux/arm/v7", "linux/arm/v7", true },
        { "linux/arm/v7", "linux/arm/v5", false },
        { "linux/arm/v7", "linux/arm/v6", false },
        { "linux/arm/v7", "linux/amd64", false },
        { "linux/arm/v7", "linux/arm/v4", false },
        { "linux/arm/v7", "linux/arm/v8", false },
        { "linux/arm/v7", "linux/arm64", false },
        { "linux/arm/v7", "windows/amd64", false },
        { "linux/arm/v7", "windows/arm", false },
        { "linux/arm/v6", "linux/arm/v6", true },
        { "linux/arm/v6", "linux/arm/v5", false },
        { "linux/arm/v6", "linux/amd64", false },
        { "linux/arm/v6", "linux/arm", false },
        { "linux/arm/v6", "linux/arm/v4", false },
        { "linux/arm/v6", "linux/arm/v7", false },
        { "linux/arm/v6", "linux/arm/v8", false },
        { "linux/arm/v6", "linux/arm64", false },
        { "linux/arm/v6", "windows/amd64", false },
        { "linux/arm/v6", "windows/arm", false },
        { "linux/arm/v5", "linux/arm/v5", true },
        { "linux/arm/v5", "linux/amd64", false },
        { "linux/arm/v5", "linux/arm", false },
        { "linux/arm/v5", "linux/arm/v4", false },
        { "linux/arm/v5", "linux/arm/v6", false },
        { "linux/arm/v5", "linux/arm/v7", false },
        { "linux/arm/v5", "linux/arm/v8", false },
        { "linux/arm/v5", "linux/arm64", false },
        { "linux/arm/v5", "windows/amd64", false },
        { "linux/arm/v5", "windows/arm", false },
        { "linux/arm/v4", "linux/arm/v4", true },
        { "linux/arm/v4", "linux/amd64", false },
        { "linux/arm/v4", "linux/arm", false },
        { "linux/arm/v4", "linux/arm/v5", false },
        { "linux/arm/v4", "linux/arm/v6", false },
        { "linux/arm/v4", "linux/arm/v7", false },
        { "linux/arm/v4", "linux/arm/v8", false },
        { "linux/arm/v4", "linux/arm64", false },
        { "linux/arm/v4", "windows/amd64", false },
        { "linux/arm/v4", "windows/arm", false },
        { "linux/arm64/v9", "linux/arm64/v9", true },
        { "linux/arm64/v9", "linux/arm64/v9.0", true },
        { "linux/arm64/v9", "linux/arm", false },
        { "linux/arm64/v9", "linux/arm/v5", false },
        { "linux/arm64/v9", "linux/arm/v6", false },
        { "linux/arm64/v9", "linux/arm/v7", false },
        { "linux/arm64/v9", "linux/arm/v8", false },
        { "linux/arm64/v9", "linux/amd64", false },
        { "linux/arm64/v9", "linux/arm/v4", false },
        { "linux/arm64/v9", "linux/arm/v9", false },
        { "linux/arm64/v9", "linux/arm64/v8", false },
        { "linux/arm64/v9", "linux/arm64/v8.1", false },
        { "linux/arm64/v9", "windows/amd64", false },
        { "linux/arm64/v9", "windows/arm", false },
        { "linux/arm64/v8.1", "linux/arm64/v8.1", true },
        { "linux/arm64/v8.1", "linux/arm", false },
        { "linux/arm64/v8.1", "linux/arm/v5", false },
        { "linux/arm64/v8.1", "linux/arm/v6", false },
        { "linux/arm64/v8.1", "linux/arm/v7", false },
        { "linux/arm64/v8.1", "linux/arm/v8", false },
        { "linux/arm64/v8.1", "linux/amd64", false },
        { "linux/arm64/v8.1", "linux/arm/v4", false },
        { "linux/arm64/v8.1", "linux/arm/v9", false },
        { "linux/arm64/v8.1", "linux/arm64/v8", false },
        { "linux/arm64/v8.1", "linux/arm64/v9", false },
        { "linux/arm64/v8.1", "windows/amd64", false },
        { "linux/arm64/v8.1", "windows/arm", false },
        { "linux/arm64", "linux/arm64", true },
        { "linux/arm64", "linux/arm64/v8", true },
        { "linux/arm64", "linux/arm", false },
        { "linux/arm64", "linux/arm/v5", false },
        { "linux/arm64", "linux/arm/v6", false },
        { "linux/arm64", "linux/arm/v7", false },
        { "linux/arm64", "linux/arm/v8", false },
        { "linux/arm64", "linux/amd64", false },
        { "linux/arm64", "linux/arm/v4", false },
        { "linux/arm64", "linux/arm/v9", false },
        { "linux/arm64", "linux/arm64/v9", false },
        { "linux/arm64", "windows/amd64", false },
        { "linux/arm64", "windows/arm", false },
    };

    [Theory]
    [MemberData(nameof(Only))]
    public void Only_matches_as_containerd(string wanted, string candidate, bool matches) =>
        Assert.Equal(matches, new PlatformMatcher(Platform.Parse(wanted)).Matches(Platform.Parse(candidate)));

    [Theory]
    [MemberData(nameof(OnlyStrict))]
    public void OnlyStrict_matches_as_containerd(string wanted, string candidate, bool matches) =>
        Assert.Equal(matches, PlatformMatcher.Strict(Platform.Parse(wanted)).Matches(Platform.Parse(candidate)));

    /// <summary>
    /// Test_PlatformCompat (platform_windows_compat_test.go): which ltsc images a host build runs. rs5 = 17763
    /// (ltsc2019), 20348 = Windows Server 2022 (ltsc2022), 22621 = Windows 11 22H2; plus Windows Server 2025 (26100),
    /// the host the stable-ABI rule was made for.
    /// </summary>
    [Theory]
    [InlineData(17763, 17763, true)]
    [InlineData(17763, 20348, false)]
    [InlineData(20348, 17763, false)]
    [InlineData(20348, 20348, true)]
    [InlineData(22621, 17763, false)]
    [InlineData(22621, 20348, true)]
    [InlineData(26100, 20348, true)]
    [InlineData(26100, 26100, true)]
    [InlineData(20348, 26100, false)]
    [InlineData(26100, 17763, false)]
    public void Windows_host_runs_the_builds_containerd_allows(int host, int image, bool runs)
    {
        var matcher = new PlatformMatcher(Platform.Parse($"windows(10.0.{host}.1)/amd64"));

        Assert.Equal(runs, matcher.Matches(Platform.Parse($"windows(10.0.{image}.1)/amd64")));
    }

    /// <summary>Test_PlatformOrder (platform_windows_compat_test.go): the host's own build first, its newest revision among several.</summary>
    [Theory]
    [InlineData("10.0.20348.3091", "linux/amd64 windows(10.0.20348.3091)/amd64 windows(10.0.26100.2894)/amd64", "windows(10.0.20348.3091)/amd64")]
    [InlineData("10.0.26100.2894", "linux/amd64 windows(10.0.20348.3091)/amd64 windows(10.0.26100.2894)/amd64", "windows(10.0.26100.2894)/amd64")]
    [InlineData("10.0.26100.2894", "linux/amd64 windows(10.0.20348.3091)/amd64 windows(10.0.26100.3000)/amd64", "windows(10.0.26100.3000)/amd64")]
    public void Windows_order_as_containerd(string host, string candidates, string expected)
    {
        var matcher = new PlatformMatcher(Platform.Parse($"windows({host})/amd64"));

        Assert.Equal(expected, matcher.SelectBest(candidates.Split(' '), c => Platform.Parse(c)));
    }

    /// <summary>
    /// compare.go's platformVector for arm64/v9.x: v9.(x-1)..v9, then v8.(x+5) capped at v8.9, then v8.(..)..v8 and the
    /// 32-bit arm fallbacks; <c>v9.0</c> is <c>v9</c> (database.go's normalizeArch).
    /// </summary>
    [Theory]
    [InlineData("linux/arm64/v9", "linux/arm64/v8.6 linux/arm64/v8.5 linux/arm64/v9.0", "linux/arm64/v9.0")]
    [InlineData("linux/arm64/v9.6", "linux/arm64/v8.10", null)]
    [InlineData("linux/arm64/v9.6", "linux/arm64/v8.10 linux/arm64/v8.9", "linux/arm64/v8.9")]
    [InlineData("linux/arm64/v9.4", "linux/arm64/v8.8 linux/arm64/v8.9", "linux/arm64/v8.9")]
    [InlineData("linux/arm64/v9.1", "linux/arm64/v8.7 linux/arm64/v8.6", "linux/arm64/v8.6")]
    [InlineData("linux/arm64/v9.0", "linux/arm64/v8.5 linux/arm64/v9", "linux/arm64/v9")]
    [InlineData("linux/arm64/v8.0", "linux/arm/v7 linux/arm64", "linux/arm64")]
    public void Arm64_v9_falls_back_as_containerd(string wanted, string candidates, string? expected)
    {
        var matcher = new PlatformMatcher(Platform.Parse(wanted));

        Assert.Equal(expected, matcher.SelectBest(candidates.Split(' '), c => Platform.Parse(c)));
    }

    /// <summary>platforms.go, matcher.Match: a candidate's os.features must all be offered by the wanted platform.</summary>
    [Theory]
    [InlineData("windows/amd64", "windows/amd64", true)]
    [InlineData("windows/amd64", "windows(+win32k)/amd64", false)]
    [InlineData("windows(+win32k)/amd64", "windows(+win32k)/amd64", true)]
    [InlineData("windows(+win32k)/amd64", "windows/amd64", true)]
    [InlineData("linux(+gpu+simd)/amd64", "linux(+simd)/amd64", true)]
    [InlineData("linux(+gpu)/amd64", "linux(+gpu+simd)/amd64", false)]
    [InlineData("windows(10.0.20348+win32k)/amd64", "windows(10.0.20348.1+win32k)/amd64", true)]
    [InlineData("linux(+gpu)/arm64", "linux(+gpu)/arm/v7", true)]
    public void Os_features_must_be_offered(string wanted, string candidate, bool matches) =>
        Assert.Equal(matches, new PlatformMatcher(Platform.Parse(wanted)).Matches(Platform.Parse(candidate)));

    [Theory]
    [InlineData("linux(+simd+gpu+gpu)/amd64", "linux(+gpu+simd)/amd64")]
    [InlineData("windows(10.0.17763+win32k)/amd64", "windows(10.0.17763+win32k)/amd64")]
    [InlineData("linux/arm64/v9.0", "linux/arm64/v9")]
    [InlineData("linux/arm64/v8.0", "linux/arm64")]
    public void Full_form_keeps_os_version_and_sorted_features(string text, string expected) =>
        Assert.Equal(expected, Platform.Parse(text).ToFullString());
}
