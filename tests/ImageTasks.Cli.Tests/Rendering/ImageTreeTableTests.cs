using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Operations.List;
using ImageTasks.Core.References;

namespace ImageTasks.Cli.Tests.Rendering;

/// <summary>
/// <c>ls --tree</c>'s layout against docker 28.2.2's own: the CLI binary rendered these images (served to it by a stand-in
/// daemon speaking API 1.50, since the Debian daemon's 1.41 lacks --tree) with its output going to a file.
/// </summary>
public sealed class ImageTreeTableTests
{
    private static Digest D(char c) => Digest.Parse("sha256:" + new string(c, 64));

    [Fact]
    public void The_tree_is_laid_out_as_docker_28_lays_it_out()
    {
        var small = Digest.Parse("sha256:9710620a25ad0324038cb928b76ebc2779cd26e0d3e5d9dd4f1d3f42ea6434ad");
        ImageTreeImage[] images =
        [
            new(["127.0.0.1:32965/multi/oci:1"], Digest.Parse("sha256:54524fcb2b92badd5a015b18246b0596813072f1acae18a8b1fdf9280dacbc91"), null,
            [
                new("linux/amd64", D('1'), true, 6144, false),
                new("linux/arm64/v8", D('2'), false, 0, false),
                new("linux/arm/v7", D('3'), false, 0, true),
            ]),
            new(["127.0.0.1:32965/library/small:latest", "127.0.0.1:32965/library/small:1.0"], small, null, [new("linux/amd64", small, true, 6144, false)]),
        ];

        var expected =
            "WARNING: This is an experimental feature. The output may change and shouldn't be depended on.\n"
            + "                                                              Info ->  U In Use \n\n"
            + "\u001b[39m\u001b[1mIMAGE\u001b[0m                           \u001b[39m\u001b[1mID\u001b[0m             \u001b[39m\u001b[1mDISK USAGE\u001b[0m   \u001b[39m\u001b[1mCONTENT SIZE\u001b[0m   \u001b[39m\u001b[1mEXTRA\u001b[0m\n"
            + "127.0.0.1:32965/multi/oci:1     54524fcb2b92       6.14kB         6.14kB   U    \n"
            + "├─ linux/amd64                  111111111111       6.14kB         6.14kB        \n"
            + "├─ linux/arm64/v8               222222222222           0B             0B        \n"
            + "└─ linux/arm/v7                 333333333333           0B             0B   U    \n"
            + "\n"
            + "127.0.0.1:32965/library/small:latest\n"
            + "127.0.0.1:32965/library/smal…   9710620a25ad       6.14kB         6.14kB        \n"
            + "└─ linux/amd64                  9710620a25ad       6.14kB         6.14kB        \n"
            + "\n";
        Assert.Equal(expected, ImageTreeTable.Render(images));
    }

    [Fact]
    public void The_first_column_narrows_to_the_widest_name_or_platform_line_counted_in_bytes()
    {
        ImageTreeImage[] images = [new(["a:1"], D('5'), null, [new("linux/arm64/v8", D('2'), false, 0, false)])];

        var lines = ImageTreeTable.Render(images).Split('\n');

        // "└─ " is 7 bytes in UTF-8, so the column is 7 + 14 = 21 wide (docker 28.2.2: "a:1" then 21 spaces).
        Assert.Equal("a:1" + new string(' ', 21) + "555555555555           0B             0B        ", lines[4]);
        Assert.Equal("└─ linux/arm64/v8       222222222222           0B             0B        ", lines[5]);
    }
}
