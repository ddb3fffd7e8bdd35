using ImageTasks.Core.Platforms;
using Xunit;

namespace ImageTasks.Core.Tests.Platforms;

public class PlatformRankingTests
{
    [Theory]
    // arm/v7 prefers v7, then v6, then v5
    [InlineData("linux/arm/v7", "linux/arm/v5 linux/arm/v6 linux/arm/v7", "linux/arm/v7")]
    [InlineData("linux/arm/v7", "linux/arm/v5 linux/arm/v6", "linux/arm/v6")]
    [InlineData("linux/arm/v7", "linux/arm/v5", "linux/arm/v5")]
    [InlineData("linux/arm/v7", "linux/arm/v8 linux/arm64", null)]
    // arm64 prefers arm64, then 32-bit arm from v8 down
    [InlineData("linux/arm64", "linux/arm/v7 linux/arm64", "linux/arm64")]
    [InlineData("linux/arm64", "linux/arm/v7", "linux/arm/v7")]
    [InlineData("linux/arm64", "linux/arm/v8 linux/arm/v7", "linux/arm/v8")]
    [InlineData("linux/arm64", "linux/arm/v5 linux/arm/v6", "linux/arm/v6")]
    [InlineData("linux/arm64", "linux/amd64 linux/386 linux/s390x", null)]
    [InlineData("linux/arm64/v8.2", "linux/arm64 linux/arm64/v8.1 linux/arm/v8", "linux/arm64/v8.1")]
    // amd64 levels, then 386 last
    [InlineData("linux/amd64/v3", "linux/amd64 linux/amd64/v2 linux/amd64/v4", "linux/amd64/v2")]
    [InlineData("linux/amd64/v3", "linux/386 linux/amd64", "linux/amd64")]
    [InlineData("linux/amd64", "linux/386 linux/arm64", "linux/386")]
    [InlineData("linux/amd64", "linux/amd64/v2 linux/amd64/v3", null)]
    // the os decides first
    [InlineData("linux/amd64", "windows/amd64 linux/arm64", null)]
    [InlineData("windows/amd64", "linux/amd64 windows/amd64", "windows/amd64")]
    // aliases compete like their canonical forms
    [InlineData("linux/arm64", "linux/armhf linux/aarch64", "linux/aarch64")]
    [InlineData("linux/arm/v7", "linux/armel linux/arm", "linux/arm")]
    // equal ranks: the first candidate wins
    [InlineData("linux/amd64", "linux/x86_64 linux/amd64", "linux/x86_64")]
    [InlineData("linux/amd64", "", null)]
    public void SelectBest_picks_the_best_ranked_candidate(string wanted, string candidates, string? expected)
    {
        var matcher = new PlatformMatcher(Platform.Parse(wanted));

        var best = matcher.SelectBest(candidates.Split(' ', StringSplitOptions.RemoveEmptyEntries), RawPlatform.Of);

        Assert.Equal(expected, best);
    }

    [Theory]
    [InlineData("linux/arm/v7", "linux/arm/v7 linux/arm/v6 linux/arm/v5")]
    [InlineData("linux/arm/v8", "linux/arm/v8 linux/arm/v7 linux/arm/v6 linux/arm/v5")]
    [InlineData("linux/arm64", "linux/arm64 linux/arm/v8 linux/arm/v7 linux/arm/v6 linux/arm/v5")]
    [InlineData("linux/arm64/v8.2", "linux/arm64/v8.2 linux/arm64/v8.1 linux/arm64 linux/arm/v8 linux/arm/v7 linux/arm/v6 linux/arm/v5")]
    [InlineData("linux/arm64/v9.1", "linux/arm64/v9.1 linux/arm64/v9 linux/arm64/v8.6 linux/arm64/v8.5 linux/arm64/v8.4 linux/arm64/v8.3 linux/arm64/v8.2 linux/arm64/v8.1 linux/arm64 linux/arm/v8 linux/arm/v5")]
    [InlineData("linux/amd64", "linux/amd64 linux/386")]
    [InlineData("linux/amd64/v3", "linux/amd64/v3 linux/amd64/v2 linux/amd64 linux/386")]
    [InlineData("linux/amd64/v4", "linux/amd64/v4 linux/amd64/v3 linux/amd64/v2 linux/amd64/v1")]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows(10.0.17763.1234)/amd64 windows(10.0.17763.999)/amd64 windows/amd64 windows(10.0.17763.1234)/386 windows(10.0.17763.5)/386 windows/386")]
    [InlineData("windows(10.0.20348)/arm64", "windows(10.0.20348.2113)/arm64 windows/arm64 windows(10.0.20348)/arm/v7 windows/arm/v7")]
    public void Rank_orders_candidates_best_first(string wanted, string bestFirst)
    {
        var matcher = new PlatformMatcher(Platform.Parse(wanted));

        var ranks = RawPlatform.ListOf(bestFirst).Select(matcher.Rank).ToArray();

        Assert.DoesNotContain(int.MaxValue, ranks);
        for (var i = 1; i < ranks.Length; i++)
        {
            Assert.True(ranks[i - 1] < ranks[i], $"{bestFirst.Split(' ')[i - 1]} should rank above {bestFirst.Split(' ')[i]}");
        }
    }

    [Theory]
    // wanted has os.version: same major.minor.build (any revision) or no os.version matches
    [InlineData("windows(10.0.17763.1234)/amd64", "windows(10.0.17763.1234)/amd64", true)]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows(10.0.17763.1)/amd64", true)]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows(10.0.17763)/amd64", true)]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows/amd64", true)]
    [InlineData("windows(10.0.17763)/amd64", "windows(10.0.17763.4567)/amd64", true)]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows(10.0.20348.1234)/amd64", false)]
    [InlineData("windows(10.0.20348.1)/amd64", "windows(10.0.17763.1)/amd64", false)]
    // from Windows Server 2022 on, a host runs older builds back to 20348 (containerd's stable-ABI rule)
    [InlineData("windows(10.0.26100.1)/amd64", "windows(10.0.20348.1)/amd64", true)]
    [InlineData("windows(10.0.22621.1)/amd64", "windows(10.0.20348.1)/amd64", true)]
    [InlineData("windows(10.0.26100.1)/amd64", "windows(10.0.17763.1)/amd64", false)]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows(6.3.17763.1)/amd64", false)]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows(10.0)/amd64", false)]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows(ltsc2019)/amd64", false)]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows(10.0.17763.1)/arm64", false)]
    [InlineData("windows(10.0.17763.1234)/amd64", "linux/amd64", false)]
    // wanted has no os.version (or no Windows version): os.version is not compared
    [InlineData("windows/amd64", "windows(10.0.17763.1234)/amd64", true)]
    [InlineData("windows/amd64", "windows(10.0.20348.1)/amd64", true)]
    [InlineData("windows/amd64", "windows(anything)/amd64", true)]
    [InlineData("windows(ltsc2022)/amd64", "windows(10.0.17763.1)/amd64", true)]
    public void Windows_os_version_matching(string wanted, string candidate, bool matches)
    {
        var matcher = new PlatformMatcher(RawPlatform.Of(wanted));

        Assert.Equal(matches, matcher.Matches(RawPlatform.Of(candidate)));
    }

    [Theory]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows/amd64 windows(10.0.17763.1)/amd64 windows(10.0.17763.1234)/amd64 windows(10.0.20348.1234)/amd64", "windows(10.0.17763.1234)/amd64")]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows/amd64 windows(10.0.17763.1)/amd64 windows(10.0.20348.1234)/amd64", "windows(10.0.17763.1)/amd64")]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows/amd64 windows(10.0.20348.1234)/amd64", "windows/amd64")]
    [InlineData("windows(10.0.17763.1234)/amd64", "windows(10.0.20348.1234)/amd64 windows(10.0.14393.1)/amd64", null)]
    // the architecture outweighs the os.version: an unversioned amd64 image beats an exact-build 386 one
    [InlineData("windows(10.0.17763.1234)/amd64", "windows(10.0.17763.1234)/386 windows/amd64", "windows/amd64")]
    // without a wanted os.version every build ties and the first one wins
    [InlineData("windows/amd64", "windows(10.0.17763.1)/amd64 windows(10.0.20348.1)/amd64", "windows(10.0.17763.1)/amd64")]
    [InlineData("windows/amd64", "windows(10.0.20348.1)/amd64 windows(10.0.17763.1)/amd64", "windows(10.0.20348.1)/amd64")]
    public void Windows_selection(string wanted, string candidates, string? expected)
    {
        var matcher = new PlatformMatcher(RawPlatform.Of(wanted));

        var best = matcher.SelectBest(candidates.Split(' '), RawPlatform.Of);

        Assert.Equal(expected, best);
    }

    [Fact]
    public void SelectBest_works_on_any_reference_type()
    {
        var manifests = new[]
        {
            new Manifest("sha256:a", new Platform("linux", "amd64")),
            new Manifest("sha256:b", new Platform("linux", "arm", "v7")),
            new Manifest("sha256:c", new Platform("linux", "arm64", "v8")),
        };
        var matcher = new PlatformMatcher(Platform.Parse("linux/arm64"));

        var best = matcher.SelectBest(manifests, m => m.Platform);

        Assert.Equal("sha256:c", best?.Digest);
    }

    private sealed record Manifest(string Digest, Platform Platform);
}
