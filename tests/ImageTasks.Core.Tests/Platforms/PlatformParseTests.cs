using ImageTasks.Core.Platforms;
using Xunit;

namespace ImageTasks.Core.Tests.Platforms;

public class PlatformParseTests
{
    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null, null)]
    [InlineData("linux/arm64", "linux", "arm64", null, null)]
    [InlineData("linux/arm64/v8", "linux", "arm64", null, null)]
    [InlineData("linux/arm64/v8.2", "linux", "arm64", "v8.2", null)]
    [InlineData("linux/arm", "linux", "arm", "v7", null)]
    [InlineData("linux/arm/v7", "linux", "arm", "v7", null)]
    [InlineData("linux/arm/v6", "linux", "arm", "v6", null)]
    [InlineData("linux/arm/v5", "linux", "arm", "v5", null)]
    [InlineData("linux/armhf", "linux", "arm", "v7", null)]
    [InlineData("linux/armel", "linux", "arm", "v6", null)]
    [InlineData("linux/aarch64", "linux", "arm64", null, null)]
    [InlineData("linux/x86_64", "linux", "amd64", null, null)]
    [InlineData("linux/x86-64", "linux", "amd64", null, null)]
    [InlineData("linux/amd64/v1", "linux", "amd64", null, null)]
    [InlineData("linux/amd64/v3", "linux", "amd64", "v3", null)]
    [InlineData("linux/i386", "linux", "386", null, null)]
    [InlineData("linux/i686", "linux", "386", null, null)]
    [InlineData("linux/s390x", "linux", "s390x", null, null)]
    [InlineData("linux/ppc64le", "linux", "ppc64le", null, null)]
    [InlineData("linux/riscv64", "linux", "riscv64", null, null)]
    [InlineData("Linux/AMD64", "linux", "amd64", null, null)]
    [InlineData("LINUX/ARM/V6", "linux", "arm", "v6", null)]
    [InlineData("macos/arm64", "darwin", "arm64", null, null)]
    [InlineData("windows/amd64", "windows", "amd64", null, null)]
    [InlineData("windows(10.0.17763)/amd64", "windows", "amd64", null, "10.0.17763")]
    [InlineData("windows(10.0.20348.2113)/amd64", "windows", "amd64", null, "10.0.20348.2113")]
    [InlineData("  linux/amd64 ", "linux", "amd64", null, null)]
    [InlineData("plan9/mips64le", "plan9", "mips64le", null, null)]
    [InlineData("myos/myarch/myvariant", "myos", "myarch", "myvariant", null)]
    public void Parse_returns_the_normalised_platform(string text, string os, string architecture, string? variant, string? osVersion)
    {
        var expected = new Platform(os, architecture, variant, osVersion);

        Assert.Equal(expected, Platform.Parse(text));
        Assert.True(Platform.TryParse(text, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("", "the platform is empty")]
    [InlineData("   ", "the platform is empty")]
    [InlineData("linux", "the architecture is missing")]
    [InlineData("windows(10.0.17763)", "the architecture is missing")]
    [InlineData("amd64", "the os is missing")]
    [InlineData("linux/", "the architecture is empty")]
    [InlineData("/amd64", "the os is empty")]
    [InlineData("linux/arm/", "the variant is empty")]
    [InlineData("linux//v7", "the architecture is empty")]
    [InlineData("linux/arm/v7/extra", "it has 4 components but at most 3 (os/arch/variant) are allowed")]
    [InlineData("linux/*", "the architecture \"*\" contains \"*\"; only letters, digits, '.', '_' and '-' are allowed")]
    [InlineData("linux/amd 64", "the architecture \"amd 64\" contains \" \"; only letters, digits, '.', '_' and '-' are allowed")]
    [InlineData("li.nux/amd64", "the os \"li.nux\" contains \".\"; only letters, digits, '_' and '-' are allowed")]
    [InlineData("linux,linux/amd64", "the os \"linux,linux\" contains \",\"; only letters, digits, '_' and '-' are allowed")]
    [InlineData("windows(10.0.17763/amd64", "the os version must be written os(version), e.g. windows(10.0.17763)/amd64")]
    [InlineData("windows()/amd64", "the os version in parentheses is empty")]
    [InlineData("windows(10.0+win&32k)/amd64", "the os feature \"win&32k\" contains \"&\"; only letters, digits, '.', '_' and '-' are allowed")]
    public void Parse_rejects_bad_input_with_a_one_line_message_naming_input_rule_and_valid_forms(string text, string reason)
    {
        var error = Assert.Throws<PlatformFormatException>(() => Platform.Parse(text));

        Assert.Equal(
            $"invalid platform \"{text}\": {reason}; expected os/arch[/variant] such as linux/amd64 or linux/arm64/v8",
            error.Message);
        Assert.Equal(text, error.Input);
        Assert.Equal(reason, error.Reason);
        Assert.IsAssignableFrom<ImageTasksException>(error);
        Assert.False(Platform.TryParse(text, out var platform));
        Assert.Null(platform);
    }

    [Theory]
    [InlineData("linux\n/amd64", "invalid platform \"linux\\n/amd64\": the os \"linux\\n\" contains \"\\n\"")]
    [InlineData("linux/amd64\u0007", "invalid platform \"linux/amd64\\u0007\": the architecture \"amd64\\u0007\" contains \"\\u0007\"")]
    [InlineData("lin\"ux/amd64", "invalid platform \"lin\\\"ux/amd64\": the os \"lin\\\"ux\" contains \"\\\"\"")]
    public void Messages_escape_control_characters_and_quotes_so_they_stay_on_one_line(string text, string messageStart)
    {
        var error = Assert.Throws<PlatformFormatException>(() => Platform.Parse(text));

        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Messages_shorten_very_long_input()
    {
        var text = new string('x', 500);

        var error = Assert.Throws<PlatformFormatException>(() => Platform.Parse(text));

        Assert.StartsWith($"invalid platform \"{new string('x', 80)}\"...: the architecture is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_of_null_is_false()
    {
        Assert.False(Platform.TryParse(null, out var platform));
        Assert.Null(platform);
    }

    [Fact]
    public void Parse_of_null_throws_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Platform.Parse(null!));
    }

    public static TheoryData<string, string, string> HostDefaultCases => new()
    {
        // text, host, expected
        { "linux", "linux/arm/v6", "linux/arm/v6" },
        { "linux", "windows(10.0.20348)/arm64", "linux/arm64" },
        { "windows", "linux/amd64", "windows/amd64" },
        { "windows(10.0.17763)", "linux/amd64", "windows(10.0.17763)/amd64" },
        { "arm64", "linux/amd64", "linux/arm64" },
        { "aarch64", "linux/amd64", "linux/arm64" },
        { "armhf", "linux/amd64", "linux/arm/v7" },
        { "arm", "windows(10.0.20348)/amd64", "windows/arm/v7" },
        { "x86_64", "darwin/arm64", "darwin/amd64" },
        { "linux/s390x", "windows/amd64", "linux/s390x" },
        { "linux/arm/v5", "linux/amd64", "linux/arm/v5" },
    };

    [Theory]
    [MemberData(nameof(HostDefaultCases))]
    public void ParseWithHostDefaults_completes_a_bare_os_or_arch_from_the_host(string text, string host, string expected)
    {
        var parsed = PlatformParser.Parse(text, RawPlatform.Of(host));

        Assert.Equal(RawPlatform.Of(expected), parsed);
    }

    [Theory]
    [InlineData("linux")]
    [InlineData("arm64")]
    [InlineData("linux/riscv64")]
    public void ParseWithHostDefaults_returns_a_normalised_platform(string text)
    {
        var parsed = Platform.ParseWithHostDefaults(text);

        Assert.Equal(parsed.Normalize(), parsed);
    }

    [Theory]
    [InlineData("foo", "invalid platform \"foo\": \"foo\" is neither a known os nor a known architecture; expected os/arch[/variant] such as linux/amd64 or linux/arm64/v8")]
    [InlineData("linux/", "invalid platform \"linux/\": the architecture is empty; expected os/arch[/variant] such as linux/amd64 or linux/arm64/v8")]
    public void ParseWithHostDefaults_still_rejects_what_it_cannot_complete(string text, string message)
    {
        var error = Assert.Throws<PlatformFormatException>(() => Platform.ParseWithHostDefaults(text));

        Assert.Equal(message, error.Message);
    }
}
