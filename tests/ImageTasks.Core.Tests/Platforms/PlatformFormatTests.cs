using ImageTasks.Core.Platforms;
using Xunit;

namespace ImageTasks.Core.Tests.Platforms;

public class PlatformFormatTests
{
    [Theory]
    [InlineData("linux", "amd64", null, null, "linux/amd64")]
    [InlineData("linux", "arm64", null, null, "linux/arm64")]
    [InlineData("linux", "arm", "v7", null, "linux/arm/v7")]
    [InlineData("linux", "arm64", "v8.2", null, "linux/arm64/v8.2")]
    [InlineData("linux", "amd64", "", null, "linux/amd64")]
    [InlineData("windows", "amd64", null, "10.0.17763.1234", "windows/amd64")]
    // ToString prints what the record holds; it does not normalise.
    [InlineData("Linux", "aarch64", null, null, "Linux/aarch64")]
    public void ToString_is_os_arch_and_variant_without_os_version(string os, string architecture, string? variant, string? osVersion, string expected)
    {
        Assert.Equal(expected, new Platform(os, architecture, variant, osVersion).ToString());
    }

    [Theory]
    [InlineData("linux/amd64")]
    [InlineData("linux/amd64/v3")]
    [InlineData("linux/arm64")]
    [InlineData("linux/arm64/v8.2")]
    [InlineData("linux/arm/v7")]
    [InlineData("linux/arm/v6")]
    [InlineData("linux/386")]
    [InlineData("linux/s390x")]
    [InlineData("windows/amd64")]
    [InlineData("darwin/arm64")]
    public void Canonical_text_round_trips(string text)
    {
        var platform = Platform.Parse(text);

        Assert.Equal(text, platform.ToString());
        Assert.Equal(platform, Platform.Parse(platform.ToString()));
    }

    [Theory]
    [InlineData("linux/arm", "linux/arm/v7")]
    [InlineData("linux/aarch64", "linux/arm64")]
    [InlineData("linux/arm64/v8", "linux/arm64")]
    [InlineData("linux/x86_64/v1", "linux/amd64")]
    [InlineData("macos/arm64", "darwin/arm64")]
    [InlineData("windows(10.0.17763)/amd64", "windows/amd64")]
    public void Aliases_format_in_canonical_form(string text, string formatted)
    {
        Assert.Equal(formatted, Platform.Parse(text).ToString());
    }
}
