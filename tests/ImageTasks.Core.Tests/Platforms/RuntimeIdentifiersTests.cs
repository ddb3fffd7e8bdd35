using ImageTasks.Core.Platforms;
using Xunit;

namespace ImageTasks.Core.Tests.Platforms;

public class RuntimeIdentifiersTests
{
    [Theory]
    [InlineData("linux-x64", "linux/amd64")]
    [InlineData("linux-arm64", "linux/arm64")]
    [InlineData("linux-arm", "linux/arm/v7")]
    [InlineData("linux-armv6", "linux/arm/v6")]
    [InlineData("linux-x86", "linux/386")]
    [InlineData("linux-s390x", "linux/s390x")]
    [InlineData("linux-ppc64le", "linux/ppc64le")]
    [InlineData("linux-riscv64", "linux/riscv64")]
    [InlineData("linux-loongarch64", "linux/loong64")]
    [InlineData("win-x64", "windows/amd64")]
    [InlineData("win-arm64", "windows/arm64")]
    [InlineData("win-x86", "windows/386")]
    public void Rids_and_platforms_map_both_ways(string rid, string platform)
    {
        Assert.Equal(Platform.Parse(platform), RuntimeIdentifiers.ToPlatform(rid));
        Assert.Equal(rid, RuntimeIdentifiers.ToRuntimeIdentifier(Platform.Parse(platform)));
    }

    [Theory]
    // musl is the same platform as glibc
    [InlineData("linux-musl-x64", "linux/amd64")]
    [InlineData("linux-musl-arm64", "linux/arm64")]
    [InlineData("linux-musl-arm", "linux/arm/v7")]
    // case-insensitive
    [InlineData("Linux-X64", "linux/amd64")]
    [InlineData("WIN-ARM64", "windows/arm64")]
    public void Rid_to_platform_only(string rid, string platform)
    {
        Assert.Equal(Platform.Parse(platform), RuntimeIdentifiers.ToPlatform(rid));
    }

    [Theory]
    [InlineData("osx-x64")]
    [InlineData("osx-arm64")]
    [InlineData("ios-arm64")]
    [InlineData("android-arm64")]
    [InlineData("browser-wasm")]
    [InlineData("linux-bionic-arm64")]
    [InlineData("ubuntu.22.04-x64")]
    [InlineData("win10-x64")]
    [InlineData("win-arm")]
    [InlineData("win-s390x")]
    [InlineData("linux-mips")]
    [InlineData("linux-")]
    [InlineData("-x64")]
    [InlineData("linux")]
    [InlineData("any")]
    [InlineData("")]
    public void Rids_without_a_container_platform_give_null(string rid)
    {
        Assert.Null(RuntimeIdentifiers.ToPlatform(rid));
    }

    [Theory]
    // aliases are normalised first
    [InlineData("linux/x86_64", "linux-x64")]
    [InlineData("linux/aarch64", "linux-arm64")]
    [InlineData("linux/armhf", "linux-arm")]
    [InlineData("linux/arm", "linux-arm")]
    [InlineData("linux/armel", "linux-armv6")]
    [InlineData("windows(10.0.17763.1234)/amd64", "win-x64")]
    // higher levels run the baseline RID's code
    [InlineData("linux/amd64/v3", "linux-x64")]
    [InlineData("linux/arm64/v8.2", "linux-arm64")]
    [InlineData("linux/arm/v8", "linux-arm")]
    public void Platform_to_rid_only(string platform, string rid)
    {
        Assert.Equal(rid, RuntimeIdentifiers.ToRuntimeIdentifier(RawPlatform.Of(platform)));
    }

    [Theory]
    [InlineData("darwin/arm64")]
    [InlineData("darwin/amd64")]
    [InlineData("freebsd/amd64")]
    [InlineData("linux/arm/v5")]
    [InlineData("linux/mips64le")]
    [InlineData("windows/arm/v7")]
    [InlineData("windows/s390x")]
    public void Platforms_without_a_rid_give_null(string platform)
    {
        Assert.Null(RuntimeIdentifiers.ToRuntimeIdentifier(RawPlatform.Of(platform)));
    }

    [Fact]
    public void Null_arguments_throw()
    {
        Assert.Throws<ArgumentNullException>(() => RuntimeIdentifiers.ToPlatform(null!));
        Assert.Throws<ArgumentNullException>(() => RuntimeIdentifiers.ToRuntimeIdentifier(null!));
    }
}
