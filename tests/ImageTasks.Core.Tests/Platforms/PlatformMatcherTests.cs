using ImageTasks.Core.Platforms;
using Xunit;

namespace ImageTasks.Core.Tests.Platforms;

public class PlatformMatcherTests
{
    [Theory]
    // same platform, aliases and case on either side
    [InlineData("linux/amd64", "linux/amd64")]
    [InlineData("linux/amd64", "linux/x86_64")]
    [InlineData("linux/amd64", "Linux/AMD64")]
    [InlineData("linux/amd64", "linux/amd64/v1")]
    [InlineData("linux/x86_64", "linux/amd64")]
    [InlineData("linux/arm64", "linux/aarch64")]
    [InlineData("linux/arm64", "linux/arm64/v8")]
    [InlineData("linux/aarch64", "linux/arm64/v8")]
    [InlineData("macos/arm64", "darwin/arm64")]
    [InlineData("linux/s390x", "linux/s390x")]
    // amd64 runs 386, and lower x86-64 levels
    [InlineData("linux/amd64", "linux/386")]
    [InlineData("linux/amd64", "linux/i386")]
    [InlineData("linux/amd64/v2", "linux/amd64")]
    [InlineData("linux/amd64/v3", "linux/amd64/v2")]
    [InlineData("linux/amd64/v3", "linux/amd64/v1")]
    [InlineData("linux/amd64/v4", "linux/amd64/v3")]
    [InlineData("linux/amd64/v3", "linux/386")]
    // arm runs older arm
    [InlineData("linux/arm/v7", "linux/arm")]
    [InlineData("linux/arm", "linux/arm/v7")]
    [InlineData("linux/arm/v7", "linux/armhf")]
    [InlineData("linux/arm/v7", "linux/arm/v6")]
    [InlineData("linux/arm/v7", "linux/armel")]
    [InlineData("linux/arm/v7", "linux/arm/v5")]
    [InlineData("linux/arm/v8", "linux/arm/v8")]
    [InlineData("linux/arm/v8", "linux/arm/v5")]
    [InlineData("linux/arm/v6", "linux/arm/v5")]
    // arm64 runs 32-bit arm
    [InlineData("linux/arm64", "linux/arm/v8")]
    [InlineData("linux/arm64", "linux/arm/v7")]
    [InlineData("linux/arm64", "linux/arm")]
    [InlineData("linux/arm64", "linux/arm/v6")]
    [InlineData("linux/arm64", "linux/arm/v5")]
    // arm64 feature levels
    [InlineData("linux/arm64/v8.2", "linux/arm64/v8.1")]
    [InlineData("linux/arm64/v8.2", "linux/arm64")]
    [InlineData("linux/arm64/v8.2", "linux/arm/v7")]
    [InlineData("linux/arm64/v9", "linux/arm64/v8.5")]
    [InlineData("linux/arm64/v9.2", "linux/arm64/v9.1")]
    [InlineData("linux/arm64/v9.2", "linux/arm64/v8.7")]
    [InlineData("linux/arm64/v9", "linux/arm64")]
    // os.version only matters for windows
    [InlineData("linux/amd64", "linux(5.15)/amd64")]
    [InlineData("linux(5.15)/amd64", "linux(4.19)/amd64")]
    public void Matches(string wanted, string candidate)
    {
        var matcher = new PlatformMatcher(RawPlatform.Of(wanted));

        Assert.True(matcher.Matches(RawPlatform.Of(candidate)));
        Assert.NotEqual(int.MaxValue, matcher.Rank(RawPlatform.Of(candidate)));
    }

    [Theory]
    // different os or architecture
    [InlineData("linux/amd64", "windows/amd64")]
    [InlineData("linux/amd64", "darwin/amd64")]
    [InlineData("linux/amd64", "linux/arm64")]
    [InlineData("linux/arm64", "linux/amd64")]
    [InlineData("linux/386", "linux/amd64")]
    [InlineData("linux/s390x", "linux/ppc64le")]
    // newer levels than wanted
    [InlineData("linux/amd64", "linux/amd64/v2")]
    [InlineData("linux/amd64/v2", "linux/amd64/v3")]
    [InlineData("linux/arm/v7", "linux/arm/v8")]
    [InlineData("linux/arm/v6", "linux/arm/v7")]
    [InlineData("linux/arm/v6", "linux/arm")]
    [InlineData("linux/arm/v5", "linux/arm/v6")]
    [InlineData("linux/arm64", "linux/arm64/v8.2")]
    [InlineData("linux/arm64/v8.2", "linux/arm64/v8.3")]
    [InlineData("linux/arm64/v8.7", "linux/arm64/v9")]
    [InlineData("linux/arm64/v9", "linux/arm64/v9.1")]
    // 32-bit never runs 64-bit
    [InlineData("linux/arm/v8", "linux/arm64")]
    [InlineData("linux/arm/v7", "linux/arm64")]
    // amd64 does not run arm, arm does not run x86
    [InlineData("linux/amd64", "linux/arm/v7")]
    [InlineData("linux/arm64", "linux/386")]
    // variants the wanted platform does not know
    [InlineData("linux/arm/v7", "linux/arm/foo")]
    [InlineData("linux/amd64", "linux/amd64/foo")]
    [InlineData("linux/s390x", "linux/s390x/v2")]
    public void Does_not_match(string wanted, string candidate)
    {
        var matcher = new PlatformMatcher(RawPlatform.Of(wanted));

        Assert.False(matcher.Matches(RawPlatform.Of(candidate)));
        Assert.Equal(int.MaxValue, matcher.Rank(RawPlatform.Of(candidate)));
    }

    [Fact]
    public void The_ctor_normalises_the_wanted_platform()
    {
        var matcher = new PlatformMatcher(new Platform("Linux", "aarch64", "v8"));

        Assert.Equal(new Platform("linux", "arm64"), matcher.Wanted);
    }

    [Fact]
    public void Null_arguments_throw()
    {
        var matcher = new PlatformMatcher(Platform.Parse("linux/amd64"));

        Assert.Throws<ArgumentNullException>(() => new PlatformMatcher(null!));
        Assert.Throws<ArgumentNullException>(() => matcher.Matches(null!));
        Assert.Throws<ArgumentNullException>(() => matcher.SelectBest<string>(null!, _ => Platform.Host));
        Assert.Throws<ArgumentNullException>(() => matcher.SelectBest(["x"], null!));
    }
}
