using ImageTasks.Core.Pinning;

namespace ImageTasks.Core.Tests.Pinning;

public sealed class TagVersionLineTests
{
    private static readonly string[] Tags = ["8.0", "8.0.3", "8.0.11", "8.1", "9.0", "latest", "3.19", "3.20", "3.19-alpine", "3.20-alpine", "4.0", "nightly"];

    [Theory]
    [InlineData("8.0", VersionBump.Patch, "8.0.11")]
    [InlineData("8.0.11", VersionBump.Patch, null)]
    [InlineData("8.0", VersionBump.Minor, "8.1")]
    [InlineData("8.0", VersionBump.Major, "9.0")]
    [InlineData("3.19", VersionBump.Patch, null)]
    [InlineData("3.19", VersionBump.Minor, "3.20")]
    [InlineData("3.19-alpine", VersionBump.Minor, "3.20-alpine")]
    [InlineData("3.19", VersionBump.Major, "9.0")]
    [InlineData("latest", VersionBump.Major, null)]
    [InlineData("nightly", VersionBump.Patch, null)]
    public void Newer_tags_stay_in_the_version_line_and_keep_their_suffix(string pinned, VersionBump bump, string? expected)
    {
        Assert.Equal(expected, TagVersionLine.Newest(pinned, Tags, bump));
    }
}
