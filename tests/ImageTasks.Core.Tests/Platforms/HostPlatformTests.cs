using System.Runtime.InteropServices;
using ImageTasks.Core.Platforms;
using Xunit;

namespace ImageTasks.Core.Tests.Platforms;

public class HostPlatformTests
{
    [Fact]
    public void Host_is_canonical()
    {
        Assert.Equal(Platform.Host.Normalize(), Platform.Host);
    }

    [Fact]
    public void Host_os_comes_from_the_runtime()
    {
        var expected =
            OperatingSystem.IsLinux() ? "linux" :
            OperatingSystem.IsWindows() ? "windows" :
            OperatingSystem.IsMacOS() ? "darwin" :
            null;

        if (expected is not null)
        {
            Assert.Equal(expected, Platform.Host.Os);
        }
    }

    [Fact]
    public void Host_architecture_comes_from_the_process()
    {
        var expected = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "linux/amd64",
            Architecture.Arm64 => "linux/arm64",
            Architecture.Arm => "linux/arm/v7",
            Architecture.X86 => "linux/386",
            _ => null,
        };

        if (expected is not null)
        {
            var host = Platform.Host;
            Assert.Equal(expected, $"linux/{host.Architecture}" + (host.Variant is null ? "" : $"/{host.Variant}"));
        }
    }

    [Fact]
    public void Host_has_a_windows_os_version_only_on_windows()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Matches(@"^\d+\.\d+\.\d+$", Platform.Host.OsVersion);
        }
        else
        {
            Assert.Null(Platform.Host.OsVersion);
        }
    }

    [Fact]
    public void A_matcher_for_the_host_matches_the_host()
    {
        Assert.True(new PlatformMatcher(Platform.Host).Matches(Platform.Host));
        Assert.Equal(0, new PlatformMatcher(Platform.Host).Rank(Platform.Host));
    }
}
