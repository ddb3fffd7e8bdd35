using ImageTasks.Cli.Rendering;

namespace ImageTasks.Cli.Tests.Rendering;

/// <summary>Docker's formatter.Ellipsis: display width, not length; "…" takes the last column.</summary>
public sealed class EllipsisTests
{
    [Theory]
    [InlineData("Official build of Nginx.", 45, "Official build of Nginx.")]
    [InlineData("Automated Nginx reverse proxy for docker containers", 45, "Automated Nginx reverse proxy for docker con…")]
    [InlineData("exactly ten", 11, "exactly ten")]
    [InlineData("exactly ten!", 11, "exactly te…")]
    [InlineData("abc", 1, "a")]
    [InlineData("abc", 0, "")]
    [InlineData("", 5, "")]
    [InlineData("日本語のテキスト", 8, "日本語…")]
    [InlineData("日本語", 6, "日本語")]
    [InlineData("a日本語", 6, "a日本…")]
    public void Text_is_cut_to_a_display_width(string text, int width, string expected) =>
        Assert.Equal(expected, Ellipsis.Truncate(text, width));
}
