using ImageTasks.Core.Platforms;
using Xunit;

namespace ImageTasks.Core.Tests.Platforms;

public class PlatformNormalizeTests
{
    [Theory]
    // amd64 and its aliases; v1 is the baseline and is dropped.
    [InlineData("linux/amd64", "linux/amd64")]
    [InlineData("linux/x86_64", "linux/amd64")]
    [InlineData("linux/x86-64", "linux/amd64")]
    [InlineData("linux/X86_64", "linux/amd64")]
    [InlineData("linux/amd64/v1", "linux/amd64")]
    [InlineData("linux/amd64/V1", "linux/amd64")]
    [InlineData("linux/amd64/v2", "linux/amd64/v2")]
    [InlineData("linux/x86_64/v3", "linux/amd64/v3")]
    // arm64; v8 is the baseline and is dropped.
    [InlineData("linux/aarch64", "linux/arm64")]
    [InlineData("linux/arm64/v8", "linux/arm64")]
    [InlineData("linux/arm64/8", "linux/arm64")]
    [InlineData("linux/aarch64/v8", "linux/arm64")]
    [InlineData("linux/arm64/v8.2", "linux/arm64/v8.2")]
    [InlineData("linux/arm64/v9", "linux/arm64/v9")]
    // 32-bit arm always carries its variant.
    [InlineData("linux/arm", "linux/arm/v7")]
    [InlineData("linux/arm/7", "linux/arm/v7")]
    [InlineData("linux/arm/v7", "linux/arm/v7")]
    [InlineData("linux/arm/6", "linux/arm/v6")]
    [InlineData("linux/arm/5", "linux/arm/v5")]
    [InlineData("linux/arm/8", "linux/arm/v8")]
    [InlineData("linux/armhf", "linux/arm/v7")]
    [InlineData("linux/armel", "linux/arm/v6")]
    [InlineData("linux/ARMHF", "linux/arm/v7")]
    // 32-bit x86.
    [InlineData("linux/i386", "linux/386")]
    [InlineData("linux/i686", "linux/386")]
    [InlineData("linux/386", "linux/386")]
    // os: lower case, macos is darwin.
    [InlineData("Linux/amd64", "linux/amd64")]
    [InlineData("WINDOWS/amd64", "windows/amd64")]
    [InlineData("macos/arm64", "darwin/arm64")]
    [InlineData("MacOS/arm64", "darwin/arm64")]
    // unknown values are only lower-cased.
    [InlineData("linux/PPC64LE", "linux/ppc64le")]
    [InlineData("myos/myarch/MyVariant", "myos/myarch/myvariant")]
    // os.version is kept as is.
    [InlineData("windows(10.0.17763.1234)/x86_64", "windows(10.0.17763.1234)/amd64")]
    public void Normalize_maps_aliases_to_canonical_values(string raw, string canonical)
    {
        var normalized = RawPlatform.Of(raw).Normalize();

        Assert.Equal(RawPlatform.Of(canonical), normalized);
        Assert.Equal(normalized, normalized.Normalize());
    }

    [Fact]
    public void Normalize_turns_empty_variant_and_os_version_into_null()
    {
        var normalized = new Platform("linux", "amd64", "", "").Normalize();

        Assert.Equal(new Platform("linux", "amd64"), normalized);
    }
}
